//! `--report FILE.html`: one self-contained page for reviewing every change of a run.
//!
//! The page needs nothing but itself: CSS and JavaScript are inline, a Content-Security-Policy
//! forbids every network request, and the text (untrusted: it came out of a scanner) is escaped
//! everywhere.
//!
//! Changes are shown *inline*, the way an editor's tracked changes look: the text is read once,
//! and where a rule changed it the old words are struck through in red right before the new ones in
//! green, with the exact characters that differ emphasised inside them (a character diff by
//! `similar`). For newspaper prose this reads better than a side-by-side view: paragraphs are long
//! lines and most fixes touch one character of them (a ligature, a soft hyphen, a space), so two
//! columns would show the same paragraph twice and leave the eye hunting for the difference.
//!
//! What changed comes from the pipeline's own report, not from diffing the two texts again: every
//! change is drawn at its span in the original and labelled with its rule code (the reason shows
//! on hover, or inline with "show reasons"), so a label can never land on the wrong words.
//! Unchanged stretches far from any change are folded to a line saying how much was left out,
//! which keeps the page proportional to the number of changes, not to the size of the corpus.
//!
//! ```
//! use ocrclean::Pipeline;
//! use ocrclean::output::html::Report;
//!
//! let original = "The ﬁrst ferry left at dawn.\n";
//! let cleaned = Pipeline::default().clean(original);
//! let mut report = Report::new("Ferry fares");
//! report.add("ferry.txt", original, &cleaned);
//! let page = report.render();
//! assert!(page.contains(">UNI001</abbr>"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write;
use std::hash::{BuildHasher, Hasher};
use std::io::{Seek as _, Write as _};
use std::ops::Range;
use std::time::Duration;

use similar::{DiffTag, TextDiff};

use crate::code::RuleCode;
use crate::edit::{Change, Cleaned, Status};
use crate::rules::RuleBook;

use super::{invisible, invisible_name};

/// Documents shown before the rest are only counted: a page with more is too long to review.
pub const DEFAULT_LIMIT: usize = 5_000;
/// Changes (runs of changes close together) drawn in one document; the rest of it is folded, its
/// changes counted. A dirty 60 MB document would otherwise make a page many times its size.
pub const DOCUMENT_CHANGES: usize = 1_000;
/// Changes drawn on one page (about 300 bytes each): once reached, further documents are counted,
/// not shown, so the page stays some tens of MB whatever the input.
pub const PAGE_CHANGES: usize = 100_000;
/// Bytes of the page's sections kept in memory before they go to an unnamed temporary file.
const SPOOL_BYTES: usize = 8 << 20;

/// Bytes of unchanged text kept on each side of a change; longer stretches are folded.
const CONTEXT: usize = 240;
/// Lines of unchanged text kept on each side of a change, when fewer than `CONTEXT` bytes.
const CONTEXT_LINES: usize = 2;
/// How far a change is widened to whole words, at most, on each side.
const MAX_WIDEN: usize = 40;

/// Changes per rule code, by status.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Applied changes.
    pub applied: usize,
    /// Unsafe fixes that were not applied.
    pub pending: usize,
    /// Problems left for review.
    pub flagged: usize,
}

impl Counts {
    fn add(&mut self, status: Status) {
        match status {
            Status::Applied => self.applied += 1,
            Status::Pending => self.pending += 1,
            Status::Flagged => self.flagged += 1,
        }
    }

    fn total(&self) -> usize {
        self.applied + self.pending + self.flagged
    }
}

/// One document's part of the page, rendered on its own so that workers can build it in
/// parallel and a [`Report`] can take documents in input order.
#[derive(Debug, Clone)]
pub struct Document {
    name: String,
    changed: bool,
    counts: BTreeMap<RuleCode, Counts>,
    /// The document's text with its changes marked; empty when there is nothing to review.
    body: String,
    /// Runs of changes drawn in `body`.
    drawn: usize,
}

impl Document {
    /// Renders `original` with the changes of `cleaned` marked in it.
    pub fn new(name: &str, original: &str, cleaned: &Cleaned) -> Document {
        let mut document = Document::counted(cleaned);
        document.name = name.to_string();
        if !cleaned.changes.is_empty() {
            (document.body, document.drawn) = body(original, &cleaned.changes);
        }
        document
    }

