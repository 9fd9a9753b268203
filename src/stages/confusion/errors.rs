//! The error model: how likely the engine printed one letter group where the page had another.
//!
//! Read from a table learned by `ocrclean learn-errors` (the built-in one is
//! `rules/ocr/errors.tsv`; see `rules/ocr/SOURCE.md`): lines `gold TAB ocr TAB count TAB of`,
//! where `count / of` is the chance that `gold` on the page came out as `ocr`. The stage asks it
//! the other way round: given what was printed, which gold sides could it stand for, and at what
//! cost. So the table is indexed by OCR side, each entry listing its gold sides, likeliest first.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::learn::SPACE;
use crate::code::RuleCode;

/// The table that ships with ocrclean.
pub static BUILTIN_TABLE: &str = include_str!("../../../rules/ocr/errors.tsv");

/// Edits rarer than this (log10 of their probability) are not tried: they cost more than any
/// word's frequency could pay back.
const MIN_LOG_P: f32 = -4.0;
/// Added to `of` when turning counts into probabilities: an edit seen once in ten occurrences
/// of its gold side is not a one-in-ten confusion.
const PRIOR_OCCURRENCES: f64 = 5.0;
/// Fewest occurrences of a gold side for its edits to be trusted at all.
const MIN_OCCURRENCES: u64 = 20;
/// log10 chance given to a confusion a user's `pairs` rule lists.
const USER_PAIR_LOG_P: f32 = -2.0;

/// One way a printed letter group may be read.
#[derive(Debug, Clone)]
pub struct Reading {
    /// What the page had (lower case; may be empty: the engine printed something from nothing).
    pub gold: Box<str>,
    /// What the engine printed (lower case; may be empty: it dropped the gold side).
    pub ocr: Box<str>,
    /// log10 of the chance that `gold` was printed as `ocr`.
    pub log_p: f32,
    /// The user's rule that lists it, for a confusion a `pairs` rule adds.
    pub rule: Option<RuleCode>,
}

/// A line of an error table that cannot be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "{path}:{line}: {message} (an error table has lines `gold<TAB>ocr<TAB>count<TAB>of`; \
     `ocrclean learn-errors` writes one)"
)]
pub struct TableError {
    /// The table's file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The error model, indexed for the candidate search.
#[derive(Debug, Clone)]
pub struct ErrorModel {
    readings: Vec<Reading>,
    /// OCR side (bytes) → indices into `readings`, likeliest first. Excludes the empty side.
    by_ocr: FxHashMap<Box<[u8]>, Vec<u32>>,
    /// Gold sides the engine dropped (empty OCR side), likeliest first.
    dropped: Vec<u32>,
    /// Per letter, bit `i` set when `dropped[i]`'s gold side starts with it; `None` when more
    /// than 64 are listed, or one is empty (a user's `pairs` rules can add those).
    dropped_by_letter: Option<[u64; 26]>,
    /// Per reading, the letter its gold side starts with as a bit (`b'a' + k`: bit `k`); every
    /// bit for an empty gold side, none for a gold side the search never tries.
    gold_first: Vec<u32>,
    /// Whether some OCR side starts with this byte.
    starts: [bool; 256],
    /// Longest OCR side, in bytes.
    longest: usize,
    /// log10 of the chance that each ASCII byte came out as itself.
    keep: [f32; 128],
}

impl ErrorModel {
    /// The built-in model.
    pub fn builtin() -> ErrorModel {
        ErrorModel::parse(Path::new("rules/ocr/errors.tsv"), BUILTIN_TABLE)
            .unwrap_or_else(|e| panic!("the built-in error table is broken: {e}"))
    }

