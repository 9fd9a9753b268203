//! Stage `furniture` (FUR): whole lines that an export or the printed page adds to an article.
//!
//! Which lines are furniture is data: `lines` and `line-patterns` rules in the packs under
//! `rules/furniture/` (one per source: PressReader's footer, the printed page's folios, running
//! heads and jump lines) and in users' own packs. The built-in rule `repeated-line` adds the lines
//! the batch shows recurring at the edges of many documents ([`LineWitness`]).
//!
//! A matching line is removed only where it stands as furniture: when its whole paragraph is
//! furniture, or when it is one of a run of furniture lines at the top of the first paragraph or
//! at the bottom of the last one and the text around the run does not run on into it. A line
//! inside running text stays, whatever it says. Removing a line takes the blank lines it leaves
//! with it, so paragraphs keep the one blank line between them.
//!
//! Cost on clean text: one `memchr` walk over the lines, and one match attempt per paragraph (its
//! first line) plus the edge lines of the first and last paragraphs; lines longer than any
//! furniture line are rejected on their length.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Mutex, OnceLock};

use regex::RegexSet;

use crate::batch::lines::{
    LineWitness, Recurrence, edge_window, ends_sentence, is_blank, template,
};
use crate::code::RuleCode;
use crate::edit::Edit;
use crate::rules::{Matcher, RuleBook, RuleError, StageName};
use crate::stage::{Context, Stage};

/// Longest line (in bytes, without surrounding spaces) a pack rule is tried on. Furniture lines
/// are short; the longest imprint lines are about 100 bytes.
pub const MAX_LINE_BYTES: usize = 400;

/// The furniture stage.
pub struct Furniture {
    rules: Vec<LineRule>,
    /// Literal lines (spaces collapsed) and the rule that lists each first.
    literals: HashMap<String, usize>,
    longest_literal: usize,
    /// Every pattern of every rule, anchored to the whole line, and the rule of each.
    patterns: Option<RegexSet>,
    pattern_rules: Vec<usize>,
    repeated: RuleCode,
}

struct LineRule {
    code: RuleCode,
    reason: String,
}

/// Why a line is furniture.
#[derive(Debug, Clone, Copy)]
enum Hit {
    /// A pack rule (index into `Furniture::rules`) matches it.
    Rule(usize),
    /// The batch shows it recurring.
    Learned(Recurrence),
}

/// A line found to stand as furniture: its text (no newline) and why.
struct Found {
    line: Range<usize>,
    hit: Hit,
}

impl Furniture {
    /// The stage, with every `lines` rule of the furniture stage compiled into one literal table
    /// and one regex set.
    pub fn new(book: &RuleBook) -> Result<Furniture, RuleError> {
        let mut rules = Vec::new();
        let mut literals = HashMap::new();
        let mut patterns = Vec::new();
        let mut pattern_rules = Vec::new();
        for rule in book.stage(StageName::Furniture) {
            let Matcher::Lines {
                literal,
                patterns: pats,
            } = &rule.matcher
            else {
                continue;
            };
            let index = rules.len();
            rules.push(LineRule {
                code: rule.code,
                reason: rule.reason.clone().unwrap_or_else(|| rule.summary()),
            });
            for line in literal {
                literals
                    .entry(collapse_spaces(line.trim()).into_owned())
                    .or_insert(index);
            }
            for p in pats {
                patterns.push(format!("^(?:{p})$"));
                pattern_rules.push(index);
            }
        }
        let patterns = if patterns.is_empty() {
            None
        } else {
            match compiled_set(&patterns) {
                Ok(set) => Some(set),
                Err(e) => return Err(pattern_error(book, &patterns, &pattern_rules, &rules, e)),
            }
        };
        Ok(Furniture {
            longest_literal: literals.keys().map(String::len).max().unwrap_or(0),
            rules,
            literals,
            patterns,
            pattern_rules,
            repeated: book.builtin_code(StageName::Furniture, "repeated-line"),
        })
    }

    /// Why `line` is furniture, if it is. `learned` is the batch's table with the window of edge
    /// lines, when the learned rule runs.
    fn hit(
        &self,
        text: &str,
        line: &Range<usize>,
        ctx: &Context,
        learned: Option<(&LineWitness, (usize, usize))>,
    ) -> Option<Hit> {
        let trimmed = text[line.clone()].trim();
        if trimmed.is_empty() || trimmed.len() > MAX_LINE_BYTES {
            return None;
        }
        let enabled = |i: &usize| ctx.selection.enabled(self.rules[*i].code);
        let key = collapse_spaces(trimmed);
        if key.len() <= self.longest_literal
            && let Some(i) = self.literals.get(key.as_ref()).filter(|i| enabled(i))
        {
            return Some(Hit::Rule(*i));
        }
        if let Some(set) = &self.patterns
            && set.is_match(&key)
            && let Some(i) = set
                .matches(&key)
                .iter()
                .map(|p| self.pattern_rules[p])
                .find(|i| enabled(i))
        {
            return Some(Hit::Rule(i));
        }
        let (witness, (top_end, bottom_start)) = learned?;
        if line.start >= top_end && line.start < bottom_start {
            return None;
        }
        witness.recurrence(trimmed).map(Hit::Learned)
    }

