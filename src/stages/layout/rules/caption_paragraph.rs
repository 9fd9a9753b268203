//! LAY002 `caption-paragraph`: a caption paragraph, marked by a photo credit, standing between
//! paragraphs of the body.
//!
//! ## What it does
//! Moves the paragraph after the article (`--captions drop` removes it; `keep` leaves it). A
//! credit line without a caption (`Photo: Handout`) goes with the first caption that has no
//! credit, or on its own after the article.
//!
//! ## Why
//! OCR reads a page's captions in the order they stand on the page, so a caption lands between
//! two paragraphs of the story it illustrates and breaks its flow; after the article it is still
//! there, and recognisable as a caption.
//!
//! ## Example
//! ```text
//! The bridge reopened to traffic on Saturday after eight months of repairs.
//!
//! Crews finish the deck of the Alder Street bridge. Photo: Jon Pike
//!
//! Commuters said the detour had added half an hour to their journeys.
//! ```
//! The caption paragraph moves after `Commuters said …` (`rules/layout.toml` holds the examples
//! that run as tests).
//!
//! A paragraph is a caption by its credit: it starts with a credit label (`Photo:`) or ends with
//! a credit (`… Photo: Reuters`). Caption paragraphs after the last paragraph of body text are
//! where they belong and stay. Between a paragraph that stops mid-clause and one that goes on in
//! lower case the caption is the wedged caption's business (LAY001): when that rule declined, the
//! layout there is too unclear to touch.

use super::super::caption::{Caption, credited, open_end};
use super::super::found::{Credit, Found, Joiner, Kind, inside_any};
use super::super::page::Page;
use super::super::text::excerpt;
use super::super::vocab::Vocab;

/// Units that are captions by their credit (`… Photo: Reuters`, `Picture: …`), other than those
/// in `skip`, as (unit index, caption).
pub(in crate::stages::layout) fn credited_units(
    page: &Page,
    skip: impl Fn(usize) -> bool,
    v: &Vocab,
) -> Vec<(usize, Caption)> {
    (0..page.units.len())
        .filter(|&i| !skip(i))
        .filter_map(|i| {
            let u = page.units[i];
            credited(page.text, u.start, u.end, v).map(|c| (i, c))
        })
        .collect()
}

/// The caption paragraphs to move: the `credited` units that stand between paragraphs of the
/// body (not inside one of the `wedged` captions' removals).
pub(in crate::stages::layout) fn find(
    page: &Page,
    credited: &[(usize, Caption)],
    wedged: &[Found],
    v: &Vocab,
) -> Vec<Found> {
    let units = &page.units;
    let is_credited = |i: usize| credited.iter().any(|(k, _)| *k == i);
    // The body ends with its last unit that holds no credit marker at all (one that does may be
    // a caption read no further) and, in a text that parts its paragraphs with blank lines, is
    // not glued under a caption (a footer the furniture stage left, say).
    let glued = |i: usize| {
        page.shape.blank_lines
            && i > 0
            && is_credited(i - 1)
            && units[i - 1].last_line + 1 == units[i].first_line
    };
    let marked = |i: usize| v.credit_finder.find(page.unit_text(i)).is_some();
    let last_body = (0..units.len())
        .rev()
        .find(|&i| !is_credited(i) && !marked(i) && !glued(i) && !inside_any(wedged, units[i]));
    let mut out: Vec<Found> = Vec::new();
    // Units removed from the very start take the separator after them; the others the separator
    // before them, so that removals of neighbours never overlap.
    let mut leading = true;
    for (i, c) in credited {
        let i = *i;
        leading &= out.len() == i;
        if last_body.is_none_or(|b| i > b) || in_a_sentence(page, i, is_credited, v) {
            continue;
        }
        let u = units[i];
        let removal = if leading {
            u.start..units.get(i + 1).map_or(u.end, |n| n.start)
        } else {
            units[i - 1].end..u.end
        };
        out.push(Found {
            kind: Kind::Paragraph,
            removal,
            joiner: Joiner::Nothing,
            span: c.span.clone(),
            credits: Vec::new(),
            credit: if c.credit_only {
                Credit::Only
            } else {
                Credit::Own
            },
            host: i,
            context: excerpt(page.unit_text(i), 6, false),
        });
    }
    out
}

/// Whether unit `i` stands between a paragraph that stops mid-clause and one that goes on in
/// lower case (other caption paragraphs between do not count: they go too).
fn in_a_sentence(page: &Page, i: usize, is_credited: impl Fn(usize) -> bool, v: &Vocab) -> bool {
    let units = &page.units;
    let open_before = (0..i)
        .rev()
        .find(|&p| !is_credited(p))
        .is_some_and(|p| open_end(page.unit_text(p), v).is_some());
    let lower_after = (i + 1..units.len())
        .find(|&n| !is_credited(n))
        .is_some_and(|n| units[n].goes_on(page.text));
    open_before || lower_after
}
