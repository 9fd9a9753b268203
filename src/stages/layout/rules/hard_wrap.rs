//! LAY004 `hard-wrap`: line breaks inside the paragraphs of a hard-wrapped document.
//!
//! ## What it does
//! Replaces by a space each line break that the wrapping of a column made inside a paragraph,
//! so that each paragraph comes out as one line. Breaks after a hyphen stay (this stage does not
//! join words; each join is marked [`Edit::joins_lines`], so a later stage knows the lines of
//! that paragraph are no longer printed lines); breaks next to a caption or byline another rule
//! moves are left alone.
//!
//! ## Why
//! Printed columns and OCR exports break lines at the column's width. A line break inside a
//! sentence splits it for every tool downstream (sentence splitters, deduplication, language
//! models), and the hyphen stage cannot tell a broken word from two words without knowing the
//! lines were printed ones.
//!
//! ## Example
//! ```text
//! The council met on Tuesday night to discuss      The council met on Tuesday night to discuss
//! the new bridge over the river, which has been -> the new bridge over the river, which has been
//! delayed for three years.                         delayed for three years.
//! ```
//! (the three lines on the left become the one line on the right, in a document where most
//! lines end near one width: see [`super::super::shape`]).
//!
//! A break is the wrapping's, not the writer's, unless one of its lines is short, over-long, a
//! heading or a list item, or the first ends a sentence with room to spare; without blank lines
//! between paragraphs, no break after a sentence end is joined (a missed join costs nothing, a
//! wrong one merges two paragraphs).

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use crate::code::builtin::layout::HARD_WRAP;
use crate::edit::Edit;

use super::super::caption::Caption;
use super::super::page::Page;
use super::super::shape::WIDTHS;
use super::super::text::{char_len, ends_sentence, is_hyphen_like, last_char};
use super::byline_credit::BylineCredit;

/// A line shorter than this share of the width ends where its writer ended it.
const SHORT: f64 = 0.6;
/// A line after a sentence end that is shorter than this share of the width stands on its own.
const SHORT_AFTER_SENTENCE: f64 = 0.75;
/// A line longer than this share of the width was not wrapped at that width.
pub(in crate::stages::layout) const LONG: f64 = 1.3;
/// A line that ends a sentence with this much of the width still free ends a paragraph.
const ROOM: f64 = 0.9;

/// A line break the wrapping made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::stages::layout) struct Break {
    /// The line it ends.
    pub line: usize,
    /// The break: the end of that line's text to the start of the next line's.
    pub range: Range<usize>,
}

/// Adds the rule's edits to `others`, the edits of the other rules. The breaks it leaves: those
/// that overlap or hold one of those, and those inside or next to a caption paragraph
/// (`credited`) or a byline.
pub(in crate::stages::layout) fn find(
    page: &Page,
    others: &mut Vec<Edit>,
    credited: &[(usize, Caption)],
    bylines: &[BylineCredit],
) {
    let Some(width) = page.shape.wrap else {
        return;
    };
    let (lines, units) = (&page.lines, &page.units);
    let protected = |i: usize| {
        let l = lines[i];
        let next = lines.get(i + 1).copied();
        // The break `l.end..next.text` must not overlap another edit, nor hold an insertion.
        let b = l.end..next.map_or(l.end, |n| n.text);
        let touches = |r: &Range<usize>| {
            if r.is_empty() {
                b.start <= r.start && r.start <= b.end
            } else {
                r.start < b.end && b.start < r.end
            }
        };
        others.iter().any(|e| touches(&e.range))
            || credited.iter().any(|(k, _)| {
                let u = units[*k];
                u.holds_line(i) || next.is_some() && u.holds_line(i + 1)
            })
            || bylines.iter().any(|b| b.line == i || b.line == i + 1)
    };
    let reason = reason(width);
    let breaks = joins(page, protected);
    // The joins are most of a wrapped document's edits: the others' list grows once to hold
    // them, where extending a list of the joins by the others held two of it at once.
    others.reserve_exact(breaks.len());
    others.extend(
        breaks
            .into_iter()
            .map(|b| Edit::replace(b.range, " ", HARD_WRAP, reason.clone()).joining_lines()),
    );
}

/// The reason of a join in a text wrapped at `width`, one shared copy per width: a copy per edit
/// (one every 70 bytes of a wrapped document) was most of the memory the rule's edits held.
fn reason(width: usize) -> Cow<'static, str> {
    static REASONS: LazyLock<Vec<String>> = LazyLock::new(|| {
        WIDTHS
            .map(|w| {
                format!(
                    "line break inside a paragraph of hard-wrapped text (lines of about {w} \
                     characters)"
                )
            })
            .collect()
    });
    match width.checked_sub(WIDTHS.start).and_then(|i| REASONS.get(i)) {
        Some(reason) => Cow::Borrowed(reason),
        // Not a width the shape gives; made for the document then.
        None => Cow::Owned(format!(
            "line break inside a paragraph of hard-wrapped text (lines of about {width} characters)"
        )),
    }
}

/// The line breaks of a wrapped document to replace by a space: `a.end..b.text` for each pair of
/// lines `a`, `b` of one paragraph that the wrapping broke. `keep(i)` says that the break after
/// line `i` belongs to another rule (a caption, a byline) and must stay.
///
/// Without blank lines between paragraphs, a line that ends a sentence may end a paragraph
/// whose next one starts on the next line (the indent lost in OCR): the break is kept, as a
/// missed join costs nothing and a wrong one merges two paragraphs.
pub(in crate::stages::layout) fn joins(page: &Page, keep: impl Fn(usize) -> bool) -> Vec<Break> {
    let (text, lines, shape) = (page.text, &page.lines, &page.shape);
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
            continue; // `word-⏎word`: a broken word, not this stage's to join
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
        out.push(Break {
            line: i,
            range: a.end..b.text,
        });
    }
    out
}

fn first_word_len(line: &[u8]) -> usize {
    let w = line.iter().take_while(|b| !b.is_ascii_whitespace()).count();
    char_len(&line[..w])
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::layout::shape::{scan, tests::COLUMN};

    fn joined(text: &str) -> Vec<usize> {
        let page = Page::plain(text, scan(text));
        joins(&page, |_| false)
            .into_iter()
            .map(|b| b.line)
            .collect()
    }

    #[test]
    fn joins_keep_paragraph_ends_and_hyphens() {
        let text = COLUMN.replace("over who\n", "over who-\n");
        let j = joined(&text);
        assert!(!j.contains(&2), "hyphen break joined: {j:?}");
        assert!(!j.contains(&8), "paragraph end joined: {j:?}");
        assert!(j.contains(&0) && j.contains(&7), "{j:?}");
    }

    #[test]
    fn a_short_line_inside_a_paragraph_stands_alone() {
        // `Page 4` stops mid-clause with text after it: joined to the line before, it would make
        // a line long enough for a second run to join to the next.
        let text = COLUMN.replace("over who\n", "over who\nPage 4\n");
        let j = joined(&text);
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
