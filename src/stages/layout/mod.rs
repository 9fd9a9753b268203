//! Stage `layout` (LAY): what page layout did to the running text.
//!
//! - LAY001 `wedged-caption`: a photo caption wedged into a sentence is taken out, the sentence
//!   rejoined, the caption put where [`Captions`] says (after the article by default).
//! - LAY002 `caption-paragraph`: a caption paragraph marked by a photo credit, standing between
//!   paragraphs of the body, goes the same way.
//! - LAY003 `byline-credit`: a photo credit glued to a byline is split off and joins the caption.
//! - LAY004 `hard-wrap`: line breaks inside the paragraphs of a hard-wrapped document are
//!   replaced by spaces (breaks after a hyphen stay: words are not this stage's to join).
//!
//! Each rule is a module of [`rules`]; what they share has one home: the document as they read it
//! ([`page`], [`text`], [`shape`]), reading a unit as a caption ([`caption`]), a caption on its
//! way out ([`found`]) and where it goes ([`placement`]). The words and patterns the rules use
//! are the `[data.layout]` lists of `rules/layout.toml` ([`vocab`]); the structure (paragraphs,
//! sentence ends, widths) is code.
//!
//! The stage first reads the document's shape in one pass that allocates nothing
//! ([`shape::scan`]); a text with no paragraph that ends mid-clause, no credit marker and no
//! wrapping is left after that pass.

mod caption;
mod found;
mod page;
mod placement;
mod rules;
mod shape;
mod text;
mod vocab;

use std::ops::Range;

use crate::code::RuleCode;
use crate::code::builtin::layout::{BYLINE_CREDIT, CAPTION_PARAGRAPH, HARD_WRAP, WEDGED_CAPTION};
use crate::edit::Edit;
use crate::rules::{RuleBook, RuleError, StageName};
use crate::stage::{Context, Stage};

use found::{Found, inside_any};
use page::Page;
pub use placement::{BadCaptions, Captions};
use placement::{Placement, Plan};
use rules::{byline_credit, caption_paragraph, hard_wrap, wedged_caption};
use vocab::Vocab;

/// The layout stage.
pub struct Layout {
    vocab: Vocab,
    captions: Captions,
    /// The stage's rules whose fixes are applied (safe, or unsafe fixes on): a caption and a
    /// credit move together only when both are applied or both wait.
    applied: Vec<RuleCode>,
}

impl Layout {
    /// The stage, with the `[data.layout]` lists of every pack, putting the captions it takes
    /// out where `captions` says; `unsafe_fixes` says whether its unsafe rules' fixes are applied.
    pub fn new(
        book: &RuleBook,
        captions: Captions,
        unsafe_fixes: bool,
    ) -> Result<Layout, RuleError> {
        let applied = [WEDGED_CAPTION, CAPTION_PARAGRAPH, BYLINE_CREDIT]
            .into_iter()
            .filter(|&c| unsafe_fixes || book.get(c).is_none_or(|r| r.safe))
            .collect();
        Ok(Layout {
            vocab: Vocab::new(book)?,
            captions,
            applied,
        })
    }
}

#[cfg(test)]
impl Layout {
    /// The stage with only the fixes of `applied` applied: what a run does when the other rules
    /// are unsafe and unsafe fixes are off.
    fn applying(mut self, applied: &[RuleCode]) -> Layout {
        self.applied = applied.to_vec();
        self
    }
}

impl Stage for Layout {
    fn name(&self) -> StageName {
        StageName::Layout
    }

    fn reads_batch(&self) -> bool {
        false
    }

    /// A caption moved out of a column changes the lengths of the column's lines, and an
    /// unwrapped paragraph shows a caption line that stood among printed lines: what the stage
    /// reads depends on what it moved, so it runs until its output settles (twice more at most;
    /// the fuzz inputs that changed on a second run settled after one).
    fn reruns(&self) -> usize {
        2
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        let on = |code| ctx.selection.enabled(code);
        let v = &self.vocab;
        let shape = shape::scan(text);
        let want_wedged = on(WEDGED_CAPTION) && shape.open_ends;
        let want_credits =
            (on(CAPTION_PARAGRAPH) || on(BYLINE_CREDIT)) && v.credit_finder.find(text).is_some();
        let want_wrap = on(HARD_WRAP) && shape.wrap.is_some();
        if !(want_wedged || want_credits || want_wrap) {
            return Vec::new();
        }
        let mut page = Page::plain(text, shape);
        if want_credits {
            page = page.with_credit_lines(v);
        }
        let units = &page.units;

        // Bylines first: their lines are neither captions nor body.
        let mut bylines = if want_credits {
            byline_credit::find(&page, v)
        } else {
            Vec::new()
        };
        let wedged = if want_wedged {
            let split_off: Vec<Range<usize>> = if on(BYLINE_CREDIT) {
                bylines.iter().map(|b| b.removal.clone()).collect()
            } else {
                Vec::new()
            };
            wedged_caption::find(&page, &split_off, v)
        } else {
            Vec::new()
        };
        let credited = if want_credits {
            let skip = |i: usize| {
                let u = units[i];
                bylines.iter().any(|b| u.holds_line(b.line)) || inside_any(&wedged, u)
            };
            caption_paragraph::credited_units(&page, skip, v)
        } else {
            Vec::new()
        };
        let paragraphs = if on(CAPTION_PARAGRAPH) && self.captions != Captions::Keep {
            caption_paragraph::find(&page, &credited, &wedged, v)
        } else {
            Vec::new()
        };

        // Byline lines were kept out of the captions above; their credits move only when the
        // rule that splits them runs.
        if !on(BYLINE_CREDIT) {
            bylines.clear();
        }
        let finds: Vec<Found> = wedged.into_iter().chain(paragraphs).collect();
        let plan = Plan::new(finds, &bylines, |c| self.applied.contains(&c));
        let placement = Placement {
            page: &page,
            vocab: v,
            captions: self.captions,
        };
        let mut edits = placement.edits(&plan, &bylines);
        if on(HARD_WRAP) {
            // The wrap is decided on the text as this stage leaves it: a caption or credit moved
            // out of the column changes its line lengths, and a second run, reading the text
            // without it, would otherwise find a wrap the first did not (or none where it did).
            let mut moved: Vec<Edit> = edits
                .iter()
                .filter(|e| self.applied.contains(&e.rule))
                .cloned()
                .collect();
            if !moved.is_empty() {
                moved.sort_by_key(|e| (e.range.start, e.range.end));
                page.shape.wrap = shape::scan(&crate::offsets::apply_text(text, &moved)).wrap;
            }
            hard_wrap::find(&page, &mut edits, &credited, &bylines);
        }
        crate::edit::sort_edits(&mut edits);
        edits
    }
}

#[cfg(test)]
mod tests;