    fn edit(&self, text: &str, found: &Found, range: Range<usize>) -> Edit {
        match found.hit {
            Hit::Rule(i) => {
                let rule = &self.rules[i];
                Edit::remove(range, rule.code, rule.reason.clone())
            }
            Hit::Learned(r) => Edit::remove(
                range,
                self.repeated,
                format!(
                    "line repeated at the top or bottom of {} of the {} documents in the batch \
                     (template `{}`)",
                    r.documents,
                    r.batch,
                    template(&text[found.line.clone()])
                ),
            ),
        }
    }
}

impl Stage for Furniture {
    fn name(&self) -> StageName {
        StageName::Furniture
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        let learned = ctx
            .batch
            .map(|b| &b.lines)
            .filter(|w| !w.is_empty() && ctx.selection.enabled(self.repeated))
            .map(|w| (w, edge_window(text)));
        let (mut found, body) = self.scan(text, ctx, learned);
        if !body && learned.is_some() && found.iter().any(|f| matches!(f.hit, Hit::Learned(_))) {
            // What the batch taught would leave nothing of this document: it is not furniture
            // here, it is what this kind of document says.
            found = self.scan(text, ctx, None).0;
        }
        if found.is_empty() {
            return Vec::new();
        }
        self.removals(text, &found)
    }
}

impl Furniture {
    /// The lines that stand as furniture, in text order, and whether any line is left that is not.
    fn scan(
        &self,
        text: &str,
        ctx: &Context,
        learned: Option<(&LineWitness, (usize, usize))>,
    ) -> (Vec<Found>, bool) {
        let hit = |line: &Range<usize>| self.hit(text, line, ctx, learned);
        let mut found: Vec<Found> = Vec::new();
        // The first and the last paragraph that are not wholly furniture: their top and bottom
        // lines may be.
        let mut first_body: Option<Range<usize>> = None;
        let mut last_body: Option<Range<usize>> = None;
        for para in Paragraphs::new(text) {
            let before = found.len();
            let whole = LineRanges::new(text, para.clone()).all(|line| match hit(&line) {
                Some(h) => {
                    found.push(Found { line, hit: h });
                    true
                }
                None => false,
            });
            if !whole {
                found.truncate(before);
                first_body.get_or_insert(para.clone());
                last_body = Some(para);
            }
        }
        let body = first_body.is_some();
        if let Some(para) = first_body {
            top_run(text, para, &hit, &mut found);
        }
        if let Some(para) = last_body {
            bottom_run(text, para, &hit, &mut found);
        }
        found.sort_by_key(|f| f.line.start);
        (found, body)
    }
}

impl Furniture {
    /// One removal per furniture line, taking the line break and blank lines that would be left
    /// over: after kept text, from the end of the previous non-blank line to the end of this one;
    /// at the top of the text, from this line to the next non-blank one.
    fn removals(&self, text: &str, found: &[Found]) -> Vec<Edit> {
        let mut edits = Vec::with_capacity(found.len());
        // Whether every non-blank line so far is furniture.
        let mut at_top = true;
        let mut expected_start = next_non_blank(text, 0);
        for f in found {
            if at_top && f.line.start != expected_start {
                at_top = false;
            }
            let range = if at_top {
                let next = next_non_blank(text, f.line.end);
                expected_start = next;
                f.line.start..next
            } else {
                prev_content_end(text, f.line.start).unwrap_or(f.line.start)..f.line.end
            };
            edits.push(self.edit(text, f, range));
        }
        edits
    }
}

/// Furniture lines at the top of the first paragraph. They stand as furniture when the line after
/// them does not go on in lower case (which would make the last of them part of a sentence).
fn top_run(
    text: &str,
    para: Range<usize>,
    hit: &impl Fn(&Range<usize>) -> Option<Hit>,
    found: &mut Vec<Found>,
) {
    let before = found.len();
    for line in LineRanges::new(text, para) {
        match hit(&line) {
            Some(h) => found.push(Found { line, hit: h }),
            None => {
                if text[line].trim_start().starts_with(char::is_lowercase) {
                    found.truncate(before);
                }
                return;
            }
        }
    }
}

/// Furniture lines at the bottom of the last paragraph. A single line stands as
/// furniture when the line above it ends a sentence; two or more always do.
fn bottom_run(
    text: &str,
    para: Range<usize>,
    hit: &impl Fn(&Range<usize>) -> Option<Hit>,
    found: &mut Vec<Found>,
) {
    let before = found.len();
    let mut end = para.end;
    while end > para.start {
        let start = memchr::memrchr(b'\n', &text.as_bytes()[para.start..end])
            .map_or(para.start, |i| para.start + i + 1);
        let line = start..end;
        match hit(&line) {
            Some(h) => found.push(Found { line, hit: h }),
            None => {
                if found.len() - before == 1 && !ends_sentence(&text[line]) {
                    found.truncate(before);
                }
                return;
            }
        }
        end = start.saturating_sub(1);
    }
}

