//! Runs the stages in order, applies their edits, and keeps every change located in the original.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::batch::{Batch, Evidence};
use crate::edit::{Change, Cleaned, Counted, Counts, Edit, LineCol, Status};
use crate::lexicon::UserWords;
use crate::offsets::OffsetMap;
use crate::rules::{RuleBook, RuleError};
use crate::stage::{Context, LineForm, Selection, Stage};
use crate::stages::{self, Captions};

/// Documents prepared at a time while a batch is gathered: their repaired copies are held until
/// they are counted.
const PREPARED_CHUNK: usize = 256;

/// What a pipeline was built with: which rules run and how far fixes may go. Set by
/// [`PipelineBuilder`], read by [`Pipeline::options`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The rules that run by default (a [`Context`] may override it per document).
    pub selection: Selection,
    /// Apply unsafe fixes too; otherwise they are reported as pending.
    pub unsafe_fixes: bool,
    /// Where captions taken out of the body text go (`--captions end|keep|drop`).
    pub captions: Captions,
    /// Words the user adds to the lexicon (`--words FILE`, config `extend-words`): the word
    /// repair stages treat them as known words.
    pub words: Arc<UserWords>,
}

/// The ordered stages, compiled once and shared by every thread.
///
/// ```
/// use ocrclean::Pipeline;
/// let pipeline = Pipeline::default();
/// let cleaned = pipeline.clean("The ﬁrst  edition.\n");
/// assert_eq!(cleaned.text, "The first edition.\n");
/// assert_eq!(cleaned.changes[0].code.as_str(), "UNI001");
/// assert_eq!(cleaned.changes[0].before, "ﬁ");
/// ```
pub struct Pipeline {
    book: Arc<RuleBook>,
    stages: Vec<Box<dyn Stage>>,
    options: Options,
}

impl Default for Pipeline {
    /// The built-in rules with their default selection; safe fixes only.
    fn default() -> Self {
        PipelineBuilder::new()
            .build()
            .unwrap_or_else(|e| panic!("built-in rules do not compile: {e}"))
    }
}

/// Builds a [`Pipeline`]. Each setting is documented here once, with its default; a setting
/// left alone keeps it.
///
/// ```
/// use ocrclean::{Captions, Pipeline, RuleBook, Selection};
///
/// let book = RuleBook::builtin();
/// let layout = Selection::of(&book, &["LAY"]).unwrap();
/// let pipeline = Pipeline::builder()
///     .rules(book)
///     .selection(layout)
///     .unsafe_fixes(true)
///     .captions(Captions::Drop)
///     .build()
///     .unwrap();
/// assert!(pipeline.options().unsafe_fixes);
/// ```
#[derive(Debug, Clone, Default)]
pub struct PipelineBuilder {
    rules: Option<Arc<RuleBook>>,
    selection: Option<Selection>,
    unsafe_fixes: bool,
    captions: Captions,
    words: Arc<UserWords>,
}

impl PipelineBuilder {
    /// A builder with every setting at its default.
    pub fn new() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The rules the pipeline knows. Default: the built-in packs ([`RuleBook::builtin`]).
    pub fn rules(&mut self, book: impl Into<Arc<RuleBook>>) -> &mut PipelineBuilder {
        self.rules = Some(book.into());
        self
    }

    /// The rules that run (a [`Context`] may narrow it per document). Default: the rules that
    /// are on by default in the book ([`Selection::defaults`]).
    pub fn selection(&mut self, selection: Selection) -> &mut PipelineBuilder {
        self.selection = Some(selection);
        self
    }

    /// Whether unsafe fixes are applied; otherwise they are reported as pending. Default: `false`.
    pub fn unsafe_fixes(&mut self, yes: bool) -> &mut PipelineBuilder {
        self.unsafe_fixes = yes;
        self
    }

    /// Where the layout stage puts captions it takes out of the body text. Default:
    /// [`Captions::End`].
    pub fn captions(&mut self, captions: Captions) -> &mut PipelineBuilder {
        self.captions = captions;
        self
    }