    /// Reads a table; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<ErrorModel, TableError> {
        let mut readings = Vec::new();
        let mut error_rate = [0f64; 128];
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| TableError {
                path: path.to_path_buf(),
                line: n + 1,
                message,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [gold, ocr, count, of] = fields[..] else {
                return Err(bad(format!("expected 4 fields, found {}", fields.len())));
            };
            let number = |s: &str| {
                s.trim()
                    .parse::<u64>()
                    .map_err(|_| bad(format!("`{s}` is not a count")))
            };
            let (count, of) = (number(count)?, number(of)?);
            if count > of {
                return Err(bad(format!("count {count} is more than `of` {of}")));
            }
            let (gold, ocr) = (read_side(gold), read_side(ocr));
            if gold == ocr {
                return Err(bad("the gold and OCR sides are the same".into()));
            }
            if of < MIN_OCCURRENCES {
                continue;
            }
            let p = count as f64 / (of as f64 + PRIOR_OCCURRENCES);
            if let [b] = gold.as_bytes()
                && b.is_ascii()
            {
                error_rate[usize::from(*b)] += p;
            }
            let log_p = p.log10() as f32;
            if log_p >= MIN_LOG_P {
                readings.push(Reading {
                    gold: gold.into(),
                    ocr: ocr.into(),
                    log_p,
                    rule: None,
                });
            }
        }
        let mut keep = [0f32; 128];
        for (k, rate) in keep.iter_mut().zip(error_rate) {
            *k = (1.0 - rate.min(0.5)).log10() as f32;
        }
        Ok(ErrorModel::index(readings, keep))
    }

    /// The model with the confusions of users' `pairs` rules added: `(printed, meant, rule)`.
    pub fn with_pairs(self, pairs: Vec<(String, String, RuleCode)>) -> ErrorModel {
        if pairs.is_empty() {
            return self;
        }
        let mut readings = self.readings;
        for (ocr, gold, rule) in pairs {
            readings.push(Reading {
                gold: gold.to_lowercase().into(),
                ocr: ocr.to_lowercase().into(),
                log_p: USER_PAIR_LOG_P,
                rule: Some(rule),
            });
        }
        ErrorModel::index(readings, self.keep)
    }

    fn index(mut readings: Vec<Reading>, keep: [f32; 128]) -> ErrorModel {
        readings.sort_by(|a, b| b.log_p.total_cmp(&a.log_p).then(a.gold.cmp(&b.gold)));
        let mut by_ocr: FxHashMap<Box<[u8]>, Vec<u32>> = FxHashMap::default();
        let mut dropped = Vec::new();
        let mut starts = [false; 256];
        let mut longest = 0;
        for (i, r) in readings.iter().enumerate() {
            let i = i as u32;
            // The search writes words: a gold side of punctuation or digits (or a space: a
            // split is the split stage's business) is never tried (the table keeps it, for
            // what it says about the scans).
            if !r.gold.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            match r.ocr.as_bytes() {
                [] => dropped.push(i),
                bytes => {
                    starts[usize::from(bytes[0])] = true;
                    longest = longest.max(bytes.len());
                    by_ocr.entry(bytes.into()).or_default().push(i);
                }
            }
        }
        let gold_first = readings
            .iter()
            .map(|r| match r.gold.as_bytes().first() {
                None => !0,
                Some(&b) if b.is_ascii_lowercase() => 1 << (b - b'a'),
                Some(_) => 0,
            })
            .collect();
        let sets = dropped.len() <= 64
            && dropped
                .iter()
                .all(|&i| !readings[i as usize].gold.is_empty());
        let dropped_by_letter = sets.then(|| {
            let mut sets = [0u64; 26];
            for (i, &id) in dropped.iter().enumerate() {
                let first = readings[id as usize].gold.as_bytes()[0];
                sets[usize::from(first - b'a')] |= 1 << i;
            }
            sets
        });
        ErrorModel {
            readings,
            by_ocr,
            dropped,
            dropped_by_letter,
            gold_first,
            starts,
            longest,
            keep,
        }
    }

    /// The reading with index `i`.
    pub fn reading(&self, i: u32) -> &Reading {
        &self.readings[i as usize]
    }

    /// The letter reading `i`'s gold side starts with, as a bit (`b'a' + k`: bit `k`), to test
    /// against a trie node's [letters](crate::lexicon::trie::Trie::letters); every bit for an
    /// empty gold side, which needs no child.
    #[inline]
    pub fn gold_first(&self, i: u32) -> u32 {
        self.gold_first[i as usize]
    }

    /// The readings of the OCR side that starts `printed` and is `len` bytes long, likeliest
    /// first.
    #[inline]
    pub fn readings_of(&self, printed: &[u8], len: usize) -> &[u32] {
        if len > printed.len() {
            return &[];
        }
        self.by_ocr.get(&printed[..len]).map_or(&[], Vec::as_slice)
    }

    /// Whether some OCR side starts with `b`.
    #[inline]
    pub fn starts_with(&self, b: u8) -> bool {
        self.starts[usize::from(b)]
    }

    /// Longest OCR side, in bytes.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Gold sides the engine may have dropped, likeliest first.
    pub fn dropped(&self) -> &[u32] {
        &self.dropped
    }

