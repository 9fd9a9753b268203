//! Learning the error model from OCR texts and their references (`ocrclean learn-errors`).
//!
//! Each pair is aligned word by word ([`Alignment`], the alignment `ocrclean eval` judges edits
//! with); the stretches between shared words are then aligned character by character, and every
//! place where they differ becomes an edit `gold → ocr`. Edits are kept small: a substitution
//! stands alone (`e → o` in `the → tho`), an insertion or deletion joins the substitution beside
//! it, so that `m` read as `rn`, `h` as `li`, `d` as `cl` and `u` as `ii` are learned as the
//! single confusions they are. A space is a character like any other: `of` printed `o f` is the
//! insertion of a space, `to the` printed `tothe` its deletion.
//!
//! Beside each edit the table records how often its gold side occurs in the references that
//! were read (an insertion: how many gold characters), so that `count / of` is the probability
//! that the engine printed the edit's OCR side where the page had its gold side.
//!
//! ```
//! use ocrclean::stages::ErrorCounts;
//! let mut counts = ErrorCounts::default();
//! counts.add_pair("tbe rnan sat on tho mat", "the man sat on the mat");
//! let table = counts.table(1);
//! assert!(table.contains("h\tb\t1\t"));
//! assert!(table.contains("m\trn\t1\t"));
//! ```

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;

use crate::eval::align::Alignment;
use crate::eval::normalize::unwrap;

/// Longest stretch between shared words that is aligned by characters; longer ones (a line the
/// engine lost, a table read as debris) say nothing about single confusions and are skipped.
const MAX_GAP_CHARS: usize = 48;
/// Stretches where more than this share of the characters differ are debris, not misreadings.
const MAX_GAP_ERROR_RATE: f64 = 0.5;
/// Longest side of one edit, in characters.
pub const MAX_EDIT_CHARS: usize = 3;

/// How a space is written in the table, so that it can be seen.
pub const SPACE: char = '\u{2423}';

/// Edits and the text they were counted over.
#[derive(Debug, Default, Clone)]
pub struct ErrorCounts {
    /// `(gold, ocr)` → how often.
    edits: FxHashMap<(String, String), u64>,
    /// The gold text the edits were counted over (the stretches that were aligned, and the
    /// shared words), to count how often each gold side occurs.
    gold: String,
    /// Stretches skipped as debris.
    skipped: u64,
    /// Pairs read.
    pairs: u64,
}

/// One step of a character alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same,
    /// Gold char replaced by an OCR char.
    Sub,
    /// OCR printed a char the gold lacks.
    Ins,
    /// OCR lost a gold char.
    Del,
}

impl ErrorCounts {
    /// Counts the edits that turn `gold` into `ocr`. Both are unwrapped as `eval --unwrap` does
    /// (line-end hyphens joined, lines joined), in compatibility form (NFKC) and folded to lower
    /// case: the stage corrects letters, not case.
    pub fn add_pair(&mut self, ocr: &str, gold: &str) {
        // Compatibility forms as letters (`ﬁ` as `fi`, the long `ſ` as `s`): references keep
        // them, and the stage never writes them.
        let ocr: String = unwrap(ocr).nfkc().collect::<String>().to_lowercase();
        let gold: String = unwrap(gold).nfkc().collect::<String>().to_lowercase();
        self.pairs += 1;
        let alignment = Alignment::new(&ocr, &gold);
        let mut kept_until = 0;
        for (i, g) in alignment.gaps() {
            // The shared word before this gap is correct text.
            self.gold.push_str(&gold[kept_until..g.start]);
            kept_until = g.end;
            let (a, b) = (&ocr[i], &gold[g.clone()]);
            if a == b {
                self.gold.push_str(b);
                continue;
            }
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            if a.len().max(b.len()) > MAX_GAP_CHARS {
                self.skipped += 1;
                self.gold.push('\n');
                continue;
            }
            let steps = align_chars(&b, &a);
            let errors = steps.iter().filter(|s| **s != Step::Same).count();
            if errors as f64 > MAX_GAP_ERROR_RATE * a.len().max(b.len()) as f64 {
                self.skipped += 1;
                self.gold.push('\n');
                continue;
            }
            for (gold_side, ocr_side) in edits(&b, &a, &steps) {
                *self.edits.entry((gold_side, ocr_side)).or_default() += 1;
            }
            self.gold.push_str(&gold[g]);
        }
        self.gold.push_str(&gold[kept_until..]);
        self.gold.push('\n');
    }

    /// Pairs read, stretches skipped as debris, and edits counted.
    pub fn summary(&self) -> (u64, u64, u64) {
        (self.pairs, self.skipped, self.edits.values().sum())
    }

    /// The table as text (see `rules/ocr/SOURCE.md`): one edit per line, `gold TAB ocr TAB count
    /// TAB of`, sorted by gold side then OCR side, keeping edits seen at least `min_count` times.
    /// A space is written `␣`; an empty side is an empty field.
    pub fn table(&self, min_count: u64) -> String {
        let kept: BTreeMap<(&str, &str), u64> = self
            .edits
            .iter()
            .filter(|(_, n)| **n >= min_count)
            .map(|((g, o), n)| ((g.as_str(), o.as_str()), *n))
            .collect();
        let occurrences = self.occurrences(kept.keys().map(|(g, _)| *g));
        let mut out = String::new();
        for ((g, o), n) in kept {
            let of = occurrences.get(g).copied().unwrap_or(0).max(n);
            out.push_str(&format!("{}\t{}\t{n}\t{of}\n", visible(g), visible(o)));
        }
        out
    }