    /// Words the user adds to the lexicon (`--words FILE`, config `extend-words`): the word
    /// repair stages treat them as known words. Default: none.
    pub fn words(&mut self, words: Arc<UserWords>) -> &mut PipelineBuilder {
        self.words = words;
        self
    }

    /// Builds the stages, compiling every rule's matcher once. Fails when a user rule does not
    /// compile or asks a stage for what it cannot do.
    pub fn build(&self) -> Result<Pipeline, RuleError> {
        let book = self
            .rules
            .clone()
            .unwrap_or_else(|| Arc::new(RuleBook::builtin()));
        let options = Options {
            selection: self
                .selection
                .clone()
                .unwrap_or_else(|| Selection::defaults(&book)),
            unsafe_fixes: self.unsafe_fixes,
            captions: self.captions,
            words: self.words.clone(),
        };
        let stages = stages::build(
            &book,
            options.captions,
            options.unsafe_fixes,
            &options.words,
        )?;
        Ok(Pipeline {
            book,
            stages,
            options,
        })
    }
}

impl Pipeline {
    /// A builder, with every setting at its default ([`PipelineBuilder`]).
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::new()
    }

    /// The rules this pipeline knows.
    pub fn rules(&self) -> &RuleBook {
        &self.book
    }

    /// The options it was built with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// A context with the pipeline's own selection, to adjust per document.
    pub fn context(&self) -> Context<'_> {
        Context {
            selection: &self.options.selection,
            batch: None,
            suppressions: &[],
            line_form: LineForm::none(),
        }
    }

    /// Cleans `text` with the pipeline's own settings.
    pub fn clean<'a>(&self, text: &'a str) -> Cleaned<'a> {
        self.clean_with(text, &self.context())
    }

    /// Reads a whole document (UTF-8) and cleans it.
    ///
    /// ```
    /// let input = "Oﬀ the record.\n".as_bytes();
    /// let cleaned = ocrclean::Pipeline::default().clean_reader(input).unwrap();
    /// assert_eq!(cleaned.text, "Off the record.\n");
    /// ```
    pub fn clean_reader(
        &self,
        mut reader: impl std::io::Read,
    ) -> std::io::Result<Cleaned<'static>> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        let text = crate::input::decode("input", bytes)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        Ok(self.clean(&text).into_owned())
    }

    /// Cleans `text` for one document. CRLF text is cleaned as LF and written back as CRLF, with
    /// every span in the CRLF original.
    ///
    /// Without a [`Batch`] in the context, the document is its own batch.
    pub fn clean_with<'a>(&self, text: &'a str, ctx: &Context) -> Cleaned<'a> {
        let changes = || Kept::Changes(Vec::new());
        match crlf_to_lf(text) {
            None => self.run(text, ctx, changes()).cleaned(),
            Some(lf) => {
                let cleaned = self.run(&lf, ctx, changes()).cleaned();
                restore_crlf(text, &lf, cleaned)
            }
        }
    }

    /// Cleans `text` for one document as [`Pipeline::clean_with`] does, counting the changes
    /// rather than keeping them: the same text, and the counts of the changes `clean_with`
    /// lists, in a fraction of the memory when they are many (a report that names no change,
    /// such as `--check`, needs no more).
    ///
    /// ```
    /// use ocrclean::Pipeline;
    /// let pipeline = Pipeline::default();
    /// let counted = pipeline.count_with("Oﬀ  the record.\r\n", &pipeline.context());
    /// assert_eq!(counted.text, "Off the record.\r\n");
    /// assert!(counted.changed);
    /// ```
    pub fn count_with<'a>(&self, text: &'a str, ctx: &Context) -> Counted<'a> {
        let counts = || Kept::Counts(Counts::default(), false);
        match crlf_to_lf(text) {
            None => self.run(text, ctx, counts()).counted(),
            Some(lf) => {
                let counted = self.run(&lf, ctx, counts()).counted();
                Counted {
                    // As `restore_crlf` writes a changed text back.
                    text: if counted.changed {
                        Cow::Owned(counted.text.replace('\n', "\r\n"))
                    } else {
                        Cow::Borrowed(text)
                    },
                    ..counted
                }
            }
        }
    }

    /// Gathers the evidence of a batch of documents (in parallel), from each document as the
    /// stages that read evidence will see it (see [`Pipeline::prepare`]). Pass the result in the
    /// [`Context`] of [`Pipeline::clean_with`].
    ///
    /// ```
    /// use ocrclean::{Context, Pipeline};
    /// let pipeline = Pipeline::default();
    /// let docs = ["Jinping spoke.\n", "Xi Jin-\nping spoke.\n"];
    /// let batch = pipeline.gather(&docs);
    /// let ctx = Context { batch: Some(&batch), ..pipeline.context() };
    /// assert_eq!(pipeline.clean_with(docs[1], &ctx).text, "Xi Jinping\nspoke.\n");
    /// ```
    pub fn gather<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Batch {
        if texts.len() <= PREPARED_CHUNK {
            return Batch::gather(&self.prepare_all(texts));
        }
        let mut evidence = Evidence::default();
        self.gather_more(&mut evidence, texts);
        evidence.finish()
    }

    /// Adds the evidence of `texts` (prepared as [`Pipeline::gather`] prepares them) to `evidence`,
    /// the evidence of a batch gathered a part at a time.
    /// Texts are prepared a chunk at a time, so that only a chunk's repaired copies are held.
    pub fn gather_more<S: AsRef<str> + Sync>(&self, evidence: &mut Evidence, texts: &[S]) {
        for chunk in texts.chunks(PREPARED_CHUNK) {
            evidence.add(&self.prepare_all(chunk));
        }
    }

    /// [`Pipeline::prepare`] for each text, in parallel.
    pub fn prepare_all<'t, S: AsRef<str> + Sync>(&self, texts: &'t [S]) -> Vec<Cow<'t, str>> {
        use rayon::prelude::*;
        texts.par_iter().map(|t| self.prepare(t.as_ref())).collect()
    }

    /// `text` after the stages that come before any stage reading batch evidence (the unicode
    /// repairs), with the fixes this pipeline applies: the text a batch is gathered from, so that
    /// `e\u{301}` counted is the `é` looked up. Borrowed when those stages change nothing.
    pub fn prepare<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let ctx = self.context();
        let mut cur = Cow::Borrowed(text);
        for stage in self.stages.iter().take_while(|s| !s.reads_batch()) {
            if !ctx.selection.stage_enabled(stage.name()) {
                continue;
            }
            let mut edits = stage.propose(&cur, &ctx);
            tidy(&mut edits, &ctx);
            edits.retain(|e| !e.flag_only && (self.is_safe(e) || self.options.unsafe_fixes));
            if !edits.is_empty() {
                cur = Cow::Owned(crate::offsets::apply_cow(std::mem::take(&mut cur), &edits));
            }
        }
        cur
    }

    fn run<'a>(&self, text: &'a str, ctx: &Context, mut kept: Kept) -> Ran<'a> {
        let mut cur: Cow<'a, str> = Cow::Borrowed(text);
        let mut map = OffsetMap::default();
        let mut suppressed: Vec<usize> = Vec::new();
        // A document cleaned alone is its own batch, gathered when a stage first needs it.
        let mut own: Option<Batch> = None;
        // What the applied edits made of the lines, in the coordinates of `cur`.
        let mut line_form = LineForm::default();
        for stage in &self.stages {
            if !ctx.selection.stage_enabled(stage.name()) {
                continue;
            }
            if ctx.batch.is_none() && own.is_none() && stage.reads_batch() {
                own = Some(Batch::gather(&[cur.as_ref()]));
            }
            let batch = ctx.batch.or(own.as_ref());
            for pass in 0..=stage.reruns() {
                let ctx = &Context {
                    batch,
                    line_form: &line_form,
                    ..*ctx
                };
                let mut edits = stage.propose(&cur, ctx);
                if edits.is_empty() {
                    break;
                }
                tidy(&mut edits, ctx);
                if !ctx.suppressions.is_empty() {
                    edits.retain(|e| {
                        let hit = ctx
                            .suppressions
                            .iter()
                            .find(|s| s.covers(e.rule, &cur, &e.range));
                        if let Some(s) = hit {
                            suppressed.push(s.id);
                        }
                        hit.is_none()
                    });
                }
                // The edits to apply stay in the stage's list, the others are held as they leave
                // it: a second list of a stage's edits (one every few bytes of a large document)
                // was a share of the peak. A rerun's held edits are the first pass's again.
                let mut apply = edits;
                apply.retain_mut(|e| {
                    let safe = self.is_safe(e);
                    let status = if e.flag_only {
                        Status::Flagged
                    } else if safe || self.options.unsafe_fixes {
                        return true;
                    } else {
                        Status::Pending
                    };
                    if pass == 0 {
                        kept.hold(&mut map, &cur, e, safe, status);
                    }
                    false
                });
                // The room the stage's list had beyond its edits is not held while they are
                // applied.
                apply.shrink_to_fit();
                if apply.is_empty() {
                    break;
                }
                cur = Cow::Owned(kept.apply(&mut map, std::mem::take(&mut cur), &apply));
                line_form = line_form.after(&apply);
            }
        }
        let kept = match kept {
            Kept::Changes(held) => Kept::Changes(self.changes(text, &cur, map, held)),
            Kept::Counts(counts, _) => {
                let changed = *text != *cur;
                Kept::Counts(counts, changed)
            }
        };
        let text = match cur {
            Cow::Owned(s) if s == text => Cow::Borrowed(text),
            other => other,
        };
        suppressed.sort_unstable();
        suppressed.dedup();
        Ran {
            text,
            kept,
            suppressed,
        }
    }

    /// Every change of a run, sorted and located in `text`: the regions of `map` (applied) and
    /// the `held` changes (pending, flagged).
    fn changes(&self, text: &str, cur: &str, map: OffsetMap, held: Vec<Change>) -> Vec<Change> {
        // The held changes' list grows into the list of all changes (applied ones first), rather
        // than being copied into a new one: a large document's changes are hundreds of
        // thousands, and two lists of them were the largest share of the peak.
        let mut changes = held;
        let held = changes.len();
        changes.reserve_exact(map.regions.len());
        changes.extend(map.regions.into_iter().map(|r| Change {
            code: r.first.code,
            reason: r.first.reason,
            before: text[r.orig.clone()].into(),
            after: cur[r.cur].into(),
            span: r.orig,
            start: LineCol { line: 0, col: 0 },
            end: LineCol { line: 0, col: 0 },
            safe: self.book.get(r.first.code).is_none_or(|rule| rule.safe),
            status: Status::Applied,
            also: r.also,
        }));
        changes.rotate_left(held);
        // Stable: applied changes keep their order before held ones at the same place.
        sort_by_span(&mut changes);
        locate(text, &mut changes);
        changes
    }

    fn is_safe(&self, e: &Edit) -> bool {
        self.book.get(e.rule).is_none_or(|r| r.safe)
    }
}

