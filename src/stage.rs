//! The contract between the pipeline and its stages, and what a stage may know about a document.

use std::collections::HashSet;
use std::ops::Range;

use crate::batch::Batch;
use crate::code::{RuleCode, Selector};
use crate::edit::Edit;
use crate::rules::{RuleBook, StageName};
use crate::suppress::Suppression;

/// One step of the pipeline: reads text, proposes edits, never changes anything itself.
///
/// A stage is pure (same text and context, same edits) and knows nothing of its neighbours. Its
/// edits are sorted, do not overlap, and name the rule that proposes them.
///
/// What a stage may rely on in its input is the text and its [`Context`], nothing else: in
/// particular not which stages ran before it. Where an earlier stage changed what the text's
/// lines are, it says so on its edits ([`Edit::joins_lines`]) and a later stage reads it from
/// [`Context::line_form`]; a stage that changes line structure documents what it leaves.
pub trait Stage: Send + Sync {
    /// Which stage this is.
    fn name(&self) -> StageName;

    /// The edits this stage proposes for `text`. Returns an empty `Vec` (no allocation) when the
    /// text needs nothing.
    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit>;

    /// Whether the stage reads the batch's evidence ([`Context::batch`]). The batch is gathered
    /// from the text as the first such stage sees it, so that the stages before it (the unicode
    /// repairs) cannot make a form the batch counted differ from the one a stage looks up.
    fn reads_batch(&self) -> bool {
        true
    }

    /// How many times more the pipeline may run the stage on its own output while that output
    /// still changes: 0 for a stage whose output is always settled. A stage whose applied edits
    /// change what it reads (a caption moved out of a column changes the column's lines; a
    /// paragraph unwrapped shows a caption line inside it) runs again, so that one run of the
    /// tool leaves what a second run would (the pending fixes of a rerun are the first pass's,
    /// reported once).
    fn reruns(&self) -> usize {
        0
    }
}

/// What a stage may know about the document it is cleaning, beyond its text.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The rules enabled for this document.
    pub selection: &'a Selection,
    /// What the batch this document belongs to shows, when a first pass gathered it.
    pub batch: Option<&'a Batch>,
    /// Text that rules must leave alone in this document.
    pub suppressions: &'a [Suppression],
    /// What the stages before this one made of the text's lines (the pipeline keeps it; empty
    /// for a stage that runs on its own input).
    pub line_form: &'a LineForm,
}

/// A property of the text a stage gets: which of its blocks (runs of lines between blank lines)
/// an earlier stage unwrapped, so that their lines are paragraphs, not printed lines.
///
/// A break left at a line end inside such a block (after a hyphen, where the unwrapping stage
/// left the word to a later stage) is a printed line break inside a paragraph: a word broken
/// there closes up. Elsewhere a line is a printed line unless the text itself shows otherwise
/// (a line longer than any printed line, in a text that was never wrapped).
///
/// Set by the pipeline from the applied edits that say [`Edit::joins_lines`] (the layout
/// stage's `LAY004`), kept in the coordinates of the text each stage sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineForm {
    /// Sorted offsets, one inside each joined line break: a block holding one was unwrapped.
    joined: Vec<usize>,
}

static NO_LINE_FORM: LineForm = LineForm { joined: Vec::new() };

impl LineForm {
    /// Nothing known: every block's lines are as the text shows them.
    pub fn none() -> &'static LineForm {
        &NO_LINE_FORM
    }

    /// Whether a stage unwrapped lines of the text in `block` (byte offsets of the text now).
    pub fn unwrapped(&self, block: Range<usize>) -> bool {
        let i = self.joined.partition_point(|&at| at < block.start);
        self.joined.get(i).is_some_and(|&at| at < block.end)
    }

    /// The property after `applied` (sorted, non-overlapping edits of the text it describes):
    /// its offsets moved to the new text, and one added for each edit that joins lines.
    pub fn after(&self, applied: &[Edit]) -> LineForm {
        if self.joined.is_empty() && !applied.iter().any(|e| e.joins_lines) {
            return LineForm::default();
        }
        let mut joined = Vec::with_capacity(self.joined.len());
        let (mut old, mut delta) = (self.joined.iter().peekable(), 0isize);
        let moved = |at: usize, delta: isize| (at as isize + delta) as usize;
        for e in applied {
            // Offsets before the edit move by what the edits before it changed; one inside it
            // goes to where its replacement starts.
            while let Some(&&at) = old.peek() {
                if at >= e.range.end && !(e.range.is_empty() && at == e.range.start) {
                    break;
                }
                joined.push(moved(at.min(e.range.start), delta));
                old.next();
            }
            if e.joins_lines {
                joined.push(moved(e.range.start, delta));
            }
            delta += e.replacement.len() as isize - e.range.len() as isize;
        }
        joined.extend(old.map(|&at| moved(at, delta)));
        joined.dedup();
        LineForm { joined }
    }
}

/// Which rules run: the result of `select`, `extend-select` and `ignore` (ruff's semantics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    enabled: HashSet<RuleCode>,
    stages: Vec<StageName>,
}

/// A selector that is neither a code, a prefix of one, nor `ALL`.
#[derive(Debug, Clone, thiserror::Error)]
#[error(
    "`{0}` selects no rule: use a rule code (`FUR001`), a prefix (`FUR`) or `ALL`; `ocrclean rules` lists them"
)]
pub struct UnknownSelector(pub String);

impl Selection {
    /// Every rule that is on by default.
    pub fn defaults(book: &RuleBook) -> Selection {
        Self::from_fn(book, |r| r.default)
    }

