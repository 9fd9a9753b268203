//! The character table: every `chars` rule of the unicode stage, plus soft hyphens and the
//! ideographic space, whose fix depends on where they stand.

use std::borrow::Cow;
use std::ops::Range;

use crate::code::RuleCode;
use crate::code::builtin::unicode;
use crate::edit::Edit;
use crate::rules::{Matcher, RuleBook, StageName};
use crate::stage::{Context, Stage};

const SOFT_HYPHEN: char = '\u{00AD}';
const IDEOGRAPHIC_SPACE: char = '\u{3000}';
const BOM: char = '\u{FEFF}';

/// One stretch of the table: characters in `chars` become `to`, by rule `code`.
#[derive(Debug, Clone)]
struct Entry {
    chars: Range<char>,
    to: Cow<'static, str>,
    code: RuleCode,
    reason: Cow<'static, str>,
}

/// Pass 2 of the unicode stage.
pub struct Characters {
    table: CharTable,
    soft_hyphen: RuleCode,
    ideographic_space: RuleCode,
}

/// Every `chars` rule of the unicode stage, compiled for lookups.
pub(crate) struct CharTable {
    /// Entries for ASCII characters, indexed by byte (controls only, in practice).
    ascii: Vec<Option<usize>>,
    /// The ASCII bytes with an entry as at most [`ASCII_RUNS`] runs (first byte, length - 1),
    /// padded with runs no ASCII byte is in; `None` when they take more.
    ascii_runs: Option<[(u8, u8); ASCII_RUNS]>,
    /// Disjoint, sorted entries for the rest; the first rule listing a character owns it.
    table: Vec<Entry>,
    /// The smallest non-ASCII character any entry covers, for a cheap skip.
    min_char: char,
}

impl CharTable {
    /// Compiles the `chars` rules of the unicode stage.
    pub(crate) fn new(book: &RuleBook) -> CharTable {
        let mut table: Vec<Entry> = Vec::new();
        for rule in book.stage(StageName::Unicode) {
            let Matcher::Chars(map) = &rule.matcher else {
                continue;
            };
            for (range, to) in map {
                let reason: Cow<'static, str> = Cow::Owned(rule.name.replace('-', " "));
                for piece in subtract(range.clone(), &table) {
                    table.push(Entry {
                        chars: piece,
                        to: Cow::Owned(to.clone()),
                        code: rule.code,
                        reason: reason.clone(),
                    });
                }
            }
        }
        table.sort_by_key(|e| e.chars.start);
        let mut ascii = vec![None; 128];
        for (i, e) in table.iter().enumerate() {
            for c in e.chars.start..=e.chars.end {
                if c.is_ascii() {
                    ascii[c as usize] = Some(i);
                }
            }
        }
        let ascii_runs = ascii_runs(&ascii);
        let min_char = table
            .iter()
            .map(|e| e.chars.start.max('\u{80}'))
            .chain([SOFT_HYPHEN])
            .min()
            .unwrap_or('\u{80}');
        CharTable {
            ascii,
            ascii_runs,
            table,
            min_char,
        }
    }