/// What a run keeps of the changes it finds.
enum Kept {
    /// Every change, for a report that lists them ([`Cleaned`]): while the stages run, the
    /// pending and flagged ones (the applied ones are the offset map's regions).
    Changes(Vec<Change>),
    /// Only how many of each rule and status ([`Counted`]), and at the end whether the text
    /// changed.
    Counts(Counts, bool),
}

impl Kept {
    /// Keeps a change the run does not apply: `e`, an edit of `cur`, with `status` (its
    /// replacement is taken, the edit is dropped after).
    fn hold(&mut self, map: &mut OffsetMap, cur: &str, e: &mut Edit, safe: bool, status: Status) {
        let held = match self {
            Kept::Counts(counts, _) => return counts.add(e.rule, status),
            Kept::Changes(held) => held,
        };
        held.push(Change {
            code: e.rule,
            before: cur[e.range.clone()].into(),
            after: if e.flag_only {
                cur[e.range.clone()].into()
            } else {
                std::mem::take(&mut e.replacement).into()
            },
            reason: map.reasons.intern(&e.reason),
            span: map.to_original(&e.range),
            start: LineCol { line: 0, col: 0 },
            end: LineCol { line: 0, col: 0 },
            safe,
            status,
            also: Vec::new(),
        });
    }

