//! What stages propose ([`Edit`]) and what the pipeline reports ([`Change`]).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::code::RuleCode;

mod text;
pub(crate) use text::Reasons;
pub use text::{Reason, Snippet};

/// One change a stage proposes to its own input text.
///
/// Edits of one stage never overlap; the pipeline maps them back to the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the text the stage was given.
    pub range: Range<usize>,
    /// What replaces the range (empty for a removal). Ignored for a flag.
    pub replacement: Cow<'static, str>,
    /// The rule that proposes it.
    pub rule: RuleCode,
    /// Why, in words a reader of the report understands.
    pub reason: Cow<'static, str>,
    /// A flag reports a problem the stage will not fix (too little evidence).
    pub flag_only: bool,
    /// The edit joins two printed lines of a paragraph: once it is applied, the block it stands
    /// in holds paragraphs, not printed lines ([`crate::stage::LineForm`]).
    pub joins_lines: bool,
}

impl Edit {
    /// Replace `range` by `replacement`.
    pub fn replace(
        range: Range<usize>,
        replacement: impl Into<Cow<'static, str>>,
        rule: RuleCode,
        reason: impl Into<Cow<'static, str>>,
    ) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
            rule,
            reason: reason.into(),
            flag_only: false,
            joins_lines: false,
        }
    }

    /// Remove `range`.
    pub fn remove(
        range: Range<usize>,
        rule: RuleCode,
        reason: impl Into<Cow<'static, str>>,
    ) -> Edit {
        Edit::replace(range, "", rule, reason)
    }

    /// The same edit, saying that it joins two printed lines of a paragraph (an unwrapping).
    pub fn joining_lines(self) -> Edit {
        Edit {
            joins_lines: true,
            ..self
        }
    }

    /// Report `range` without changing it.
    pub fn flag(range: Range<usize>, rule: RuleCode, reason: impl Into<Cow<'static, str>>) -> Edit {
        Edit {
            flag_only: true,
            ..Edit::remove(range, rule, reason)
        }
    }
}

/// Sorts `edits` by range, those at the same range in the order they came (the order in which
/// the pipeline keeps the first of two that overlap).
pub(crate) fn sort_edits(edits: &mut [Edit]) {
    sort_stably_by_key(edits, |e| (e.range.start, e.range.end));
}

/// Sorts `items` by `key`, ties in the order they came, through a permutation of their indices:
/// a stable sort of the items themselves allocates scratch room for as many of them as the slice
/// holds, up to 8 MB (tens of MB with the list, for a large document's changes or a stage's
/// edits). A sorted slice is left as it is, with nothing allocated.
pub(crate) fn sort_stably_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    if items.is_sorted_by_key(&key) {
        return;
    }
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_unstable_by_key(|&i| (key(&items[i]), i));
    // Position `j` takes the item at `order[j]`, one cycle of the permutation at a time; a
    // placed position is marked by `order[j] == j`.
    for i in 0..order.len() {
        let mut j = i;
        while order[j] != i {
            let k = order[j];
            order[j] = j;
            items.swap(j, k);
            j = k;
        }
        order[j] = j;
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    /// Line number, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// What became of a proposed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Applied to the output.
    Applied,
    /// An unsafe fix that was not applied (run with unsafe fixes enabled to apply it).
    Pending,
    /// Reported only: the rule saw a problem but had too little evidence to fix it.
    Flagged,
}

/// A later rule that changed text an earlier rule had already changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The rule's code.
    pub code: RuleCode,
    /// Why it changed the text.
    pub reason: Reason,
}

/// One change in the report, located in the ORIGINAL text.
///
/// For applied changes, replacing `span` of the original by `after`, for every applied change in
/// order, reproduces the cleaned text exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The rule that made the change (the first one, when several touched the same text).
    pub code: RuleCode,
    /// Why.
    pub reason: Reason,
    /// Byte span in the original text.
    pub span: Range<usize>,
    /// Where the change starts: the span's start, or for a change that removes text (a footer,
    /// a caption) the first character of that text rather than the line break before it.
    pub start: LineCol,
    /// Where the span ends.
    pub end: LineCol,
    /// The original text of the span (for a flag or pending fix: the text the rule saw).
    pub before: Snippet,
    /// What the span became (or would become, for a pending fix).
    pub after: Snippet,
    /// Whether the rule's fixes are safe (applied without `--unsafe-fixes`).
    pub safe: bool,
    /// Applied, pending or flagged.
    pub status: Status,
    /// Later rules that changed the same text further, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Step>,
}

