//! The shape of a document: are its paragraphs blocks between blank lines, does some line stop
//! mid-clause, is it hard-wrapped at one width.
//!
//! The scan runs on every document and allocates nothing: one pass over the lines that counts
//! line lengths in a histogram and notes how the text is laid out. A document is wrapped when
//! most lines inside paragraphs end near one width and they are not a poem or a list whose lines
//! start with capitals; only then does [`super::rules::hard_wrap`] look at it line by line.

use std::ops::Range;

use super::rules::hard_wrap::LONG;
use super::text::{char_len, last_char};

/// Fewest lines inside paragraphs (lines followed by another line of text) a wrapped document
/// has: a short poem or an address block is not evidence of wrapping.
const MIN_INNER_LINES: u32 = 8;
/// The column width is this quantile of the lengths of lines inside paragraphs.
const WIDTH_QUANTILE: f64 = 0.9;
/// Share of lines inside paragraphs that must reach `NEAR` of the width.
const NEAR_SHARE: f64 = 0.6;
/// How close to the width a wrapped line ends (proportional type varies a lot in characters).
const NEAR: f64 = 0.7;
/// Most lines after which a capitalised line follows, as a share: verse and lists capitalise
/// every line, wrapped prose does not.
const MAX_CAPITAL_STARTS: f64 = 0.6;
/// Narrowest and widest column width we unwrap. The widest hard-wrapped text is line-printer
/// output at 132 columns (newspaper columns are 25-60 characters, book pages 60-90); lines
/// inside paragraphs that end near a wider "width" are paragraphs a first run unwrapped, with
/// the few breaks it kept, and unwrapping them again would change a second run's output.
pub(in crate::stages::layout) const WIDTHS: Range<usize> = 20..133;
/// Most of the text's characters a wrapped document holds in lines longer than the width allows
/// ([`LONG`] of it): past this share, its paragraphs are already lines of their own.
const MAX_LONG_SHARE: f64 = 0.5;

/// How a document is laid out, from one cheap pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Some blank line separates two lines of text: paragraphs are blocks between blank lines.
    pub blank_lines: bool,
    /// Some line ends mid-clause and is followed by more text: the only place a caption can be
    /// wedged.
    pub open_ends: bool,
    /// The column width, when the document is hard-wrapped.
    pub wrap: Option<usize>,
}

/// Whether a line ending looks unfinished: a letter, a comma or semicolon, a hyphen.
fn ends_open(line: &[u8]) -> bool {
    match line.last() {
        Some(&b) if b.is_ascii() => b.is_ascii_alphabetic() || matches!(b, b',' | b';' | b'-'),
        Some(_) => std::str::from_utf8(line)
            .ok()
            .and_then(last_char)
            .is_some_and(|c| c.is_alphabetic() || c == '\u{00AD}'),
        None => false,
    }
}

/// Reads the layout of `text` in one pass over its lines.
pub(crate) fn scan(text: &str) -> Shape {
    let bytes = text.as_bytes();
    let mut lengths = [0u32; 256];
    // Characters of every line of text, the last line of each paragraph too, by line length.
    let mut chars_by_len = [0u64; 256];
    let (mut inner, mut capital_starts, mut nonblank) = (0u32, 0u32, 0u32);
    let (mut blank_lines, mut open_before_blank, mut open_before_line) = (false, false, false);
    // The previous line of text: its length in characters and whether it ended open.
    let mut prev: Option<(usize, bool)> = None;
    let mut blank_since = false;
    for line in super::text::lines(text) {
        if line.is_blank() {
            blank_since = prev.is_some();
            continue;
        }
        nonblank += 1;
        let body = &bytes[line.text..line.end];
        let len = char_len(body);
        chars_by_len[len.min(255)] += len as u64;
        if let Some((len, open)) = prev {
            if blank_since {
                blank_lines = true;
                open_before_blank |= open;
            } else {
                open_before_line |= open;
                inner += 1;
                lengths[len.min(255)] += 1;
                if body[0].is_ascii_uppercase()
                    || (!body[0].is_ascii() && starts_uppercase(&text[line.text..line.end]))
                {
                    capital_starts += 1;
                }
            }
        }
        blank_since = false;
        prev = Some((len, ends_open(body)));
    }
    // Units are lines unless the text is wrapped with blank lines, so an open end before any
    // line counts.
    let open_ends = open_before_blank || open_before_line;
    Shape {
        blank_lines,
        open_ends,
        wrap: width(&lengths, inner, capital_starts, nonblank)
            .filter(|&w| !mostly_long_lines(&chars_by_len, w)),
    }
}