    /// Counts `cleaned`'s changes without rendering anything.
    fn counted(cleaned: &Cleaned) -> Document {
        let mut counts: BTreeMap<RuleCode, Counts> = BTreeMap::new();
        for c in &cleaned.changes {
            for code in c.codes() {
                counts.entry(code).or_default().add(c.status);
            }
        }
        Document {
            name: String::new(),
            changed: cleaned.changed(),
            counts,
            body: String::new(),
            drawn: 0,
        }
    }

    /// Whether the document has anything to review (a change, a pending fix or a flag).
    pub fn has_changes(&self) -> bool {
        !self.counts.is_empty()
    }
}

/// What a rule is called, for the filter bar.
#[derive(Debug, Clone)]
struct RuleInfo {
    name: String,
    description: String,
    safe: bool,
}

/// The review page of a run: feed it every document (changed or not), then
/// [`write`](Self::write) it (or [`render`](Self::render) it to a string).
///
/// The documents' parts are kept as they come, not in memory beyond a few MB (an unnamed
/// temporary file holds the rest, gone when the report is), and the page is written from them in
/// one pass; the report holds only counts.
#[derive(Debug)]
pub struct Report {
    title: String,
    rules: BTreeMap<RuleCode, RuleInfo>,
    limit: usize,
    change_limit: usize,
    /// The sections of the documents shown, in order.
    sections: tempfile::SpooledTempFile,
    /// The first error writing `sections`, reported when the page is written.
    error: Option<std::io::Error>,
    /// The script's Content-Security-Policy nonce.
    nonce: String,
    shown: usize,
    drawn: usize,
    seen: usize,
    changed: usize,
    to_review: usize,
    counts: BTreeMap<RuleCode, Counts>,
}

impl Report {
    /// An empty report whose page is titled `title`.
    pub fn new(title: &str) -> Report {
        Report {
            title: title.to_string(),
            rules: BTreeMap::new(),
            limit: DEFAULT_LIMIT,
            change_limit: PAGE_CHANGES,
            sections: tempfile::spooled_tempfile(SPOOL_BYTES),
            error: None,
            nonce: nonce(),
            shown: 0,
            drawn: 0,
            seen: 0,
            changed: 0,
            to_review: 0,
            counts: BTreeMap::new(),
        }
    }

    /// Names and describes the rule codes in the filter bar from `book`.
    pub fn with_rules(mut self, book: &RuleBook) -> Report {
        self.rules = book
            .rules()
            .iter()
            .map(|r| {
                let info = RuleInfo {
                    name: r.name.clone(),
                    description: r.description.clone(),
                    safe: r.safe,
                };
                (r.code, info)
            })
            .collect();
        self
    }

    /// Shows at most `limit` documents (default [`DEFAULT_LIMIT`]); the rest are counted.
    pub fn with_limit(mut self, limit: usize) -> Report {
        self.limit = limit;
        self
    }

    /// Shows documents until `changes` runs of changes are drawn (default [`PAGE_CHANGES`]); the
    /// rest are counted.
    pub fn with_change_limit(mut self, changes: usize) -> Report {
        self.change_limit = changes;
        self
    }

    /// Whether another document would still be shown.
    fn room(&self) -> bool {
        self.shown < self.limit && self.drawn < self.change_limit
    }

    /// Adds one document: `original` is its text, `cleaned` what the pipeline made of it.
    pub fn add(&mut self, name: &str, original: &str, cleaned: &Cleaned) {
        let document = if self.room() {
            Document::new(name, original, cleaned)
        } else {
            // Past the limit only the counts matter: skip rendering the text.
            Document::counted(cleaned)
        };
        self.push(document);
    }

    /// Adds a document rendered elsewhere (by [`Document::new`], e.g. on a worker thread).
    pub fn push(&mut self, document: Document) {
        self.seen += 1;
        self.changed += usize::from(document.changed);
        if !document.has_changes() {
            return;
        }
        self.to_review += 1;
        for (code, n) in &document.counts {
            let total = self.counts.entry(*code).or_default();
            total.applied += n.applied;
            total.pending += n.pending;
            total.flagged += n.flagged;
        }
        if self.room() && self.error.is_none() {
            let mut section = String::with_capacity(document.body.len() + 400);
            document_section(&mut section, self.shown, &document);
            if let Err(e) = self.sections.write_all(section.as_bytes()) {
                self.error = Some(e);
            }
            self.shown += 1;
            self.drawn += document.drawn;
        }
    }

