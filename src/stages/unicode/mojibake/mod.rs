//! Mojibake: UTF-8 that was decoded in a single-byte code page somewhere upstream (Windows-1252
//! or Latin-1 most often, also Windows-1251, MacRoman, code page 437 …), once or several times.
//!
//! A screen (`screen`) finds the lines that hold sequences such a mix-up leaves; the repair
//! (`repair`) writes each back into the code page and reads it as UTF-8. Both follow ftfy
//! (rspeer/python-ftfy, Apache-2.0), whose test cases run against this rule
//! (tests/it/mojibake.rs). It is our own code: plsfix, a port of an older ftfy that this rule
//! used before, misses the capital-letter mixes (`ZURÃœCK`, `Ä°stanbul`) and Windows-1257,
//! changes two of ftfy's negatives (`DrÃ¥ber`), and does not say which code page it undid,
//! which the reason must name.

mod codepages;
mod repair;
mod screen;

use std::ops::Range;
use std::sync::Arc;

use similar::{Algorithm, DiffTag};

use crate::code::RuleCode;
use crate::code::builtin::unicode::CP1252_CONTROL;
use crate::edit::Edit;
use crate::rules::{DataList, RuleBook, RuleError, StageName};
use crate::stage::{Context, Stage};

use super::chars::CharTable;
use super::narrow;
use codepages::CODE_PAGES;
use repair::{Reading, Repair, Repairer};
use screen::ScreenBuilder;

/// The `[data.unicode]` lists this rule reads, and what each holds.
const LISTS: [(&str, &str); 4] = [
    (
        "mojibake-classes",
        "character classes of the screen, `name: characters`",
    ),
    ("mojibake-sequences", "the sequences the screen looks for"),
    (
        "mojibake-loose-continuations",
        "characters after which embedded UTF-8 may start",
    ),
    (
        "mojibake-a-grave-words",
        "what follows `à` in the words it begins",
    ),
];

/// Passes 1 and 3 of the unicode stage: lines that hold mojibake are read again as UTF-8.
pub struct Mojibake {
    code: RuleCode,
    /// The rule that reads C1 controls as Windows-1252 punctuation (UNI006): while it runs, C1
    /// controls are its to report, and this rule leaves them.
    c1_rule: Option<RuleCode>,
    repairer: Arc<Repairer>,
    /// In the pass after the character table: what the pass repairs is put through the table as
    /// well, since the table does not run again (`Â\u{AD}` can only be seen once the soft hyphen
    /// is gone, and reads as a no-break space, which the table makes a plain one).
    table: Option<CharTable>,
}

impl Mojibake {
    /// The pass before the character table, with its screen compiled from the `[data.unicode]`
    /// lists of `book`. It sees the mis-decoding whole: no-break spaces, soft hyphens and C1
    /// controls can be bytes of it, which the table would change.
    pub fn new(book: &RuleBook) -> Result<Mojibake, RuleError> {
        Ok(Mojibake {
            code: crate::code::builtin::unicode::MOJIBAKE,
            c1_rule: book.get(CP1252_CONTROL).map(|r| r.code),
            repairer: Arc::new(repairer(book)?),
            table: None,
        })
    }

    /// The same rule for the pass after the table, where a stray soft hyphen or zero-width space
    /// no longer hides a mix-up (`\u{AD}Ã©`): without it, cleaning twice would find more.
    pub fn after_table(&self, book: &RuleBook) -> Mojibake {
        Mojibake {
            code: self.code,
            c1_rule: self.c1_rule,
            repairer: self.repairer.clone(),
            table: Some(CharTable::new(book)),
        }
    }
}

fn invalid(list: &DataList, message: String) -> RuleError {
    RuleError::Invalid {
        path: list.origin.file.clone(),
        line: list.origin.line,
        message,
    }
}