    /// Applies `edits` to `cur`, the text they were made for, and returns the new text (in
    /// `cur`'s own buffer when it can). For a [`Cleaned`], `map` locates every change in the
    /// original; a [`Counted`] needs no location, only the count of each edit's rule: the map's
    /// regions, one per change of a large document, were the largest share of a count's peak.
    fn apply(&mut self, map: &mut OffsetMap, cur: Cow<'_, str>, edits: &[Edit]) -> String {
        match self {
            Kept::Changes(_) => map.remap(edits),
            Kept::Counts(counts, _) => {
                for e in edits {
                    counts.add(e.rule, Status::Applied);
                }
            }
        }
        crate::offsets::apply_cow(cur, edits)
    }
}

/// What one run of the stages gave.
struct Ran<'a> {
    text: Cow<'a, str>,
    kept: Kept,
    suppressed: Vec<usize>,
}

impl<'a> Ran<'a> {
    fn cleaned(self) -> Cleaned<'a> {
        let changes = match self.kept {
            Kept::Changes(changes) => changes,
            Kept::Counts(..) => unreachable!("a run for a Cleaned keeps its changes"),
        };
        Cleaned {
            text: self.text,
            changes,
            suppressed: self.suppressed,
        }
    }

    fn counted(self) -> Counted<'a> {
        let (counts, changed) = match self.kept {
            Kept::Counts(counts, changed) => (counts, changed),
            Kept::Changes(_) => unreachable!("a run for a Counted keeps counts"),
        };
        Counted {
            text: self.text,
            counts,
            changed,
            suppressed: self.suppressed,
        }
    }
}