    /// `text` as the table (and soft-hyphen removal) would leave it, ignoring rule selection.
    pub(crate) fn map_str<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if !text
            .chars()
            .any(|c| c == SOFT_HYPHEN || self.entry(c).is_some())
        {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match self.entry(c) {
                Some(e) => out.push_str(&e.to),
                None if c == SOFT_HYPHEN => {}
                None => out.push(c),
            }
        }
        Cow::Owned(out)
    }

    fn entry(&self, c: char) -> Option<&Entry> {
        if c.is_ascii() {
            return self.ascii[c as usize].map(|i| &self.table[i]);
        }
        let i = self.table.partition_point(|e| e.chars.end < c);
        self.table
            .get(i)
            .filter(|e| e.chars.start <= c && c <= e.chars.end)
    }

    /// How many bytes at the start of `bytes`, in whole blocks of 16, are ASCII with no entry:
    /// the loop steps over them at once (0 when the entries are not a few runs).
    #[inline]
    fn plain_ascii_blocks(&self, bytes: &[u8]) -> usize {
        let Some(runs) = &self.ascii_runs else {
            return 0;
        };
        let touched = |block: &[u8]| {
            block.iter().fold(false, |acc, &b| {
                acc | (b >= 0x80)
                    | runs
                        .iter()
                        .fold(false, |hit, &(lo, span)| hit | (b.wrapping_sub(lo) <= span))
            })
        };
        16 * bytes.chunks_exact(16).take_while(|&b| !touched(b)).count()
    }

    /// Whether `bytes` are all ASCII and none has an entry: the text needs nothing.
    fn untouched_ascii(&self, bytes: &[u8]) -> bool {
        // No early exit within a chunk, so the loop vectorises; plain ASCII prose is the common
        // case. Comparisons with a few ranges vectorise where a table lookup does not.
        match &self.ascii_runs {
            Some(runs) => !bytes.chunks(256).any(|chunk| {
                chunk.iter().fold(false, |acc, &b| {
                    acc | (b >= 0x80)
                        | runs
                            .iter()
                            .fold(false, |hit, &(lo, span)| hit | (b.wrapping_sub(lo) <= span))
                })
            }),
            None => {
                let table = &self.ascii;
                bytes.is_ascii()
                    && !bytes.chunks(256).any(|chunk| {
                        chunk
                            .iter()
                            .fold(false, |acc, &b| acc | table[b as usize].is_some())
                    })
            }
        }
    }
}

/// Runs of ASCII bytes that [`CharTable::untouched_ascii`] compares each byte with (the built-in
/// table has four: the C0 controls around tab, line feed and carriage return, and DEL).
const ASCII_RUNS: usize = 4;

/// The bytes `ascii[b].is_some()` as at most [`ASCII_RUNS`] runs of consecutive bytes.
fn ascii_runs(ascii: &[Option<usize>]) -> Option<[(u8, u8); ASCII_RUNS]> {
    // 0xFF is no ASCII byte: a padding run matches nothing.
    let mut runs = [(0xFF, 0); ASCII_RUNS];
    let mut n = 0;
    let mut b = 0;
    while b < ascii.len() {
        if ascii[b].is_none() {
            b += 1;
            continue;
        }
        let start = b;
        while b < ascii.len() && ascii[b].is_some() {
            b += 1;
        }
        *runs.get_mut(n)? = (start as u8, (b - 1 - start) as u8);
        n += 1;
    }
    Some(runs)
}

/// The parts of `range` no entry of `table` covers yet.
fn subtract(range: Range<char>, table: &[Entry]) -> Vec<Range<char>> {
    let mut pieces = vec![range];
    for e in table {
        let mut next = Vec::new();
        for p in pieces {
            if e.chars.end < p.start || p.end < e.chars.start {
                next.push(p);
                continue;
            }
            if p.start < e.chars.start {
                next.extend(char_before(e.chars.start).map(|end| p.start..end));
            }
            if e.chars.end < p.end {
                next.extend(char_after(e.chars.end).map(|start| start..p.end));
            }
        }
        pieces = next;
    }
    pieces
}

fn char_before(c: char) -> Option<char> {
    (0..c as u32).rev().find_map(char::from_u32)
}

fn char_after(c: char) -> Option<char> {
    (c as u32 + 1..=char::MAX as u32).find_map(char::from_u32)
}

impl Characters {
    /// The pass, with its table.
    pub fn new(book: &RuleBook) -> Characters {
        Characters {
            table: CharTable::new(book),
            soft_hyphen: unicode::SOFT_HYPHEN,
            ideographic_space: unicode::IDEOGRAPHIC_SPACE,
        }
    }
}

impl Stage for Characters {
    fn name(&self) -> StageName {
        StageName::Unicode
    }

