//! Hard-wrapped text: is the document wrapped at one width, and which line breaks inside its
//! paragraphs are the wrapping's rather than the writer's.
//!
//! The shape scan runs on every document and allocates nothing: one pass over the lines that
//! counts line lengths in a histogram and notes how the text is laid out. Only a document that
//! is wrapped (most lines inside paragraphs end near one width, and they are not a poem or a list
//! whose lines start with capitals) is looked at line by line.

use std::ops::Range;

use super::text::{Line, char_len, ends_sentence, is_hyphen_like, last_char};

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
/// A line shorter than this share of the width ends where its writer ended it.
const SHORT: f64 = 0.6;
/// A line after a sentence end that is shorter than this share of the width stands on its own.
const SHORT_AFTER_SENTENCE: f64 = 0.75;
/// A line longer than this share of the width was not wrapped at that width.
const LONG: f64 = 1.3;
/// A line that ends a sentence with this much of the width still free ends a paragraph.
const ROOM: f64 = 0.9;

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

fn first_word_len(line: &[u8]) -> usize {
    let w = line.iter().take_while(|b| !b.is_ascii_whitespace()).count();
    char_len(&line[..w])
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

/// Whether a line starts a list item: a bullet, or a number or letter with `.` or `)`.
fn is_list_item(line: &str) -> bool {
    let mut chars = line.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if matches!(first, '•' | '·' | '▪' | '◦' | '*' | '–' | '—' | '-') {
        return chars.next().is_some_and(char::is_whitespace);
    }
    let head: String = line.chars().take(5).collect();
    let marker = head
        .trim_start_matches('(')
        .split([')', '.'])
        .next()
        .unwrap_or("");
    let rest = &line[line.find([')', '.']).map_or(line.len(), |i| i + 1)..];
    !marker.is_empty()
        && marker.len() <= 3
        && (marker.chars().all(|c| c.is_ascii_digit())
            || (marker.len() == 1 && marker.chars().all(|c| c.is_ascii_lowercase())))
        && rest.starts_with(' ')
}

/// Whether a line is a heading: letters, none of them lower case.
fn is_heading(line: &str) -> bool {
    let mut letters = 0;
    for c in line.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// The line breaks of a wrapped document to replace by a space: `a.end..b.text` for each pair of
/// lines `a`, `b` of one paragraph that the wrapping broke. `keep(i)` says that the break after
/// line `i` belongs to another rule (a caption, a byline) and must stay.
///
/// Without blank lines between paragraphs, a line that ends a sentence may end a paragraph
/// whose next one starts on the next line (the indent lost in OCR): the break is kept, as a
/// missed join costs nothing and a wrong one merges two paragraphs.
pub(crate) fn joins(
    text: &str,
    lines: &[Line],
    shape: &Shape,
    keep: impl Fn(usize) -> bool,
) -> Vec<(usize, Range<usize>)> {
    let Some(width) = shape.wrap else {
        return Vec::new();
    };
    let w = width as f64;
    let mut out = Vec::new();
    for (i, pair) in lines.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let after_b = lines.get(i + 2).filter(|c| !c.is_blank());
        if a.is_blank() || b.is_blank() || keep(i) {
            continue;
        }
        let (sa, sb) = (&text[a.text..a.end], &text[b.text..b.end]);
        if last_char(sa).is_some_and(is_hyphen_like) {
            continue; // `word-⏎word` is the hyphen stage's
        }
        let la = char_len(sa.as_bytes()) as f64;
        let lb = char_len(sb.as_bytes()) as f64;
        let first_word = first_word_len(sb.as_bytes()) as f64;
        let sentence_end = ends_sentence(sa);
        let short_a = la < SHORT * w;
        let short_b = lb < SHORT_AFTER_SENTENCE * w;
        // A short line that stops mid-clause with more text after it (`Page 4`, a dateline) is
        // a line of its own, not the end of a paragraph: joined to the line before, it would
        // make a line long enough for a second run to join it to the next one.
        let stands_alone = lb < SHORT * w && after_b.is_some() && !ends_sentence(sb);
        let indented = (b.text - b.start) > (a.text - a.start);
        if short_a
            || stands_alone
            || la > LONG * w
            || lb > LONG * w
            || is_list_item(sb)
            || is_heading(sa)
            || is_heading(sb)
            || (indented && sentence_end)
            || (sentence_end && !shape.blank_lines)
            || (sa.ends_with(':') && !shape.blank_lines)
            || (sentence_end && la + 1.0 + first_word <= ROOM * w)
            || (sentence_end && short_b)
        {
            continue;
        }
        out.push((i, a.end..b.text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::layout::text::lines;

    const COLUMN: &str = "The council met on Tuesday night to discuss\n\
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

    #[test]
    fn joins_keep_paragraph_ends_and_hyphens() {
        let text = COLUMN.replace("over who\n", "over who-\n");
        let ls: Vec<Line> = lines(&text).collect();
        let j: Vec<usize> = joins(&text, &ls, &scan(&text), |_| false)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert!(!j.contains(&2), "hyphen break joined: {j:?}");
        assert!(!j.contains(&8), "paragraph end joined: {j:?}");
        assert!(j.contains(&0) && j.contains(&7), "{j:?}");
    }

    #[test]
    fn a_short_line_inside_a_paragraph_stands_alone() {
        // `Page 4` stops mid-clause with text after it: joined to the line before, it would make
        // a line long enough for a second run to join to the next.
        let text = COLUMN.replace("over who\n", "over who\nPage 4\n");
        let ls: Vec<Line> = lines(&text).collect();
        let j: Vec<usize> = joins(&text, &ls, &scan(&text), |_| false)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert!(!j.contains(&2) && !j.contains(&3), "{j:?}");
        assert!(j.contains(&1) && j.contains(&4), "{j:?}");
    }

    #[test]
    fn list_items_and_headings() {
        assert!(is_list_item("1. First"));
        assert!(is_list_item("(a) first"));
        assert!(is_list_item("• first"));
        assert!(!is_list_item("10 per cent."));
        assert!(!is_list_item("A. J. Smith said"));
        assert!(is_heading("COUNTRY LOTS."));
        assert!(!is_heading("Country lots."));
    }
}