/// Reads the lists: every class before any sequence, as sequences name classes.
fn repairer(book: &RuleBook) -> Result<Repairer, RuleError> {
    let mut screen = ScreenBuilder::new();
    let mut sequences = Vec::new();
    let mut loose = Vec::new();
    let mut a_grave_words = Vec::new();
    for list in book.data(StageName::Unicode) {
        match list.name.as_str() {
            "mojibake-classes" => {
                for entry in &list.values {
                    screen.class(entry).map_err(|e| invalid(list, e.0))?;
                }
            }
            "mojibake-sequences" => sequences.push(list),
            "mojibake-loose-continuations" => {
                loose.extend(list.values.iter().flat_map(|v| v.chars()));
            }
            "mojibake-a-grave-words" => a_grave_words.extend(list.values.iter().cloned()),
            other => {
                let known: Vec<String> = LISTS
                    .iter()
                    .map(|(n, what)| format!("`{n}` ({what})"))
                    .collect();
                return Err(invalid(
                    list,
                    format!(
                        "[data.unicode] has no list `{other}`; the unicode stage reads {}",
                        known.join(", ")
                    ),
                ));
            }
        }
    }
    for list in sequences {
        for entry in &list.values {
            screen.sequence(entry).map_err(|e| invalid(list, e.0))?;
        }
    }
    Ok(Repairer::new(screen.build(), loose, a_grave_words))
}

impl Stage for Mojibake {
    fn name(&self) -> StageName {
        StageName::Unicode
    }

    fn reads_batch(&self) -> bool {
        false
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        // Text with no byte above 0x7F holds no mojibake: one scan, and done.
        if !ctx.selection.enabled(self.code) || text.is_ascii() {
            return Vec::new();
        }
        let read_c1 = !self.c1_rule.is_some_and(|c| ctx.selection.enabled(c));
        let mut edits = Vec::new();
        let mut from = 0;
        while let Some(hit) = self.repairer.screen().find(text, from) {
            // A line is the unit, as in ftfy: the whole line re-reading as UTF-8 is the
            // evidence, and the verdict on a line does not depend on its neighbours.
            let start = text[..hit].rfind('\n').map_or(0, |i| i + 1);
            let end = text[hit..].find('\n').map_or(text.len(), |i| hit + i + 1);
            let line = &text[start..end];
            let repair = self.repairer.repair(line, read_c1);
            // C1 controls alone are UNI006's: they are read here only beside a re-reading, and
            // only when UNI006 is off (`--select UNI008`), so the line comes out whole.
            if !repair.readings.is_empty() {
                let reason = reason(&repair);
                for (range, to) in hunks(line, &repair.text) {
                    let range = start + range.start..start + range.end;
                    let to = match &self.table {
                        Some(table) => table.map_str(&to).into_owned(),
                        None => to,
                    };
                    edits.push(Edit::replace(range, to, self.code, reason.clone()));
                }
            }
            from = end;
        }
        edits
    }
}

/// The changed stretches of `old` (byte ranges) and what each becomes: a line with two mix-ups
/// gets two edits.
fn hunks(old: &str, new: &str) -> Vec<(Range<usize>, String)> {
    by_runs(old, new).unwrap_or_else(|| by_diff(old, new))
}

/// The hunks when `old` and `new` hold the same ASCII text run for run, as they do unless a
/// space or `?` was read as a lost byte: each changed run of non-ASCII characters is one hunk.
/// Linear, where a diff costs the product of the lengths on a garbled line.
fn by_runs(old: &str, new: &str) -> Option<Vec<(Range<usize>, String)>> {
    let mut out = Vec::new();
    let (mut a, mut b) = (Runs::of(old), Runs::of(new));
    loop {
        let (ra, rb) = match (a.next(), b.next()) {
            (None, None) => return Some(out),
            (Some(ra), Some(rb)) => (ra, rb),
            _ => return None,
        };
        let (from, to) = (&old[ra.clone()], &new[rb]);
        let ascii = from.as_bytes()[0].is_ascii();
        if ascii != to.as_bytes()[0].is_ascii() || (ascii && from != to) {
            return None;
        }
        if from != to {
            let (range, to) = narrow(from, to);
            out.push((ra.start + range.start..ra.start + range.end, to.to_string()));
        }
    }
}