    /// Exactly the rules `selectors` select (codes, prefixes or `ALL`), as a `select` setting
    /// does.
    ///
    /// ```
    /// use ocrclean::{RuleBook, Selection};
    /// let book = RuleBook::builtin();
    /// let hyphens = Selection::of(&book, &["HYP"]).unwrap();
    /// assert!(hyphens.enabled("HYP001".parse().unwrap()));
    /// assert!(!hyphens.enabled("UNI001".parse().unwrap()));
    /// assert!(Selection::of(&book, &["HYPX"]).is_err());
    /// ```
    pub fn of(book: &RuleBook, selectors: &[&str]) -> Result<Selection, UnknownSelector> {
        let selectors: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
        Self::resolve(book, Some(&selectors), &[], &[])
    }

    /// Resolves selectors against `book`. `select` replaces the default set when given; the most
    /// specific selector wins when `select`/`extend-select` and `ignore` disagree, and `ignore`
    /// wins a tie.
    pub fn resolve(
        book: &RuleBook,
        select: Option<&[String]>,
        extend_select: &[String],
        ignore: &[String],
    ) -> Result<Selection, UnknownSelector> {
        let parse = |sels: &[String]| -> Result<Vec<Selector>, UnknownSelector> {
            sels.iter()
                .map(|s| match s.parse::<Selector>() {
                    Ok(sel) if book.rules().iter().any(|r| sel.matches(r.code)) => Ok(sel),
                    _ => Err(UnknownSelector(s.clone())),
                })
                .collect()
        };
        let select = select.map(parse).transpose()?;
        let extend_select = parse(extend_select)?;
        let ignore = parse(ignore)?;
        // The most specific selector that selects `code`.
        let most_specific = |sels: &[Selector], code: RuleCode| {
            sels.iter()
                .filter(|s| s.matches(code))
                .map(Selector::specificity)
                .max()
        };
        Ok(Self::from_fn(book, |r| {
            let base = select
                .as_ref()
                .map_or(r.default.then_some(0), |sel| most_specific(sel, r.code));
            let on = base.max(most_specific(&extend_select, r.code));
            let off = most_specific(&ignore, r.code);
            match (on, off) {
                (Some(on), Some(off)) => on > off,
                (on, _) => on.is_some(),
            }
        }))
    }

    fn from_fn(book: &RuleBook, on: impl Fn(&crate::rules::Rule) -> bool) -> Selection {
        let mut enabled = HashSet::new();
        let mut stages = Vec::new();
        for r in book.rules().iter().filter(|r| on(r)) {
            enabled.insert(r.code);
            if !stages.contains(&r.stage) {
                stages.push(r.stage);
            }
        }
        Selection { enabled, stages }
    }

    /// Whether the rule runs.
    pub fn enabled(&self, code: RuleCode) -> bool {
        self.enabled.contains(&code)
    }

    /// Whether any rule of the stage runs.
    pub fn stage_enabled(&self, stage: StageName) -> bool {
        self.stages.contains(&stage)
    }

    /// The same selection for a run that shows only what it applies (the filter mode): stages
    /// whose enabled rules are all unsafe are skipped, since nothing they find would be applied
    /// or shown. Whole stages only, so what the other stages apply is exactly what they apply
    /// when the unsafe stages run and their fixes are held back.
    pub fn applied_only(&self, book: &RuleBook) -> Selection {
        let mut s = self.clone();
        s.stages.retain(|&stage| {
            book.rules()
                .iter()
                .any(|r| r.stage == stage && r.safe && self.enabled(r.code))
        });
        s
    }

    /// The enabled codes, sorted.
    pub fn codes(&self) -> Vec<RuleCode> {
        let mut v: Vec<_> = self.enabled.iter().copied().collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::builtin::layout::HARD_WRAP;

    #[test]
    fn line_form_follows_the_edits() {
        let join = |r: Range<usize>| Edit::replace(r, " ", HARD_WRAP, "").joining_lines();
        let other = |r: Range<usize>, s: &'static str| Edit::replace(r, s, HARD_WRAP, "");
        // `ab\ncd\n\nef`: the break after `ab` joined.
        let form = LineForm::default().after(&[join(2..3)]);
        assert!(form.unwrapped(0..6) && !form.unwrapped(7..9));
        // A later stage removes `ab` and inserts two bytes at the end: the mark moves with it.
        let form = form.after(&[other(0..2, ""), other(9..9, "!!")]);
        assert_eq!(form.joined, vec![0]);
        // An edit over the mark keeps it at the edit's start.
        let form = LineForm { joined: vec![5] }.after(&[other(3..7, "xy")]);
        assert_eq!(form.joined, vec![3]);
        assert!(LineForm::none().after(&[other(0..1, "")]).joined.is_empty());
    }

    #[test]
    fn applied_only_drops_stages_with_nothing_safe_enabled() {
        let book = RuleBook::builtin();
        // The confusion rules but OCR004 are unsafe (by measurement); unicode is all safe.
        let all = Selection::of(&book, &["UNI", "OCR001", "OCR002", "OCR003", "OCR005"]).unwrap();
        let applied = all.applied_only(&book);
        assert!(all.stage_enabled(StageName::Confusion));
        assert!(!applied.stage_enabled(StageName::Confusion));
        assert!(applied.stage_enabled(StageName::Unicode));
        // Codes stay enabled: only whole stages are skipped.
        assert_eq!(all.codes(), applied.codes());
        // A stage with a safe rule enabled stays, whatever else it has.
        let hyphen = Selection::of(&book, &["HYP"]).unwrap();
        assert!(hyphen.applied_only(&book).stage_enabled(StageName::Hyphen));
    }
}