/// The regex set of `patterns`, compiled once per process: every pipeline built from the same
/// packs (one per configuration override, one per test) shares it.
fn compiled_set(patterns: &[String]) -> Result<RegexSet, regex::Error> {
    static SETS: OnceLock<Mutex<HashMap<Vec<String>, RegexSet>>> = OnceLock::new();
    let sets = SETS.get_or_init(Mutex::default);
    if let Some(set) = sets.lock().ok().and_then(|m| m.get(patterns).cloned()) {
        return Ok(set);
    }
    let limit = crate::rules::REGEX_SIZE_LIMIT * patterns.len();
    let set = regex::RegexSetBuilder::new(patterns)
        .size_limit(limit)
        .dfa_size_limit(limit)
        .build()?;
    if let Ok(mut m) = sets.lock() {
        m.insert(patterns.to_vec(), set.clone());
    }
    Ok(set)
}

/// The error for a set of patterns that does not compile, naming the first rule whose pattern
/// does not compile on its own within the size limit.
fn pattern_error(
    book: &RuleBook,
    patterns: &[String],
    pattern_rules: &[usize],
    rules: &[LineRule],
    set_error: regex::Error,
) -> RuleError {
    for (p, &r) in patterns.iter().zip(pattern_rules) {
        if let Err(message) = crate::rules::compile_user_regex(p)
            && let Some(rule) = book.get(rules[r].code)
        {
            return RuleError::Invalid {
                path: rule.origin.file.clone(),
                line: rule.origin.line,
                message: format!("rule {}: {message}", rule.code),
            };
        }
    }
    RuleError::Invalid {
        path: "rules/furniture".into(),
        line: 0,
        message: format!(
            "the furniture stage's line patterns do not compile together: {set_error}"
        ),
    }
}

/// Paragraphs: runs of non-blank lines, each as the range from the start of its first line to the
/// end of its last (before the newline).
struct Paragraphs<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Paragraphs<'t> {
    fn new(text: &'t str) -> Self {
        Paragraphs { text, pos: 0 }
    }
}

impl Iterator for Paragraphs<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let bytes = self.text.as_bytes();
        let mut start = None;
        while self.pos < bytes.len() {
            let line_start = self.pos;
            let line_end =
                memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
            self.pos = line_end + 1;
            if is_blank(&self.text[line_start..line_end]) {
                if let Some(s) = start {
                    return Some(s..line_start - 1);
                }
            } else if start.is_none() {
                start = Some(line_start);
            }
        }
        // The loop stopped past the end of the last line: its newline, or the end of the text.
        start.map(|s| s..self.pos - 1)
    }
}

/// The lines of a paragraph, as ranges without their newline.
struct LineRanges<'t> {
    text: &'t str,
    pos: usize,
    end: usize,
    done: bool,
}

impl<'t> LineRanges<'t> {
    fn new(text: &'t str, para: Range<usize>) -> Self {
        LineRanges {
            text,
            pos: para.start,
            end: para.end,
            done: false,
        }
    }
}

impl Iterator for LineRanges<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.done {
            return None;
        }
        let start = self.pos;
        match memchr::memchr(b'\n', &self.text.as_bytes()[start..self.end]) {
            Some(i) => {
                self.pos = start + i + 1;
                Some(start..start + i)
            }
            None => {
                self.done = true;
                Some(start..self.end)
            }
        }
    }
}

/// Start of the first non-blank line at or after `pos` (a line start), or the end of the text.
fn next_non_blank(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = pos;
    // `pos` may be the end of a line's text: step over its newline first.
    if bytes.get(start) == Some(&b'\n') {
        start += 1;
    }
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        if !is_blank(&text[start..end]) {
            return start;
        }
        start = end + 1;
    }
    bytes.len()
}

/// End (before the newline) of the last non-blank line before the line starting at `line_start`.
fn prev_content_end(text: &str, line_start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut start = line_start;
    while start > 0 {
        let end = start - 1;
        start = memchr::memrchr(b'\n', &bytes[..end]).map_or(0, |i| i + 1);
        if !is_blank(&text[start..end]) {
            return Some(end);
        }
    }
    None
}

/// `line` with every run of spaces and tabs inside it as one space (borrowed when there is none).
fn collapse_spaces(line: &str) -> Cow<'_, str> {
    let b = line.as_bytes();
    let needs = b.contains(&b'\t') || memchr::memmem::find(b, b"  ").is_some();
    if !needs {
        return Cow::Borrowed(line);
    }
    Cow::Owned(
        line.split([' ', '\t'])
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests;