impl Change {
    /// Every rule code that took part in this change.
    pub fn codes(&self) -> impl Iterator<Item = RuleCode> + '_ {
        std::iter::once(self.code).chain(self.also.iter().map(|s| s.code))
    }
}

/// The result of cleaning one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned<'a> {
    /// The cleaned text; borrowed from the input when nothing changed.
    pub text: Cow<'a, str>,
    /// Every change, applied or not, sorted by position in the original.
    pub changes: Vec<Change>,
    /// Ids of the suppressions that kept a rule from changing this text.
    pub suppressed: Vec<usize>,
}

impl Cleaned<'_> {
    /// Whether the output differs from the input.
    pub fn changed(&self) -> bool {
        self.applied().any(|c| c.before != c.after)
    }

    /// The same result, owning its text (for a document the caller no longer holds).
    pub fn into_owned(self) -> Cleaned<'static> {
        Cleaned {
            text: Cow::Owned(self.text.into_owned()),
            changes: self.changes,
            suppressed: self.suppressed,
        }
    }

    /// The changes that were applied.
    pub fn applied(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.status == Status::Applied)
    }
}

/// How many changes each rule made, left pending or flagged in one text: all that a report
/// naming no single change needs (`--check`, `--write`, the filter's summary).
///
/// ```
/// use ocrclean::{Pipeline, Status};
/// use ocrclean::edit::Counts;
/// let pipeline = Pipeline::default();
/// let text = "The ﬁrst  ﬂoor.\n";
/// let counted = pipeline.count_with(text, &pipeline.context());
/// assert_eq!(counted.counts, Counts::of(&pipeline.clean(text).changes));
/// let applied = counted.counts.with_status(Status::Applied);
/// assert_eq!(applied[&"UNI001".parse().unwrap()], 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts(BTreeMap<(RuleCode, Status), usize>);

impl Counts {
    /// The counts of `changes`: each change once for every rule that took part in it.
    pub fn of<'c>(changes: impl IntoIterator<Item = &'c Change>) -> Counts {
        let mut counts = Counts::default();
        for c in changes {
            for code in c.codes() {
                counts.add(code, c.status);
            }
        }
        counts
    }

    /// Counts one more change by `code` with `status`.
    pub fn add(&mut self, code: RuleCode, status: Status) {
        *self.0.entry((code, status)).or_default() += 1;
    }

    /// The changes of each rule that have `status`.
    pub fn with_status(&self, status: Status) -> BTreeMap<RuleCode, usize> {
        self.iter()
            .filter(|&(_, s, _)| s == status)
            .map(|(code, _, n)| (code, n))
            .collect()
    }

    /// Every rule, status and number of changes, by rule.
    pub fn iter(&self) -> impl Iterator<Item = (RuleCode, Status, usize)> + '_ {
        self.0.iter().map(|(&(code, status), &n)| (code, status, n))
    }
}

/// The result of cleaning one text when no change is listed, only counted
/// ([`crate::Pipeline::count_with`]): a large document's changes are hundreds of thousands, and
/// their records, not the text, were most of the memory a run held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted<'a> {
    /// The cleaned text; borrowed from the input when nothing changed.
    pub text: Cow<'a, str>,
    /// How many changes each rule made, left pending or flagged.
    pub counts: Counts,
    /// Whether the output differs from the input (as [`Cleaned::changed`]).
    pub changed: bool,
    /// Ids of the suppressions that kept a rule from changing this text.
    pub suppressed: Vec<usize>,
}

/// Applies applied changes (original spans) to `original`, in order. Used by tests and by
/// `ocrclean` itself to check a report reproduces its output.
pub fn replay<'c>(original: &str, changes: impl IntoIterator<Item = &'c Change>) -> String {
    let mut out = String::with_capacity(original.len());
    let mut last = 0;
    for c in changes {
        if c.status != Status::Applied {
            continue;
        }
        out.push_str(&original[last..c.span.start]);
        out.push_str(&c.after);
        last = c.span.end;
    }
    out.push_str(&original[last..]);
    out
}
