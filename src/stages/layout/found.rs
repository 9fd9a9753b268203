//! A caption on its way out of the body: what the caption rules (LAY001, LAY002) find, and what
//! [`super::placement`] moves.

use std::ops::Range;

use crate::code::RuleCode;
use crate::code::builtin::layout;

use super::text::Unit;

/// How a caption was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Inside a sentence it interrupted (LAY001).
    Wedged,
    /// As a paragraph of its own, marked by a credit (LAY002).
    Paragraph,
}

impl Kind {
    /// The rule that finds captions of this kind.
    pub fn code(self) -> RuleCode {
        match self {
            Kind::Wedged => layout::WEDGED_CAPTION,
            Kind::Paragraph => layout::CAPTION_PARAGRAPH,
        }
    }
}

/// What replaces a caption taken out of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Joiner {
    /// A space that rejoins the sentence the caption interrupted.
    Space,
    /// A line break, after a word broken by a hyphen: the continuation starts a line of its own,
    /// as it did in print, and the word stays broken where it was printed broken (this stage
    /// does not join words).
    LineBreak,
    /// Nothing: a caption paragraph goes with the separator beside it.
    Nothing,
}

impl Joiner {
    pub fn as_str(self) -> &'static str {
        match self {
            Joiner::Space => " ",
            Joiner::LineBreak => "\n",
            Joiner::Nothing => "",
        }
    }
}

/// The photo credit a caption on its way out has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Credit {
    /// None: the first credit standing on its own (split from a byline, a credit line whose
    /// caption was not found) joins it.
    Missing,
    /// The credit lines that stood apart from it in the body ([`Found::credits`]) go with it.
    Apart,
    /// Its own, written in it; credit lines around it go on their own.
    Own,
    /// It is a credit and nothing else (`Photo: Handout`): it goes on its own, to the first
    /// caption without one.
    Only,
}

/// A caption to take out of the body text.
#[derive(Debug, Clone)]
pub(super) struct Found {
    pub kind: Kind,
    /// What is removed from the text.
    pub removal: Range<usize>,
    /// What replaces it.
    pub joiner: Joiner,
    /// The caption's text.
    pub span: Range<usize>,
    /// Credit lines that stood apart from it, between it and the sentence it interrupted.
    pub credits: Vec<Range<usize>>,
    pub credit: Credit,
    /// The unit where the interrupted sentence goes on (`keep` puts the caption after it).
    pub host: usize,
    /// Words around the place it was taken from, for the report.
    pub context: String,
}

/// Whether one of `finds` takes text out of `unit`.
pub(super) fn inside_any(finds: &[Found], unit: Unit) -> bool {
    finds.iter().any(|f| unit.overlaps(&f.removal))
}