/// The maximal runs of ASCII and of non-ASCII bytes of a text (on character bounds, as every
/// byte of a non-ASCII character is above 0x7F).
struct Runs<'t> {
    bytes: &'t [u8],
    start: usize,
}

impl<'t> Runs<'t> {
    fn of(text: &'t str) -> Runs<'t> {
        Runs {
            bytes: text.as_bytes(),
            start: 0,
        }
    }
}

impl Iterator for Runs<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let start = self.start;
        let ascii = self.bytes.get(start)?.is_ascii();
        let len = self.bytes[start..]
            .iter()
            .position(|b| b.is_ascii() != ascii)
            .unwrap_or(self.bytes.len() - start);
        self.start = start + len;
        Some(start..self.start)
    }
}

/// The hunks from a character diff. Only unchanged text with an ASCII character in it separates
/// two hunks, so a diff that happens to match a repaired `é` with a mis-read one next to it
/// (`Ã©é` → `éé`) does not cut one repair in two.
fn by_diff(old: &str, new: &str) -> Vec<(Range<usize>, String)> {
    let old_chars: Vec<char> = old.chars().collect();
    let new_chars: Vec<char> = new.chars().collect();
    let old_at = offsets(old);
    let new_at = offsets(new);
    let mut out = Vec::new();
    let mut close = |o: Range<usize>, n: Range<usize>| {
        let from = &old[old_at[o.start]..old_at[o.end]];
        let (range, to) = narrow(from, &new[new_at[n.start]..new_at[n.end]]);
        let start = old_at[o.start];
        out.push((start + range.start..start + range.end, to.to_string()));
    };
    let mut open: Option<(Range<usize>, Range<usize>)> = None;
    for op in similar::capture_diff_slices(Algorithm::Myers, &old_chars, &new_chars) {
        let (tag, o, n) = op.as_tag_tuple();
        let equal = tag == DiffTag::Equal;
        if equal && old_chars[o.clone()].iter().any(char::is_ascii) {
            if let Some((po, pn)) = open.take() {
                close(po, pn);
            }
            continue;
        }
        open = match open.take() {
            Some((po, pn)) => Some((po.start..o.end, pn.start..n.end)),
            None if equal => None,
            None => Some((o, n)),
        };
    }
    if let Some((po, pn)) = open {
        close(po, pn);
    }
    out
}

/// The byte offset of each character of `text`, and of its end.
fn offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect()
}

/// What the repair undid, in the order it happened: `mojibake: UTF-8 read as Latin-1, then
/// UTF-8 read as Windows-1251`.
fn reason(repair: &Repair) -> String {
    let mut phrases: Vec<String> = Vec::new();
    let mut last: Option<(Reading, usize)> = None;
    // Readings were undone last-first; a reason tells them first-first.
    for &r in repair.readings.iter().rev() {
        match &mut last {
            Some((prev, n)) if *prev == r && !r.in_places => *n += 1,
            _ => {
                if let Some((prev, n)) = last.take() {
                    phrases.push(describe(prev, n));
                }
                last = Some((r, 1));
            }
        }
    }
    if let Some((prev, n)) = last {
        phrases.push(describe(prev, n));
    }
    phrases.dedup();
    // Stretches repaired in places are not a history but a list: each kind is told once. A
    // line alternating two kinds (`Ã©` beside `Ã quele`) otherwise had a reason as long as the
    // line, cloned into each of its edits: memory the square of the line.
    let mut told = std::collections::HashSet::new();
    phrases.retain(|p| !p.contains(IN_PLACES) || told.insert(p.clone()));
    let mut reason = format!("mojibake: {}", phrases.join(", then "));
    if repair.c1 {
        reason.push_str("; C1 controls beside it read as Windows-1252");
    }
    reason
}