/// Sorts `changes` by span, those at the same span in the order they came.
fn sort_by_span(changes: &mut [Change]) {
    crate::edit::sort_stably_by_key(changes, |c| (c.span.start, c.span.end));
}

/// Sorts a stage's edits, drops those of disabled rules, and drops any that overlap an earlier one
/// (two data-driven rules of one stage can both match the same text).
fn tidy(edits: &mut Vec<Edit>, ctx: &Context) {
    edits.retain(|e| ctx.selection.enabled(e.rule));
    crate::edit::sort_edits(edits);
    let mut end = 0;
    edits.retain(|e| {
        let ok = e.range.start >= end;
        if ok {
            end = e.range.end;
        }
        ok
    });
}

/// Fills in line:col of every change's span. A change that removes text (a footer, a caption)
/// starts where that text starts, not at the line break before it that goes with it.
fn locate(text: &str, changes: &mut [Change]) {
    if changes.is_empty() {
        return;
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    // Changes come sorted by start: one cursor for their starts, one for their ends.
    let (mut start_at, mut end_at) = (Locator::new(text, &starts), Locator::new(text, &starts));
    for c in changes {
        let removes_text = c.after.trim().is_empty() && !c.before.trim().is_empty();
        let lead = if removes_text {
            c.before.len() - c.before.trim_start().len()
        } else {
            0
        };
        c.start = start_at.at(c.span.start + lead);
        c.end = end_at.at(c.span.end);
    }
}

/// Line and column of byte positions asked for mostly in increasing order. Each answer counts the
/// characters from the previous one when it is on the same line, not from the line's start: a
/// single line of many megabytes with a change every few words cost its length times the number
/// of changes (minutes for a 16 MB line), and now costs its length.
struct Locator<'t> {
    text: &'t str,
    /// The byte offset where each line starts.
    starts: &'t [usize],
    /// The last position answered: its line (from 0), byte offset and column (from 1).
    line: usize,
    pos: usize,
    col: usize,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str, starts: &'t [usize]) -> Locator<'t> {
        Locator {
            text,
            starts,
            line: 0,
            pos: 0,
            col: 1,
        }
    }

    fn at(&mut self, pos: usize) -> LineCol {
        let line = self.starts.partition_point(|&s| s <= pos) - 1;
        if line != self.line {
            (self.line, self.pos, self.col) = (line, self.starts[line], 1);
        }
        if pos >= self.pos {
            self.col += self.text[self.pos..pos].chars().count();
        } else {
            self.col -= self.text[pos..self.pos].chars().count();
        }
        self.pos = pos;
        LineCol {
            line: line + 1,
            col: self.col,
        }
    }
}