    /// The whole page, as a string.
    pub fn render(&mut self) -> String {
        let mut page = Vec::new();
        // Writing to memory fails only if the sections could not be kept.
        if let Err(e) = self.write(&mut page) {
            return format!("<!DOCTYPE html>\n<p>the review page could not be made: {e}</p>\n");
        }
        String::from_utf8(page).unwrap_or_default()
    }

    /// Writes the whole page to `out`.
    pub fn write(&mut self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        out.write_all(self.head().as_bytes())?;
        self.sections.flush()?;
        self.sections.seek(std::io::SeekFrom::Start(0))?;
        std::io::copy(&mut self.sections, out)?;
        self.sections.seek(std::io::SeekFrom::End(0))?;
        out.write_all(self.foot().as_bytes())?;
        out.flush()
    }

    /// The page up to the first document.
    fn head(&self) -> String {
        let mut out = String::with_capacity(16_000);
        let nonce = &self.nonce;
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src 'unsafe-inline'; script-src 'nonce-{nonce}'; form-action 'none'; \
             base-uri 'none'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"ocrclean {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n\
             </head>\n<body>\n",
            env!("CARGO_PKG_VERSION"),
            escape(&self.title)
        );
        self.header(&mut out);
        out.push_str("<main>\n");
        out
    }

    /// The page after the last document.
    fn foot(&self) -> String {
        let mut out = String::new();
        let omitted = self.to_review - self.shown;
        if omitted > 0 {
            let _ = writeln!(
                out,
                "<p class=\"omitted\">{} more documents with changes are counted above but not \
                 shown: the page shows the first {} (at most {} documents and {} changes). Narrow \
                 the run (fewer inputs, <code>--select</code>) to review them.</p>",
                thousands(omitted),
                thousands(self.shown),
                thousands(self.limit),
                thousands(self.change_limit)
            );
        }
        if self.to_review == 0 {
            out.push_str(
                "<p class=\"empty\">Nothing to review: no rule changed or flagged any text.</p>\n",
            );
        }
        let _ = write!(
            out,
            "</main>\n<script nonce=\"{}\">{SCRIPT}</script>\n</body>\n</html>\n",
            self.nonce
        );
        out
    }

    fn header(&self, out: &mut String) {
        let _ = write!(
            out,
            "<header>\n<h1>{}</h1>\n<p class=\"summary\">{} documents: {} changed, {} with \
             changes to review; <span id=\"shown\"></span></p>\n",
            escape(&self.title),
            thousands(self.seen),
            thousands(self.changed),
            thousands(self.to_review),
        );
        out.push_str("<form id=\"filters\" autocomplete=\"off\">\n<fieldset class=\"codes\"><legend>Rules</legend>\n");
        for (code, n) in &self.counts {
            let info = self.rules.get(code);
            let title = info.map_or(String::new(), |r| {
                let safety = if r.safe { "safe" } else { "unsafe" };
                format!("{} ({safety}): {}", r.name, r.description.trim())
            });
            let _ = writeln!(
                out,
                "<label title=\"{}\"><input type=\"checkbox\" name=\"code\" value=\"{code}\" \
                 checked> <code>{code}</code> {} <span class=\"n\">{}</span></label>",
                escape(&title),
                escape(info.map_or("", |r| r.name.as_str())),
                count_text(n),
            );
        }
        out.push_str(
            "<button type=\"button\" data-all=\"1\">all</button>\
             <button type=\"button\" data-all=\"0\">none</button>\n</fieldset>\n\
             <fieldset class=\"status\"><legend>Show</legend>\n\
             <label><input type=\"checkbox\" name=\"status\" value=\"applied\" checked> \
             <span class=\"tag applied\">applied</span></label>\n\
             <label><input type=\"checkbox\" name=\"status\" value=\"pending\" checked> \
             <span class=\"tag pending\">unsafe, not applied</span></label>\n\
             <label><input type=\"checkbox\" name=\"status\" value=\"flagged\" checked> \
             <span class=\"tag flagged\">left for review</span></label>\n\
             <label><input type=\"checkbox\" name=\"reasons\"> reasons inline</label>\n\
             </fieldset>\n</form>\n</header>\n",
        );
    }
}