    /// Which of [`dropped`](Self::dropped) start with one of `letters` (bit `k`: `b'a' + k`), as
    /// a set of their positions (bit `i`: `dropped()[i]`), likeliest first in bit order; `None`
    /// when the list is too long for a set, and the caller must try each.
    #[inline]
    pub fn dropped_starting(&self, mut letters: u32) -> Option<u64> {
        let sets = self.dropped_by_letter.as_ref()?;
        let mut found = 0;
        while letters != 0 {
            found |= sets[letters.trailing_zeros() as usize];
            letters &= letters - 1;
        }
        Some(found)
    }

    /// log10 of the chance that the (lower-case) byte `b` came out as itself.
    #[inline]
    pub fn keep(&self, b: u8) -> f32 {
        self.keep.get(usize::from(b)).copied().unwrap_or(0.0)
    }

    /// log10 of the chance that a whole printed word came through unchanged.
    pub fn keep_word(&self, word: &[u8]) -> f32 {
        word.iter()
            .map(|&b| self.keep(b.to_ascii_lowercase()))
            .sum()
    }

    /// log10 of the chance that `gold` was printed as `ocr` in one edit, if the table has it.
    pub fn log_p(&self, gold: &str, ocr: &str) -> Option<f32> {
        let list = if ocr.is_empty() {
            &self.dropped
        } else {
            self.by_ocr.get(ocr.as_bytes())?
        };
        list.iter()
            .map(|&i| self.reading(i))
            .find(|r| &*r.gold == gold)
            .map(|r| r.log_p)
    }

    /// The likeliest readings overall, for `learn-errors` to show.
    pub fn top(&self, n: usize) -> impl Iterator<Item = &Reading> {
        self.readings.iter().take(n)
    }
}

fn read_side(s: &str) -> String {
    s.replace(SPACE, " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_table_and_indexes_it_by_what_was_printed() {
        let m = ErrorModel::parse(
            Path::new("t.tsv"),
            "# comment\nh\tb\t10\t1000\ne\to\t30\t1000\nm\trn\t5\t100\n \t\t4\t400\n",
        )
        .unwrap();
        assert!(m.log_p("e", "o").unwrap() > m.log_p("h", "b").unwrap());
        assert!(m.log_p("m", "rn").is_some() && m.log_p("rn", "m").is_none());
        // A gold side that is no letter is kept in the table but never tried.
        assert!(m.log_p(" ", "").is_none());
        assert!(m.starts_with(b'r') && !m.starts_with(b'z'));
        assert!(m.keep(b'e') < m.keep(b'z'));
        let list = m.readings_of(b"rnatter", 2);
        assert_eq!(&*m.reading(list[0]).gold, "m");
    }

    #[test]
    fn a_bad_line_is_named() {
        let e = ErrorModel::parse(Path::new("mine.tsv"), "h\tb\t10\n").unwrap_err();
        assert_eq!((e.line, e.path.to_str()), (1, Some("mine.tsv")));
        let e = ErrorModel::parse(Path::new("mine.tsv"), "h\tb\t10\t5\n").unwrap_err();
        assert!(e.message.contains("more than"), "{e}");
    }

    #[test]
    fn dropped_gold_sides_are_found_by_their_first_letter() {
        let m = ErrorModel::parse(
            Path::new("t.tsv"),
            "e\t\t30\t1000\nst\t\t10\t1000\nh\t\t5\t1000\n\u{2014}\t\t50\t1000\n",
        )
        .unwrap();
        let gold = |set: u64| -> Vec<&str> {
            (0..64)
                .filter(|i| set & 1 << i != 0)
                .map(|i| &*m.reading(m.dropped()[i]).gold)
                .collect()
        };
        let bit = |c: u8| 1u32 << (c - b'a');
        assert_eq!(
            gold(m.dropped_starting(bit(b'e') | bit(b's')).unwrap()),
            ["e", "st"]
        );
        assert_eq!(gold(m.dropped_starting(!0 >> 6).unwrap()), ["e", "st", "h"]);
        assert_eq!(m.dropped_starting(bit(b'z')), Some(0));
        assert_eq!(m.gold_first(m.dropped()[1]), bit(b's'));
    }

    #[test]
    fn the_builtin_table_reads() {
        let m = ErrorModel::builtin();
        assert!(m.log_p("e", "o").is_some());
    }
}
