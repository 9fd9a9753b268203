//! The shape of a document: are its paragraphs blocks between blank lines, does some line stop
//! mid-clause, is it hard-wrapped at one width.
//!
//! The scan runs on every document and allocates nothing: one pass over the lines that counts
//! line lengths in a histogram and notes how the text is laid out. A document is wrapped when
//! most lines inside paragraphs end near one width and they are not a poem or a list whose lines
//! start with capitals; only then does [`super::rules::hard_wrap`] look at it line by line.

use std::ops::Range;

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
/// Narrowest and widest column width we unwrap.
const WIDTHS: Range<usize> = 20..201;

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
        prev = Some((char_len(body), ends_open(body)));
    }
    // Units are lines unless the text is wrapped with blank lines, so an open end before any
    // line counts.
    let open_ends = open_before_blank || open_before_line;
    Shape {
        blank_lines,
        open_ends,
        wrap: width(&lengths, inner, capital_starts, nonblank),
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
    fn verse_is_not_wrapped() {
        let verse = "The tide comes in across the sand,\nAnd gulls go wheeling on the wind,\n\
            The boats lie waiting on the strand,\nThe nets are drying, torn and thinned,\n"
            .repeat(3);
        assert_eq!(scan(&verse).wrap, None);
    }
}