/// `12 applied, 1 pending` in short form: `12 +1? +2!` would be cryptic, so words.
fn count_text(n: &Counts) -> String {
    let mut parts = Vec::new();
    if n.applied > 0 {
        parts.push(thousands(n.applied));
    }
    if n.pending > 0 {
        parts.push(format!("{} unsafe", thousands(n.pending)));
    }
    if n.flagged > 0 {
        parts.push(format!("{} flagged", thousands(n.flagged)));
    }
    parts.join(", ")
}

fn document_section(out: &mut String, index: usize, d: &Document) {
    let codes: Vec<&str> = d.counts.keys().map(RuleCode::as_str).collect();
    let _ = write!(
        out,
        "<section class=\"doc\" id=\"d{index}\" data-codes=\"{}\">\n<h2><a href=\"#d{index}\">{}</a>",
        codes.join(" "),
        escape(&d.name)
    );
    for (code, n) in &d.counts {
        let _ = write!(out, " <span class=\"count\">{code} ×{}</span>", n.total());
    }
    out.push_str("</h2>\n<div class=\"text\">");
    out.push_str(&d.body);
    out.push_str("</div>\n</section>\n");
}

/// A run of changes close enough to be shown as one: their spans widened to whole words overlap.
struct Cluster<'c> {
    range: Range<usize>,
    changes: Vec<&'c Change>,
}

/// The document's text with its first [`DOCUMENT_CHANGES`] runs of changes drawn, and how many
/// were drawn; the text after them is folded, its changes counted.
fn body(original: &str, changes: &[Change]) -> (String, usize) {
    let (clusters, left) = clusters(original, changes, DOCUMENT_CHANGES);
    let mut out = String::new();
    let mut pos = 0;
    for (i, cluster) in clusters.iter().enumerate() {
        context(&mut out, &original[pos..cluster.range.start], i > 0, true);
        render_cluster(&mut out, original, cluster);
        pos = cluster.range.end;
    }
    let rest = &original[pos..];
    if left > 0 {
        let end = head(rest);
        out.push_str(&escape(&rest[..end]));
        let _ = write!(
            out,
            "<span class=\"fold\">⋯ {} more changes in the rest of this document, counted above \
             but not shown ⋯</span>",
            thousands(left)
        );
    } else {
        context(&mut out, rest, !clusters.is_empty(), false);
    }
    (out, clusters.len())
}

/// The first `limit` clusters of `changes` in text order, and how many changes are left after
/// them (only those clusters are built, however many changes a document has).
fn clusters<'c>(text: &str, changes: &'c [Change], limit: usize) -> (Vec<Cluster<'c>>, usize) {
    let key = |c: &Change| (c.span.start, c.span.end);
    let mut sorted: Vec<&Change> = Vec::new();
    let in_order: Box<dyn Iterator<Item = &Change>> = if changes.iter().is_sorted_by_key(key) {
        Box::new(changes.iter())
    } else {
        sorted.extend(changes);
        sorted.sort_by_key(|c| key(c));
        Box::new(sorted.iter().copied())
    };
    let mut out: Vec<Cluster> = Vec::new();
    for (i, c) in in_order.enumerate() {
        let range = widen(text, c);
        if let Some(last) = out.last_mut()
            && range.start <= last.range.end
        {
            last.range.end = last.range.end.max(range.end);
            last.changes.push(c);
        } else if out.len() == limit {
            return (out, changes.len() - i);
        } else {
            out.push(Cluster {
                range,
                changes: vec![c],
            });
        }
    }
    (out, 0)
}