    /// How often each gold side occurs in the gold text read; the empty side (an insertion)
    /// occurs once per character.
    fn occurrences<'a>(&self, sides: impl Iterator<Item = &'a str>) -> FxHashMap<&'a str, u64> {
        let mut wanted: FxHashMap<&'a str, u64> = sides.map(|s| (s, 0)).collect();
        let bounds: Vec<usize> = self
            .gold
            .char_indices()
            .map(|(i, _)| i)
            .chain([self.gold.len()])
            .collect();
        for start in 0..bounds.len() {
            for end in start + 1..=(start + MAX_EDIT_CHARS).min(bounds.len() - 1) {
                if let Some(n) = wanted.get_mut(&self.gold[bounds[start]..bounds[end]]) {
                    *n += 1;
                }
            }
        }
        if let Some(n) = wanted.get_mut("") {
            *n = bounds.len() as u64 - 1;
        }
        wanted
    }
}

/// A side of an edit as the table writes it.
fn visible(s: &str) -> String {
    s.replace(' ', &SPACE.to_string())
}

/// A minimal alignment of `gold` with `ocr`, as steps from the start. Ties prefer a match, then
/// a substitution, so that `m` / `rn` pairs `m` with one of the two letters.
fn align_chars(gold: &[char], ocr: &[char]) -> Vec<Step> {
    let (n, m) = (gold.len(), ocr.len());
    let w = m + 1;
    let mut d = vec![0u32; (n + 1) * w];
    for i in 0..=n {
        d[i * w] = i as u32;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let same = gold[i - 1] == ocr[j - 1];
            let diag = d[(i - 1) * w + j - 1] + u32::from(!same);
            let del = d[(i - 1) * w + j] + 1;
            let ins = d[i * w + j - 1] + 1;
            d[i * w + j] = diag.min(del).min(ins);
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = d[i * w + j];
        if i > 0 && j > 0 {
            let same = gold[i - 1] == ocr[j - 1];
            if d[(i - 1) * w + j - 1] + u32::from(!same) == here {
                steps.push(if same { Step::Same } else { Step::Sub });
                (i, j) = (i - 1, j - 1);
                continue;
            }
        }
        if i > 0 && d[(i - 1) * w + j] + 1 == here {
            steps.push(Step::Del);
            i -= 1;
        } else {
            steps.push(Step::Ins);
            j -= 1;
        }
    }
    steps.reverse();
    steps
}

/// The edits of an alignment, as `(gold side, ocr side)`: each substitution alone, each
/// insertion or deletion joined to the substitution just before it (else the one just after),
/// runs of insertions or deletions together. Edits longer than [`MAX_EDIT_CHARS`] are dropped.
fn edits(gold: &[char], ocr: &[char], steps: &[Step]) -> Vec<(String, String)> {
    // Group steps: a group is a run of consecutive non-`Same` steps cut before each `Sub` that
    // follows another `Sub` (so substitutions stand alone) unless an insertion or deletion
    // follows it directly.
    let mut out = Vec::new();
    let (mut gi, mut oi) = (0, 0);
    let mut k = 0;
    while k < steps.len() {
        if steps[k] == Step::Same {
            gi += 1;
            oi += 1;
            k += 1;
            continue;
        }
        let start = (gi, oi);
        // One group: an optional leading Sub, then the insertions and deletions after it; or a
        // run of insertions and deletions with the Sub that follows it.
        let mut subs = 0;
        while k < steps.len() && steps[k] != Step::Same {
            match steps[k] {
                Step::Sub if subs == 1 => break,
                Step::Sub => {
                    subs += 1;
                    gi += 1;
                    oi += 1;
                }
                Step::Del => {
                    gi += 1;
                }
                Step::Ins => {
                    oi += 1;
                }
                Step::Same => unreachable!("loop stops at Same"),
            }
            k += 1;
            // A lone Sub followed by another Sub stands alone.
            if subs == 1 && steps.get(k) == Some(&Step::Sub) {
                break;
            }
        }
        let g: String = gold[start.0..gi].iter().collect();
        let o: String = ocr[start.1..oi].iter().collect();
        if g.chars().count() <= MAX_EDIT_CHARS && o.chars().count() <= MAX_EDIT_CHARS {
            out.push((g, o));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edits_of(gold: &str, ocr: &str) -> Vec<(String, String)> {
        let g: Vec<char> = gold.chars().collect();
        let o: Vec<char> = ocr.chars().collect();
        edits(&g, &o, &align_chars(&g, &o))
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn substitutions_stand_alone_and_shape_confusions_stay_whole() {
        assert_eq!(edits_of("the", "tbo"), pairs(&[("h", "b"), ("e", "o")]));
        assert_eq!(edits_of("matter", "rnatter"), pairs(&[("m", "rn")]));
        assert_eq!(edits_of("the", "tlie"), pairs(&[("h", "li")]));
        assert_eq!(edits_of("of", "o f"), pairs(&[("", " ")]));
        assert_eq!(edits_of("to the", "tothe"), pairs(&[(" ", "")]));
        assert_eq!(edits_of("same", "same"), pairs(&[]));
    }

    #[test]
    fn the_table_counts_edits_against_their_gold_side() {
        let mut c = ErrorCounts::default();
        c.add_pair("tbe cat and tbe dog-\nhouse", "the cat and the dog-\nhouse");
        let table = c.table(1);
        // `h` occurs three times in the gold (`doghouse`); twice it was read as `b`.
        assert_eq!(table, "h\tb\t2\t3\n");
        assert_eq!(c.summary(), (1, 0, 2));
    }

    #[test]
    fn debris_is_skipped() {
        let mut c = ErrorCounts::default();
        c.add_pair("a ,.;' I| b", "a the whole b");
        assert_eq!(c.summary().2, 0);
        assert_eq!(c.summary().1, 1);
    }
}