fn starts_uppercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// The column width of a wrapped document, or `None` when it is not wrapped.
fn width(lengths: &[u32; 256], inner: u32, capital_starts: u32, nonblank: u32) -> Option<usize> {
    if inner < MIN_INNER_LINES || inner * 2 < nonblank {
        return None;
    }
    if f64::from(capital_starts) > MAX_CAPITAL_STARTS * f64::from(inner) {
        return None;
    }
    let wanted = (WIDTH_QUANTILE * f64::from(inner)).ceil() as u32;
    let mut seen = 0;
    let mut w = 255;
    for (len, &n) in lengths.iter().enumerate() {
        seen += n;
        if seen >= wanted {
            w = len;
            break;
        }
    }
    if !WIDTHS.contains(&w) {
        return None;
    }
    let near_from = (NEAR * w as f64).ceil() as usize;
    let near: u32 = lengths[near_from..].iter().sum();
    (f64::from(near) >= NEAR_SHARE * f64::from(inner)).then_some(w)
}

/// Whether most of the text stands in lines too long to have been wrapped at `w`: the paragraphs
/// are lines of their own (a first run unwrapped them), and the lines still near some width are
/// the few the writer ended. The width is read from the lines inside paragraphs only, and
/// unwrapping removes exactly those it joined: without this check, a second run reads a new
/// width from the lines the first one left (a narrower column, a caption) and joins them.
fn mostly_long_lines(chars_by_len: &[u64; 256], w: usize) -> bool {
    let long_from = ((LONG * w as f64).floor() as usize + 1).min(255);
    let total: u64 = chars_by_len.iter().sum();
    let long: u64 = chars_by_len[long_from..].iter().sum();
    long as f64 > MAX_LONG_SHARE * total as f64
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A hard-wrapped column of one paragraph and a short last one.
    pub(in crate::stages::layout) const COLUMN: &str = "The council met on Tuesday night to discuss\n\
        the new bridge over the river, which has been\n\
        delayed for three years by a dispute over who\n\
        should pay for the approach roads on either\n\
        bank. The mayor said the state government had\n\
        promised to fund half of the cost and that the\n\
        work could begin in the spring if the tenders\n\
        came in below the estimate given last year by\n\
        the engineers who surveyed the site.\n\
        Residents were not convinced.\n";

    #[test]
    fn a_column_is_wrapped() {
        let shape = scan(COLUMN);
        assert!(!shape.blank_lines);
        let w = shape.wrap.expect("wrapped");
        assert!((40..52).contains(&w), "{w}");
    }

    #[test]
    fn paragraphs_on_one_line_each_are_not() {
        let text = "The council met on Tuesday night.\n\nIt discussed the new bridge over the river, \
            which has been delayed for three years by a dispute.\n\nResidents were not convinced.\n";
        assert_eq!(scan(text).wrap, None);
        let no_blanks = text.replace("\n\n", "\n").repeat(4);
        assert_eq!(scan(&no_blanks).wrap, None);
    }

    #[test]
    fn a_narrow_column_beside_unwrapped_paragraphs_is_not_wrapped() {
        // A first run's output: a 22-character column it left (the document's width was
        // another's), then paragraphs it made lines of their own. The column's lines are the
        // only lines inside paragraphs left, so they alone would say the text is wrapped.
        let column = "the harbour ferry left\nthe wharf at nine with\ntwo hundred passengers\nbound for the islands,\n\
            and returned at dusk\nafter a calm crossing\nin fine weather. Some\nof the passengers said\n\
            the new boat was the\nfastest they had known\non the run, and asked\nfor a later service in\nthe summer months.\n";
        assert!(scan(column).wrap.is_some(), "the column alone is wrapped");
        let paragraph = COLUMN.replace('\n', " ");
        let text = format!("{column}\n{paragraph}\n\n{paragraph}\n\n{paragraph}\n");
        assert_eq!(scan(&text).wrap, None);
    }

    #[test]
    fn lines_near_a_width_no_column_has_are_not_wrapped() {
        // A first run's output (paragraphs made lines of their own, a few breaks kept beside a
        // line it would not join) reads as lines inside paragraphs ending near 150-190
        // characters: no hard-wrapped text is that wide.
        let sentence = "the ferry would then need a sea trial and a new certificate of survey, ";
        let lines: Vec<String> = (0..12)
            .map(|i| sentence.repeat(3)[..150 + 3 * i].trim_end().to_string())
            .collect();
        let text = lines.join("\n") + "\n";
        let shape = scan(&text);
        assert!(!shape.blank_lines);
        assert_eq!(shape.wrap, None);
        // The same lines at a column's width are wrapped.
        let narrow: Vec<&str> = lines.iter().map(|l| &l[..40 + l.len() % 5]).collect();
        assert!(scan(&(narrow.join("\n") + "\n")).wrap.is_some());
    }

    #[test]
    fn verse_is_not_wrapped() {
        let verse = "The tide comes in across the sand,\nAnd gulls go wheeling on the wind,\n\
            The boats lie waiting on the strand,\nThe nets are drying, torn and thinned,\n"
            .repeat(3);
        assert_eq!(scan(&verse).wrap, None);
    }
}