/// The change's span, widened to the whole words it touches: a fixed ligature shows as the word
/// `ﬁrst` becoming `first`, not as two letters inside an unmarked word, and a removed hyphen and
/// line break show as `recon-⏎struction` becoming `reconstruction`. A change made only of
/// whitespace is not widened, so a removed line or a squeezed space stays exactly itself.
fn widen(text: &str, c: &Change) -> Range<usize> {
    let span = c.span.start.min(text.len())..c.span.end.min(text.len());
    let word = |ch: Option<char>| ch.is_some_and(|ch| !ch.is_whitespace());
    let before = &text[span.clone()];
    // A removal between two word characters joins them into one word.
    let joins = c.after.is_empty()
        && word(text[..span.start].chars().next_back())
        && word(text[span.end..].chars().next());
    let left = joins || word(before.chars().next()) || word(c.after.chars().next());
    let right = joins || word(before.chars().next_back()) || word(c.after.chars().next_back());
    let mut start = span.start;
    if left {
        for (n, (i, ch)) in text[..start].char_indices().rev().enumerate() {
            if ch.is_whitespace() || n == MAX_WIDEN {
                break;
            }
            start = i;
        }
    }
    let mut end = span.end;
    if right {
        for (n, (i, ch)) in text[end..].char_indices().enumerate() {
            if ch.is_whitespace() || n == MAX_WIDEN {
                break;
            }
            end = span.end + i + ch.len_utf8();
        }
    }
    start..end
}

/// Unchanged text between clusters: kept in full when short, else a little on each side of the
/// neighbouring changes and a fold line saying what was left out.
fn context(out: &mut String, text: &str, after_change: bool, before_change: bool) {
    let keep = |side: bool| if side { CONTEXT } else { 0 };
    if text.len() <= keep(after_change) + keep(before_change) + CONTEXT / 2 {
        out.push_str(&escape(text));
        return;
    }
    let head = if after_change { head(text) } else { 0 };
    let tail = if before_change {
        tail(text)
    } else {
        text.len()
    };
    let (head, tail) = if head >= tail {
        (text.len(), text.len())
    } else {
        (head, tail)
    };
    out.push_str(&escape(&text[..head]));
    let folded = &text[head..tail];
    if !folded.is_empty() {
        let lines = folded.matches('\n').count();
        let what = if lines > 1 {
            format!("{} unchanged lines", thousands(lines))
        } else {
            format!("{} unchanged characters", thousands(folded.chars().count()))
        };
        let _ = write!(out, "<span class=\"fold\">⋯ {what} ⋯</span>");
    }
    out.push_str(&escape(&text[tail..]));
}

/// Where the kept context after a change ends: at the end of the change's line and
/// `CONTEXT_LINES` more, or after about `CONTEXT` bytes, cut at a space.
fn head(text: &str) -> usize {
    let window = &text[..floor_boundary(text, CONTEXT)];
    if let Some((i, _)) = window.match_indices('\n').nth(CONTEXT_LINES) {
        return i + 1;
    }
    window.rfind(' ').map_or(window.len(), |i| i + 1)
}