    fn reads_batch(&self) -> bool {
        false
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        let bytes = text.as_bytes();
        let table = &self.table;
        if table.untouched_ascii(bytes) {
            return Vec::new();
        }
        let mut edits = Vec::new();
        let mut cjk: Option<bool> = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if let Some(e) = table.ascii[b as usize] {
                    let e = &table.table[e];
                    if ctx.selection.enabled(e.code) {
                        edits.push(Edit::replace(
                            i..i + 1,
                            e.to.clone(),
                            e.code,
                            e.reason.clone(),
                        ));
                    }
                }
                i += 1;
                i += table.plain_ascii_blocks(&bytes[i..]);
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let end = i + c.len_utf8();
            if c < table.min_char {
                i = end;
                continue;
            }
            if c == SOFT_HYPHEN {
                if ctx.selection.enabled(self.soft_hyphen) {
                    soft_hyphen(text, i, self.soft_hyphen, &mut edits);
                }
                i = end;
                continue;
            }
            if c == IDEOGRAPHIC_SPACE {
                let is_cjk = *cjk.get_or_insert_with(|| text.chars().any(is_cjk_char));
                if !is_cjk && ctx.selection.enabled(self.ideographic_space) {
                    edits.push(Edit::replace(
                        i..end,
                        " ",
                        self.ideographic_space,
                        "ideographic space in non-CJK text",
                    ));
                }
                i = end;
                continue;
            }
            if c == BOM && i == 0 {
                // The byte-order mark of the file, not a stray character inside the text.
                i = end;
                continue;
            }
            if let Some(e) = table.entry(c) {
                if ctx.selection.enabled(e.code) {
                    edits.push(Edit::replace(
                        i..end,
                        e.to.clone(),
                        e.code,
                        e.reason.clone(),
                    ));
                }
            }
            i = end;
        }
        edits
    }
}

/// The fix for the soft hyphen at `at`: removed inside a line. At a line end before a line that
/// goes on in lower case, the word is rejoined and the line break moves after its end: two edits
/// (`frag\u{AD}⏎ment of` → `frag` `ment⏎of`), leaving the characters of `ment` to the table.
fn soft_hyphen(text: &str, at: usize, code: RuleCode, edits: &mut Vec<Edit>) {
    let after = at + SOFT_HYPHEN.len_utf8();
    let start = if text[..at].ends_with('-') && text[..at - 1].ends_with(char::is_alphabetic) {
        at - 1
    } else {
        at
    };
    let broken_word = text[..start].ends_with(char::is_alphabetic);
    if broken_word
        && let Some(rest) = text[after..].strip_prefix('\n')
        && rest.starts_with(char::is_lowercase)
    {
        const REASON: &str = "soft hyphen at a line break: word rejoined";
        edits.push(Edit::remove(start..after + 1, code, REASON));
        let token_end = after + 1 + rest.find([' ', '\n']).unwrap_or(rest.len());
        if text[token_end..].starts_with(' ') {
            edits.push(Edit::replace(token_end..token_end + 1, "\n", code, REASON));
        }
        return;
    }
    edits.push(Edit::remove(at..after, code, "soft hyphen"));
}

fn is_cjk_char(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // kana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
    )
}

#[cfg(test)]
mod tests {
    use crate::Pipeline;

    fn clean(s: &str) -> String {
        Pipeline::default().clean(s).text.into_owned()
    }

    #[test]
    fn soft_hyphen_before_punctuation() {
        assert_eq!(
            clean("the frag\u{00AD}\nment, then more\n"),
            "the fragment,\nthen more\n"
        );
        assert_eq!(clean("the frag\u{00AD}\nment.\n"), "the fragment.\n");
        assert_eq!(clean("the frag\u{00AD}\nment\n"), "the fragment\n");
    }

    #[test]
    fn soft_hyphen_before_capital_stays_a_break() {
        assert_eq!(
            clean("Moscow\u{00AD}\nBeijing talks\n"),
            "Moscow\nBeijing talks\n"
        );
    }

    #[test]
    fn bom_at_start_only() {
        assert_eq!(clean("\u{FEFF}a\u{FEFF}b\n"), "\u{FEFF}ab\n");
    }

    /// Controls and non-ASCII characters past long runs of plain ASCII (which the stage steps
    /// over a block at a time) are found wherever they stand.
    #[test]
    fn marks_after_plain_runs() {
        let plain = "The ferry left the harbour at nine. ";
        for n in 0..40 {
            let pad = &plain.repeat(2)[..n];
            let text = format!("“{pad}\u{0007}{pad}\u{FB01}sh{pad}\u{200B}end\n");
            let want = format!("“{pad}{pad}fish{pad}end\n");
            assert_eq!(clean(&text), clean(&want), "{n}");
            assert!(
                !clean(&text).contains(['\u{0007}', '\u{FB01}', '\u{200B}']),
                "{n}"
            );
        }
    }

    #[test]
    fn c1_controls() {
        assert_eq!(clean("\u{0093}x\u{0094}\u{0081}\n"), "“x”\n");
    }
}
