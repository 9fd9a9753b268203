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

use memchr::memmem::Finder;
use regex::RegexSet;

use crate::batch::lines::{LineWitness, Recurrence, edge_window, template};
use crate::code::RuleCode;
use crate::edit::Edit;
use crate::rules::screen::{Anchoring, Screen};
use crate::rules::{Matcher, RuleBook, RuleError, StageName};
use crate::stage::{Context, Stage};
use crate::text::{ends_sentence, is_blank};

/// Longest line (in bytes, without surrounding spaces and with runs of spaces collapsed) that a
/// pattern which can match any length (`.*`, `+`) is tried on. Furniture lines are short (the
/// longest built-in one, PressReader's imprint run together on one line, is 113 bytes), while
/// most first lines of body paragraphs are longer, so they are rejected on their length without
/// running the patterns. A longer footer can be listed in `lines` (literal lines match at any
/// length) or given a pattern of bounded length (`.{0,300}`), which is tried up to its bound.
pub const UNBOUNDED_PATTERN_BYTES: usize = 160;

/// The furniture stage.
pub struct Furniture {
    rules: Vec<LineRule>,
    /// Literal lines (spaces collapsed) and the rule that lists each first.
    literals: HashMap<String, usize, rustc_hash::FxBuildHasher>,
    /// `literal_lengths[n]`: some literal is `n` bytes long (most lines are rejected on that).
    literal_lengths: Vec<bool>,
    /// The line patterns, a group per rule, in rule order.
    patterns: Vec<PatternGroup>,
    /// Longest line any literal or pattern can match.
    longest_line: usize,
    /// Longest line any pattern can match ([`UNBOUNDED_PATTERN_BYTES`] for one that is unbounded).
    longest_pattern: usize,
    repeated: RuleCode,
    finders: Finders,
}

/// Searchers built once: building one per search costs more than the search of a short line.
struct Finders {
    double_space: Finder<'static>,
}

impl Finders {
    fn new() -> Finders {
        Finders {
            double_space: Finder::new(b"  "),
        }
    }
}

/// The line patterns of one rule, compiled into a regex set when a line first gets past the
/// screen of what they need ([`Screen`]): most documents have no such line.
struct PatternGroup {
    /// Index of the rule in `Furniture::rules`.
    rule: usize,
    screen: Screen,
    /// The patterns, anchored to the whole line.
    sources: Vec<String>,
    /// The size limit of the set of all the stage's patterns: a group, a part of that set,
    /// compiles whenever the whole set does.
    limit: usize,
    set: OnceLock<Option<RegexSet>>,
}