/// Where the kept context before a change starts: the start of the change's line and
/// `CONTEXT_LINES` before it, or about `CONTEXT` bytes before, cut at a space.
fn tail(text: &str) -> usize {
    let start = ceil_boundary(text, text.len().saturating_sub(CONTEXT));
    let window = &text[start..];
    if let Some((i, _)) = window.rmatch_indices('\n').nth(CONTEXT_LINES) {
        return start + i + 1;
    }
    window.find(' ').map_or(start, |i| start + i + 1)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn render_cluster(out: &mut String, text: &str, cluster: &Cluster) {
    // What the words look like: applied changes if any, else the unsafe fixes that would apply.
    let kind = if cluster.changes.iter().any(|c| c.status == Status::Applied) {
        Status::Applied
    } else if cluster.changes.iter().any(|c| c.status == Status::Pending) {
        Status::Pending
    } else {
        Status::Flagged
    };
    let _ = write!(out, "<span class=\"c {}\">", status_name(kind));
    let range = cluster.range.clone();
    // The changes drawn into the words: of the chosen status, not overlapping each other. The
    // others still get their labels.
    let mut drawn: Vec<&Change> = Vec::new();
    for c in cluster.changes.iter().filter(|c| c.status == kind) {
        if drawn.last().is_none_or(|d| c.span.start >= d.span.end) && c.span.end <= range.end {
            drawn.push(c);
        }
    }
    let mut trailer = "";
    if kind == Status::Flagged {
        out.push_str("<span class=\"flagged-text\">");
        let mut pos = range.start;
        for c in &drawn {
            out.push_str(&escape(&text[pos..c.span.start]));
            let _ = write!(
                out,
                "<u>{}</u>",
                shown(&c.before, c.before.trim().is_empty())
            );
            pos = c.span.end;
        }
        out.push_str(&escape(&text[pos..range.end]));
        out.push_str("</span>");
    } else {
        let mut old = String::new();
        let mut new = String::new();
        let mut pos = range.start;
        for c in &drawn {
            let same = escape(&text[pos..c.span.start]);
            old.push_str(&same);
            new.push_str(&same);
            emphasise(&mut old, &mut new, &c.before, &c.after);
            pos = c.span.end;
        }
        let same = escape(&text[pos..range.end]);
        old.push_str(&same);
        new.push_str(&same);
        // A change that ends a line (a removed footer, a caption moved to the end of its
        // paragraph) gets its labels on that line, not at the start of the next one.
        if kind == Status::Applied {
            if let Some(rest) = new.strip_suffix("\n</b>") {
                new = format!("{rest}</b>");
                trailer = "\n";
            } else if let (true, Some(rest)) = (new.is_empty(), old.strip_suffix("\n</b>")) {
                old = format!("{rest}</b>");
                trailer = "<span class=\"dn\">\n</span>";
            }
        }
        let _ = write!(out, "<del>{old}</del><ins>{new}</ins>");
    }
    tags(out, cluster);
    out.push_str(trailer);
    out.push_str("</span>");
}

/// The labels of a cluster: one `<abbr>` per rule that took part, its code as text and the
/// place and reason as its title. Applied is the default; pending and flagged have a class.
fn tags(out: &mut String, cluster: &Cluster) {
    for c in &cluster.changes {
        tag(out, c.code, &c.reason, c);
        for step in &c.also {
            tag(out, step.code, &step.reason, c);
        }
    }
}

fn tag(out: &mut String, code: RuleCode, reason: &str, c: &Change) {
    let class = match c.status {
        Status::Applied => "",
        Status::Pending => " class=\"pending\"",
        Status::Flagged => " class=\"flagged\"",
    };
    let what = match c.status {
        Status::Applied => String::new(),
        Status::Pending => format!(
            " [unsafe fix, not applied: {:?} would become {:?}]",
            c.before, c.after
        ),
        Status::Flagged => " [left for review]".to_string(),
    };
    let _ = write!(
        out,
        "<abbr{class} title=\"at {}:{}: {}{}\">{code}</abbr>",
        c.start.line,
        c.start.col,
        escape(reason),
        escape(&what),
    );
}

/// Appends `before` and `after` to the old and new words, the characters that differ emphasised.
fn emphasise(old: &mut String, new: &mut String, before: &str, after: &str) {
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(Duration::from_millis(50))
        .diff_chars(before, after);
    let old_slices: Vec<&str> = diff.iter_old_slices().collect();
    let new_slices: Vec<&str> = diff.iter_new_slices().collect();
    for op in diff.ops() {
        let (o, n) = (op.old_range(), op.new_range());
        let o = old_slices[o].concat();
        let n = new_slices[n].concat();
        match op.tag() {
            DiffTag::Equal => {
                old.push_str(&escape(&o));
                new.push_str(&escape(&n));
            }
            _ => {
                if !o.is_empty() {
                    let _ = write!(old, "<b>{}</b>", shown(&o, o.trim().is_empty()));
                }
                if !n.is_empty() {
                    let _ = write!(new, "<b>{}</b>", shown(&n, n.trim().is_empty()));
                }
            }
        }
    }
}

/// Changed text made visible: line breaks get a ⏎, characters one cannot see get a named badge,
/// and (in a change of whitespace only) spaces get a dot. The glyphs come from CSS, so copying
/// the text from the page copies the real text.
fn shown(s: &str, spaces: bool) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '\n' => out.push_str("<i class=\"nl\"></i>\n"),
            '\t' => out.push_str("<i class=\"tab\">\t</i>"),
            ' ' if spaces => out.push_str("<i class=\"sp\"> </i>"),
            ' ' => out.push(' '),
            '\u{a0}' => out.push_str("<i class=\"nb\">\u{a0}</i>"),
            c if c.is_whitespace() => {
                let _ = write!(out, "<i class=\"ws\" title=\"U+{:04X}\">{c}</i>", c as u32);
            }
            c if invisible(c) => {
                let _ = write!(out, "<i class=\"cc\" data-g=\"{}\"></i>", invisible_name(c));
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Characters that print as nothing: controls, format characters (soft hyphen, zero-width and
/// bidirectional marks), and the byte-order mark.
fn status_name(status: Status) -> &'static str {
    match status {
        Status::Applied => "applied",
        Status::Pending => "pending",
        Status::Flagged => "flagged",
    }
}

/// Text made safe for HTML content and double-quoted attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // NUL is a parse error in HTML; show what it is instead.
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// A fresh value for the script's Content-Security-Policy nonce, so that a `<script>` smuggled
/// into the page through some escaping bug still would not run.
fn nonce() -> String {
    let random = || {
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    };
    format!("{:016x}{:016x}", random(), random())
}

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/report.js");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;
    use crate::edit::LineCol;

    fn change(text: &str, range: Range<usize>, after: &str, status: Status) -> Change {
        Change {
            code: "FUR001".parse().unwrap(),
            reason: "test".into(),
            span: range.clone(),
            start: LineCol { line: 1, col: 1 },
            end: LineCol { line: 1, col: 1 },
            before: text[range].into(),
            after: after.into(),
            safe: true,
            status,
            also: Vec::new(),
        }
    }

    fn widened<'t>(text: &'t str, range: Range<usize>, after: &str) -> &'t str {
        &text[widen(text, &change(text, range, after, Status::Applied))]
    }

    #[test]
    fn changes_widen_to_whole_words_but_whitespace_stays_itself() {
        let text = "The ﬁrst ferry";
        let fi = text.find('ﬁ').unwrap();
        assert_eq!(widened(text, fi..fi + 'ﬁ'.len_utf8(), "fi"), "ﬁrst");
        let text = "ferry  left";
        assert_eq!(widened(text, 5..7, " "), "  ");
        let text = "recon-\nstruction began";
        assert_eq!(widened(text, 5..7, ""), "recon-\nstruction");
        let text = "Tuesday.\nNewspapers in English\nThe next";
        let footer = text.find("News").unwrap()..text.find("The").unwrap();
        assert_eq!(widened(text, footer, ""), "Newspapers in English\n");
    }

    #[test]
    fn text_is_escaped_everywhere() {
        let text = "Letters\u{200B} <script>alert('x')</script> & \"quotes\"\n";
        let cleaned = Pipeline::default().clean(text);
        assert!(cleaned.changed());
        let mut report = Report::new("<title> & co");
        report.add("<b>name</b>.txt", text, &cleaned);
        let page = report.render();
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(
            page.contains(
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;"
            )
        );
        assert!(page.contains("&lt;b&gt;name&lt;/b&gt;.txt"));
        assert!(page.contains("<title>&lt;title&gt; &amp; co</title>"));
    }

    #[test]
    fn page_is_self_contained() {
        let text = "The ﬁrst ferry.\n";
        let mut report = Report::new("t");
        report.add("a.txt", text, &Pipeline::default().clean(text));
        let page = report.render();
        assert_eq!(page.matches("<script").count(), 1, "one inline script");
        assert!(!page.contains("src="), "no external script or image");
        assert!(!page.contains("<link"), "no external stylesheet");
        assert!(
            !page.contains("http:") && !page.contains("https:"),
            "no addresses"
        );
        assert!(
            page.contains("default-src 'none'"),
            "a policy that forbids the network"
        );
    }

    #[test]
    fn clean_documents_are_counted_not_shown() {
        let mut report = Report::new("t");
        for i in 0..3 {
            let text = "Clean text.\n";
            report.add(&format!("{i}.txt"), text, &Pipeline::default().clean(text));
        }
        let page = report.render();
        assert!(page.contains("3 documents: 0 changed, 0 with changes to review"));
        assert!(page.contains("Nothing to review"));
        assert!(!page.contains("<section"));
    }

    #[test]
    fn removed_text_pending_fixes_and_flags_are_all_shown() {
        let text = "Tuesday.\nNewspapers in English\nIt cost $5 and tbe rest.\n";
        let footer = text.find("News").unwrap()..text.find("It").unwrap();
        let cost = text.find("$5").unwrap();
        let tbe = text.find("tbe").unwrap();
        let changes = vec![
            change(text, footer, "", Status::Applied),
            change(text, cost..cost + 2, "$5.00", Status::Pending),
            change(text, tbe..tbe + 3, "tbe", Status::Flagged),
        ];
        let cleaned = Cleaned {
            text: crate::edit::replay(text, &changes).into(),
            changes,
            suppressed: Vec::new(),
        };
        let mut report = Report::new("t");
        report.add("a.txt", text, &cleaned);
        let page = report.render();
        assert!(page.contains("<del><b>Newspapers in English"), "{page}");
        assert!(page.contains("class=\"c pending\""));
        assert!(page.contains("$5<b>.00</b>"), "the proposed fix is shown");
        assert!(page.contains("class=\"c flagged\""));
        assert!(page.contains("<u>tbe</u>"));
        assert!(page.contains("1 unsafe") && page.contains("1 flagged"));
    }

    #[test]
    fn long_unchanged_stretches_are_folded() {
        let filler: String = (0..200)
            .map(|i| format!("Line {i} of the story.\n"))
            .collect();
        let text = format!("The ﬁrst line.\n{filler}The last oﬀ line.\n");
        let mut report = Report::new("t");
        report.add("a.txt", &text, &Pipeline::default().clean(&text));
        let page = report.render();
        assert!(page.contains("unchanged lines ⋯"), "folded");
        assert!(
            !page.contains("Line 100 of the story."),
            "the middle is left out"
        );
        assert!(
            page.contains("Line 0 of the story."),
            "context after the first change"
        );
        assert!(
            page.contains("Line 199 of the story."),
            "context before the last change"
        );
        assert!(page.len() < 20_000);
    }

    #[test]
    fn past_the_limit_documents_are_counted_only() {
        let mut report = Report::new("t").with_limit(1);
        for name in ["a.txt", "b.txt"] {
            let text = "The ﬁrst ferry.\n";
            report.add(name, text, &Pipeline::default().clean(text));
        }
        let page = report.render();
        assert!(page.contains("a.txt"));
        assert!(!page.contains("b.txt"));
        assert!(page.contains("1 more documents with changes"));
        assert!(page.contains("2 documents: 2 changed"));
        assert!(
            page.contains("<span class=\"n\">2</span>"),
            "both counted per rule"
        );
    }

    #[test]
    fn a_dense_document_draws_its_first_changes_and_folds_the_rest() {
        let page = |lines: usize| {
            let text = "The ﬁrst ferry left the harbour at dawn today.\n".repeat(lines);
            let mut report = Report::new("t");
            report.add("a.txt", &text, &Pipeline::default().clean(&text));
            report.render()
        };
        let three = page(3 * DOCUMENT_CHANGES);
        assert_eq!(
            three.matches("<span class=\"c applied\">").count(),
            DOCUMENT_CHANGES
        );
        assert!(
            three.contains("⋯ 2,000 more changes in the rest of this document"),
            "the rest is counted"
        );
        // Twice the changes, (nearly) the same page.
        let six = page(6 * DOCUMENT_CHANGES);
        assert!(six.contains("⋯ 5,000 more changes"));
        assert!(
            six.len() < three.len() + 100,
            "{} then {}",
            three.len(),
            six.len()
        );
    }

    #[test]
    fn past_the_change_limit_documents_are_counted_only() {
        let mut report = Report::new("t").with_change_limit(2);
        for name in ["a.txt", "b.txt", "c.txt"] {
            let text = "The ﬁrst ferry.\n";
            report.add(name, text, &Pipeline::default().clean(text));
        }
        let page = report.render();
        assert!(page.contains("a.txt") && page.contains("b.txt"));
        assert!(!page.contains("c.txt"));
        assert!(page.contains("1 more documents with changes"));
        assert!(page.contains("3 documents: 3 changed"));
        // The page can be written again: its parts are kept.
        assert_eq!(report.render(), page);
    }

    #[test]
    fn invisible_characters_get_names() {
        assert_eq!(
            shown("a\u{ad}\u{200b}", false),
            "a<i class=\"cc\" data-g=\"SHY\"></i><i class=\"cc\" data-g=\"ZWSP\"></i>"
        );
        assert!(shown("  ", true).contains("<i class=\"sp\"> </i>"));
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(12), "12");
    }
}