/// What a phrase of a reason says of a reading of stretches only.
const IN_PLACES: &str = " in places";

fn describe(r: Reading, times: usize) -> String {
    let what = if r.cesu {
        "CESU-8 (UTF-16 surrogates in UTF-8)"
    } else {
        "UTF-8"
    };
    let mut s = format!("{what} read as {}", CODE_PAGES[r.page].name);
    match times {
        1 => {}
        2 => s.push_str(" twice"),
        n => s.push_str(&format!(" {n} times")),
    }
    if r.in_places {
        s.push_str(IN_PLACES);
    }
    if r.a0 {
        s.push_str(", with bytes 0xA0 taken for spaces");
    }
    if r.lossy {
        s.push_str(", bytes lost (now U+FFFD)");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_split_at_unchanged_text() {
        assert_eq!(
            hunks("cafÃ© and thÃ©", "café and thé"),
            vec![(3..7, "é".to_string()), (14..18, "é".to_string())]
        );
        assert_eq!(hunks("same", "same"), vec![]);
        assert_eq!(hunks("Ã quele", "àquele"), vec![(0..3, "à".to_string())]);
        assert_eq!(hunks("Ã©é", "éé"), vec![(0..4, "é".to_string())]);
        assert_eq!(by_diff("Ã©é", "éé"), vec![(0..4, "é".to_string())]);
        assert_eq!(by_diff("cafÃ© x", "café x"), vec![(3..7, "é".to_string())]);
        assert_eq!(
            Runs::of("ab©é c").collect::<Vec<_>>(),
            vec![0..2, 2..6, 6..8]
        );
    }

    /// The repair of one long line holds a few copies of it at most: no table of its characters
    /// (16 bytes each), which, allocated at every step, made the stage superlinear in time on a
    /// line of megabytes (benches/growth.rs).
    #[test]
    fn a_long_line_is_repaired_in_a_few_copies_of_its_memory() {
        let repairer = repairer(&RuleBook::builtin()).expect("built-in lists");
        // The right `é` and `—` keep the whole line from re-reading, so it is repaired
        // stretch by stretch, as a long line of mixed text is.
        let line = "cafÃ© and a right café — ".repeat(40_000);
        let (repair, peak) = crate::peak_alloc::peak_during(|| repairer.repair(&line, true));
        assert_eq!(repair.text, "café and a right café — ".repeat(40_000));
        assert!(
            peak < 6 * line.len(),
            "{peak} bytes at the peak for a line of {} bytes",
            line.len()
        );
    }

    #[test]
    fn reasons_tell_the_history() {
        let once = |page, in_places| Reading {
            page,
            cesu: false,
            a0: false,
            lossy: false,
            in_places,
        };
        let repair = |readings: Vec<Reading>, c1| Repair {
            text: String::new(),
            readings,
            c1,
        };
        assert_eq!(
            reason(&repair(vec![once(2, false), once(0, false)], false)),
            "mojibake: UTF-8 read as Latin-1, then UTF-8 read as Windows-1251"
        );
        assert_eq!(
            reason(&repair(vec![once(1, false), once(1, false)], false)),
            "mojibake: UTF-8 read as Windows-1252 twice"
        );
        let a0 = Reading {
            a0: true,
            ..once(1, true)
        };
        assert_eq!(
            reason(&repair(
                vec![once(1, true), a0, once(1, true), a0, once(1, true)],
                false
            )),
            "mojibake: UTF-8 read as Windows-1252 in places, then UTF-8 read as Windows-1252 \
             in places, with bytes 0xA0 taken for spaces",
            "stretches of two kinds, alternating, name each kind once"
        );
        assert_eq!(
            reason(&repair(vec![once(0, true), once(0, true)], true)),
            "mojibake: UTF-8 read as Latin-1 in places; C1 controls beside it read as Windows-1252"
        );
    }
}