/// The LF form of a text whose every line ends in CRLF; `None` when it is not such a text.
fn crlf_to_lf(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let crs = memchr::memchr_iter(b'\r', bytes).count();
    if crs == 0 {
        return None;
    }
    let lfs = memchr::memchr_iter(b'\n', bytes).count();
    let pairs = memchr::memmem::find_iter(bytes, b"\r\n").count();
    (pairs == crs && pairs == lfs).then(|| text.replace("\r\n", "\n"))
}

fn restore_crlf<'a>(original: &'a str, lf: &str, cleaned: Cleaned<'_>) -> Cleaned<'a> {
    if cleaned.changes.is_empty() {
        return Cleaned {
            text: Cow::Borrowed(original),
            changes: Vec::new(),
            suppressed: cleaned.suppressed,
        };
    }
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', lf.as_bytes()).collect();
    let to_crlf = |pos: usize| pos + newlines.partition_point(|&n| n < pos);
    let span = |r: Range<usize>| to_crlf(r.start)..to_crlf(r.end);
    let text = if cleaned.changed() {
        Cow::Owned(cleaned.text.replace('\n', "\r\n"))
    } else {
        Cow::Borrowed(original)
    };
    let changes = cleaned
        .changes
        .into_iter()
        .map(|c| {
            let span = span(c.span);
            Change {
                before: if c.status == Status::Applied {
                    original[span.clone()].into()
                } else {
                    c.before.replace('\n', "\r\n").into()
                },
                after: c.after.replace('\n', "\r\n").into(),
                span,
                ..c
            }
        })
        .collect();
    Cleaned {
        text,
        changes,
        suppressed: cleaned.suppressed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::RuleCode;
    use crate::edit::replay;

    #[test]
    fn changes_sort_by_span_keeping_the_order_of_ties() {
        let change = |start: usize, end: usize, n: usize| Change {
            code: RuleCode::from_static("UNI001"),
            reason: "".into(),
            span: start..end,
            start: LineCol { line: 0, col: 0 },
            end: LineCol { line: 0, col: 0 },
            before: n.to_string().into(),
            after: "".into(),
            safe: true,
            status: Status::Applied,
            also: Vec::new(),
        };
        // Spans out of order, with ties that must keep their order (`before` numbers them).
        let spans = [
            (5, 6),
            (1, 2),
            (5, 6),
            (0, 0),
            (1, 2),
            (9, 9),
            (0, 0),
            (5, 5),
            (1, 2),
        ];
        let mut changes: Vec<Change> = (0..27)
            .map(|n| change(spans[n * 4 % 9].0, spans[n * 4 % 9].1, n))
            .collect();
        let mut expected: Vec<(Range<usize>, String)> = changes
            .iter()
            .map(|c| (c.span.clone(), c.before.to_string()))
            .collect();
        expected.sort_by_key(|(s, _)| (s.start, s.end));
        sort_by_span(&mut changes);
        let got: Vec<(Range<usize>, String)> = changes
            .iter()
            .map(|c| (c.span.clone(), c.before.to_string()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn the_locator_counts_columns_in_characters_both_ways() {
        let text = "aé b\nçd\n\nxyz";
        let starts = [0, 6, 10, 11];
        let mut at = Locator::new(text, &starts);
        let lc = |line, col| LineCol { line, col };
        // In order, backwards on one line, across lines and back.
        assert_eq!(at.at(0), lc(1, 1));
        assert_eq!(at.at(3), lc(1, 3));
        assert_eq!(at.at(5), lc(1, 5));
        assert_eq!(at.at(1), lc(1, 2));
        assert_eq!(at.at(8), lc(2, 2));
        assert_eq!(at.at(10), lc(3, 1));
        assert_eq!(at.at(13), lc(4, 3));
        assert_eq!(at.at(4), lc(1, 4));
    }

    #[test]
    fn clean_text_borrows() {
        let p = Pipeline::default();
        let c = p.clean("Plain text.\n\nAnother paragraph.\n");
        assert!(matches!(c.text, Cow::Borrowed(_)));
        assert!(c.changes.is_empty());
    }

    #[test]
    fn changes_replay_to_output() {
        let p = Pipeline::default();
        let input = "The ﬁrst  line \nsecond\u{00A0}line\u{200B}.\n\n\n\nEnd.\n";
        let c = p.clean(input);
        assert_eq!(c.text, "The first line\nsecond line.\n\nEnd.\n");
        assert_eq!(replay(input, &c.changes), c.text);
        assert_eq!(c.changes[0].start, LineCol { line: 1, col: 5 });
    }

    #[test]
    fn crlf_is_kept() {
        let p = Pipeline::default();
        let input = "The ﬁrst  line\r\nsecond\r\n";
        let c = p.clean(input);
        assert_eq!(c.text, "The first line\r\nsecond\r\n");
        assert_eq!(replay(input, &c.changes), c.text);
    }

    /// The batch counts words as the repair stages see them: a decomposed `e\u{301}` counted
    /// raw would not be the `é` the hyphen stage looks up after NFC, and the second run (which
    /// counts the composed form) would make a join the first did not.
    #[test]
    fn evidence_is_counted_after_the_unicode_repairs() {
        let p = Pipeline::default();
        let decomposed = "The e\u{301}tagere and the e\u{301}ta-\ngere.\n";
        let once = p.clean(decomposed);
        assert_eq!(once.text, "The \u{e9}tagere and the \u{e9}tagere.\n");
        assert!(p.clean(&once.text).changes.is_empty());

        let docs = [decomposed, "An e\u{301}tagere.\n"];
        let batch = p.gather(&docs);
        assert_eq!(batch.words.form("\u{e9}tagere").count, 2);
        assert_eq!(batch.words.form("e\u{301}tagere").count, 0);
    }

    /// The default selection but the confusion stage's rules: the memory tests measure the
    /// other stages, or the confusion stage by the difference.
    fn without_ocr() -> Selection {
        let book = RuleBook::builtin();
        Selection::resolve(&book, None, &[], &["OCR".to_string()]).unwrap()
    }

    /// The changes of a large document (one every few dozen bytes) are held once, each in its
    /// record: no heap string per change for its before, after or reason (one shared copy of
    /// each reason), and no second list of them while the report is put together. The
    /// confusion stage is left out: what it holds while it reads is its own matter.
    #[test]
    fn a_document_of_many_changes_is_cleaned_in_little_more_than_their_records() {
        let text = crate::peak_alloc::wrapped_prose(2 << 20);
        let no_ocr = without_ocr();
        let p = Pipeline::builder().selection(no_ocr).build().unwrap();
        // Warmed up first, so that the peak does not hold the tables a first run builds once
        // per process (the split stage's word-pair table among them).
        p.clean(&crate::peak_alloc::wrapped_prose(64 << 10));
        let (cleaned, peak) = crate::peak_alloc::peak_during(|| p.clean(&text));
        let records = cleaned.changes.len() * size_of::<Change>();
        assert!(
            cleaned.changes.len() > text.len() / 100,
            "a change every 100 bytes at least"
        );
        assert!(
            cleaned.changes.iter().any(|c| c.status == Status::Pending),
            "pending changes too"
        );
        // The cleaned text and the one before it, and the records with half as much again for
        // the map of regions they are made from.
        assert!(
            peak < 2 * text.len() + records * 3 / 2,
            "{peak} bytes at the peak for {} bytes of text and {records} bytes of records",
            text.len()
        );
    }

    /// Counting a document's changes gives the text and the counts that listing them gives,
    /// while holding none of their records: a report that names no change (`--check`,
    /// `--write`, the filter's summary) needs no more.
    #[test]
    fn counting_the_changes_of_a_document_holds_none_of_them() {
        let text = crate::peak_alloc::wrapped_prose(2 << 20);
        let no_ocr = without_ocr();
        for unsafe_fixes in [false, true] {
            let p = Pipeline::builder()
                .selection(no_ocr.clone())
                .unsafe_fixes(unsafe_fixes)
                .build()
                .unwrap();
            let (cleaned, listing) = crate::peak_alloc::peak_during(|| p.clean(&text));
            let (counted, peak) =
                crate::peak_alloc::peak_during(|| p.count_with(&text, &p.context()));
            assert_eq!(counted.text, cleaned.text);
            assert_eq!(counted.changed, cleaned.changed());
            assert_eq!(counted.counts, Counts::of(&cleaned.changes));
            // Pending or applied, the changes are only counted: neither the list of all of them
            // nor the offset map's region of each applied one is made.
            let records = cleaned.changes.len() * size_of::<Change>();
            assert!(
                peak + records / 2 < listing,
                "counting held {peak} bytes at the peak, listing {listing} ({records} of records)"
            );
        }
    }

    /// Counting the changes of a wrapped document holds, beyond the text and its batch's
    /// evidence, two copies of the text (the text before and after a stage) and one stage's
    /// edits at a time: no map of where each change came from, no second list of a stage's
    /// edits, no sort's scratch copy of them, and no copy of one reason per edit.
    #[test]
    fn counting_a_document_holds_two_copies_of_it_and_one_stages_edits() {
        let text = crate::peak_alloc::wrapped_prose(2 << 20);
        let p = Pipeline::default();
        let batch = p.gather(&[text.as_str()]);
        let ctx = Context {
            batch: Some(&batch),
            ..p.context()
        };
        // Warmed up first, so that the peak does not hold what the first run builds once.
        let _ = p.count_with(&text[..4096], &ctx);
        let (edits, _) = crate::peak_alloc::peak_during(|| {
            p.stages
                .iter()
                .map(|s| s.propose(&text, &ctx).len())
                .max()
                .unwrap_or(0)
        });
        let (_, peak) = crate::peak_alloc::peak_during(|| p.count_with(&text, &ctx).changed);
        // Two copies of the text, and a stage's edits with what it reads them from (the layout
        // stage's lines of the page, about one per edit of a wrapped text). Before: 8.1 MB here,
        // now 6.8 MB, this bound 7.9 MB.
        let bound = 2 * text.len() + 2 * edits * size_of::<Edit>();
        assert!(
            peak < bound,
            "{peak} bytes at the peak for {} bytes of text and at most {edits} edits a stage",
            text.len()
        );
    }

    /// The confusion stage adds less than an eighth of the text's size to the peak of a run: it
    /// reads its suspects (unknown or rare words) a run of adjacent words at a time, holding for
    /// the whole document only how often each form occurs and a bit per word. Holding every
    /// suspect at once (128 bytes each) added 2.8 MB on this 2 MB text.
    #[test]
    fn the_confusion_stage_reads_a_document_in_an_eighth_of_its_size() {
        let text = crate::peak_alloc::wrapped_prose(2 << 20);
        let no_ocr = without_ocr();
        let without = Pipeline::builder().selection(no_ocr).build().unwrap();
        let with = Pipeline::default();
        // Warmed up first, so that neither peak holds what the first run builds once.
        let _ = with.count_with(&text[..4096], &with.context());
        let peak = |p: &Pipeline| {
            crate::peak_alloc::peak_during(|| p.count_with(&text, &p.context()).changed).1
        };
        let (with, without) = (peak(&with), peak(&without));
        assert!(
            with < without + text.len() / 8,
            "{with} bytes at the peak with the confusion stage, {without} without, for {} bytes",
            text.len()
        );
    }
}