impl PatternGroup {
    /// Whether a pattern of the group matches `line`.
    fn matches(&self, line: &str) -> bool {
        if !self.screen.admits(line.as_bytes()) {
            return false;
        }
        // The stage's patterns compile together (checked when the stage is built: a test for
        // the built-in ones, `Furniture::new` for a user's), so each group compiles.
        self.set
            .get_or_init(|| compiled_set(&self.sources, self.limit).ok())
            .as_ref()
            .is_some_and(|set| set.is_match(line))
    }
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
        let mut literals = HashMap::default();
        let mut patterns = Vec::new();
        let mut pattern_rules = Vec::new();
        let mut longest_pattern = 0;
        let mut user_patterns = false;
        let mut parsed = Vec::new();
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
            user_patterns |= !rule.origin.builtin && !pats.is_empty();
            for p in pats {
                let hir = regex_syntax::parse(p).ok();
                let bound = hir.as_ref().and_then(|hir| hir.properties().maximum_len());
                parsed.push(hir);
                longest_pattern = longest_pattern.max(bound.unwrap_or(UNBOUNDED_PATTERN_BYTES));
                patterns.push(format!("^(?:{p})$"));
                pattern_rules.push(index);
            }
        }
        let limit = crate::rules::set_size_limit(patterns.len());
        // The budget is checked one pattern at a time before the set is compiled: compiling a
        // set far over it first took a minute and a half and 201 MB to refuse it.
        if user_patterns {
            // A user's pattern that does not compile is an error of the stage's construction.
            if let Some(blame) = crate::rules::budget_error(&patterns) {
                return Err(pattern_error(
                    book,
                    &pattern_rules,
                    &rules,
                    Some(blame),
                    None,
                ));
            }
            if let Err(e) = compiled_set(&patterns, limit) {
                // The set counts a little more than its patterns alone: the exact search names
                // the pattern that broke it.
                let blame = crate::rules::set_error(&patterns);
                return Err(pattern_error(book, &pattern_rules, &rules, blame, Some(e)));
            }
        }
        let patterns = groups(patterns, &parsed, &pattern_rules, limit);
        let mut literal_lengths =
            vec![false; literals.keys().map(String::len).max().map_or(0, |n| n + 1)];
        for l in literals.keys() {
            literal_lengths[l.len()] = true;
        }
        Ok(Furniture {
            longest_line: longest_pattern.max(literal_lengths.len()),
            literal_lengths,
            longest_pattern,
            rules,
            literals,
            patterns,
            repeated: crate::code::builtin::furniture::REPEATED_LINE,
            finders: Finders::new(),
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
        let raw = &text[line.clone()];
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return None;
        }
        // Collapsing spaces shortens a line; a line twice as long as any rule can match is not
        // worth collapsing.
        if trimmed.len() <= 2 * self.longest_line
            && let Some(hit) = self.pack_hit(trimmed, ctx)
        {
            return Some(hit);
        }
        let (witness, (top_end, bottom_start)) = learned?;
        if line.start >= top_end && line.start < bottom_start {
            return None;
        }
        witness.recurrence(trimmed).map(Hit::Learned)
    }

    /// The first enabled pack rule that matches the trimmed line.
    fn pack_hit(&self, trimmed: &str, ctx: &Context) -> Option<Hit> {
        let enabled = |i: &usize| ctx.selection.enabled(self.rules[*i].code);
        let b = trimmed.as_bytes();
        // A vector search costs more to start than a short line takes to read.
        let spaced = if b.len() < 64 {
            b.contains(&b'\t') || b.windows(2).any(|w| w == b"  ")
        } else {
            memchr::memchr(b'\t', b).is_some() || self.finders.double_space.find(b).is_some()
        };
        let key = if spaced {
            collapse_spaces(trimmed)
        } else if trimmed.len() > self.longest_line {
            return None;
        } else {
            Cow::Borrowed(trimmed)
        };
        if self.literal_lengths.get(key.len()) == Some(&true)
            && let Some(i) = self.literals.get(key.as_ref()).filter(|i| enabled(i))
        {
            return Some(Hit::Rule(*i));
        }
        if key.len() > self.longest_pattern {
            return None;
        }
        // The first enabled rule with a matching pattern, as the rules are listed.
        self.patterns
            .iter()
            .filter(|g| enabled(&g.rule))
            .find(|g| g.matches(&key))
            .map(|g| Hit::Rule(g.rule))
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

/// Furniture lines at the top of the first paragraph. They stand as furniture, except the last
/// of them when the line after it goes on in lower case (which makes that one the start of a
/// sentence). The lines above it stand either way: a second run, which may see that last line
/// joined to its sentence, removes the same ones.
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
                if found.len() > before && text[line].trim_start().starts_with(char::is_lowercase) {
                    found.pop();
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

/// The patterns (anchored) grouped by the rule of each (`rules[i]`, in order), with the screen
/// of each group read off the patterns as parsed (`parsed[i]`, not anchored).
fn groups(
    patterns: Vec<String>,
    parsed: &[Option<regex_syntax::hir::Hir>],
    rules: &[usize],
    limit: usize,
) -> Vec<PatternGroup> {
    let mut groups: Vec<PatternGroup> = Vec::new();
    let mut patterns = patterns.into_iter();
    let mut start = 0;
    while start < rules.len() {
        let rule = rules[start];
        let end = start + rules[start..].iter().take_while(|&&r| r == rule).count();
        groups.push(PatternGroup {
            rule,
            screen: Screen::of_parsed(
                parsed[start..end].iter().map(Option::as_ref),
                Anchoring::Whole,
            ),
            sources: patterns.by_ref().take(end - start).collect(),
            limit,
            set: OnceLock::new(),
        });
        start = end;
    }
    groups
}

/// The regex set of `patterns`, compiled once per process: every pipeline built from the same
/// packs (one per configuration override, one per test) shares it.
fn compiled_set(patterns: &[String], limit: usize) -> Result<RegexSet, regex::Error> {
    static SETS: OnceLock<Mutex<HashMap<Vec<String>, RegexSet>>> = OnceLock::new();
    let sets = SETS.get_or_init(Mutex::default);
    if let Some(set) = sets.lock().ok().and_then(|m| m.get(patterns).cloned()) {
        return Ok(set);
    }
    let set = regex::RegexSetBuilder::new(patterns)
        .size_limit(limit)
        .dfa_size_limit(limit)
        .build()?;
    if let Ok(mut m) = sets.lock() {
        m.insert(patterns.to_vec(), set.clone());
    }
    Ok(set)
}

/// The error for a set of patterns that does not compile, naming the rule and pattern to blame
/// (one too large alone, or the one that brings the set over the limit for all together).
fn pattern_error(
    book: &RuleBook,
    pattern_rules: &[usize],
    rules: &[LineRule],
    blame: Option<(usize, String)>,
    set_error: Option<regex::Error>,
) -> RuleError {
    if let Some((i, message)) = blame
        && let Some(rule) = book.get(rules[pattern_rules[i]].code)
    {
        return RuleError::Invalid {
            path: rule.origin.file.clone(),
            line: rule.origin.line,
            message: format!("rule {}: {message}", rule.code),
        };
    }
    RuleError::Invalid {
        path: "rules/furniture".into(),
        line: 0,
        message: match set_error {
            Some(e) => format!("the furniture stage's line patterns do not compile together: {e}"),
            None => "the furniture stage's line patterns do not compile together".to_string(),
        },
    }
}

/// Paragraphs: runs of non-blank lines, each as the range from the start of its first line to the
/// end of its last (before the newline). One pass over the newlines; a line is looked at only
/// when it is empty or ends in a space, a tab or a carriage return (it may be blank).
struct Paragraphs<'t> {
    text: &'t str,
    newlines: memchr::Memchr<'t>,
    /// Start of the next line; past the end when every line has been read.
    pos: usize,
}

impl<'t> Paragraphs<'t> {
    fn new(text: &'t str) -> Self {
        Paragraphs {
            text,
            newlines: memchr::memchr_iter(b'\n', text.as_bytes()),
            pos: 0,
        }
    }

    /// The next line (without its newline) and whether it is blank.
    fn next_line(&mut self) -> Option<(Range<usize>, bool)> {
        let len = self.text.len();
        if self.pos > len || (self.pos == len && self.text.ends_with('\n')) {
            return None;
        }
        let start = self.pos;
        let end = self.newlines.next().unwrap_or(len);
        self.pos = end + 1;
        let line = &self.text.as_bytes()[start..end];
        let blank = match line.last() {
            None => true,
            Some(b' ' | b'\t' | b'\r') => is_blank(&self.text[start..end]),
            Some(_) => false,
        };
        Some((start..end, blank))
    }
}

impl Iterator for Paragraphs<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let first = loop {
            match self.next_line()? {
                (_, true) => continue,
                (line, false) => break line,
            }
        };
        let mut end = first.end;
        while let Some((line, blank)) = self.next_line() {
            if blank {
                break;
            }
            end = line.end;
        }
        Some(first.start..end)
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

/// `line` with every run of spaces and tabs inside it as one space.
fn collapse_spaces(line: &str) -> Cow<'_, str> {
    Cow::Owned(
        line.split([' ', '\t'])
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[cfg(test)]
mod tests;
