//! The line witness table: lines that recur near the top or bottom of many documents of a batch.
//!
//! Page furniture repeats: every page of a scan carries its folio and running head, every article
//! of an export ends with the exporter's footer. A first pass over the batch reads the first and
//! last [`EDGE_LINES`] lines of each document, turns each short one into a template (case folded,
//! spaces collapsed, digits and calendar words replaced, so `Page 3` and `Page 4` match) and
//! counts in how many documents each template occurs. A template is learned as furniture when it
//! occurs in at least [`MIN_DOCUMENTS`] documents, and in at least one in [`MIN_SHARE_INVERSE`] of
//! the batch, and reads as body text in fewer than half of them.
//!
//! The table holds 64-bit hashes of templates, not their text (16 bytes a template while
//! counting, and only the learned ones after); the stage recomputes a line's template to report
//! it. Counts are exact while the batch is gathered, so the counts of two sets of documents add up
//! to those of both ([`LineCounting::merge`]), and what is learned does not depend on how the
//! batch was split or read.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::text::{ends_sentence, is_blank};

/// Fewest documents a line must occur in to be learned. Two documents can share a line by
/// coincidence (one author's byline, one wire credit, a stock phrase); three at the edge of the
/// page is a pattern. It also means a batch of one or two documents learns nothing.
pub const MIN_DOCUMENTS: usize = 3;

/// A line must occur in at least one in this many documents of the batch (20 %). Furniture is
/// printed on every page of its source, so its share of the batch is its source's share: one in
/// five keeps the footer of a source that is one of up to five in a mixed batch, and in a large
/// batch asks for far more than coincidence (10 of 50 documents, 200 of 1,000).
pub const MIN_SHARE_INVERSE: usize = 5;

/// How many non-blank lines at each end of a document are read. Folios, running heads and
/// section labels take the first two or three lines of a page; export footers take two to five
/// lines at the bottom.
pub const EDGE_LINES: usize = 5;

/// Longest line (in bytes, without surrounding spaces) that is read. Folios, running heads and
/// footers are short; longer lines are body text.
pub const MAX_LINE_BYTES: usize = 120;

/// Recurring lines learned from the batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineWitness {
    documents: usize,
    learned: HashMap<u64, u32>,
}

/// How often a learned line's template occurs in the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recurrence {
    /// Documents whose edge lines hold the template.
    pub documents: usize,
    /// Documents in the batch.
    pub batch: usize,
}

impl LineWitness {
    /// Counts the edge lines of `texts`, in parallel, and keeps the templates that recur enough.
    ///
    /// ```
    /// use ocrclean::batch::lines::LineWitness;
    /// let docs: Vec<String> = (1..=4)
    ///     .map(|i| format!("Page {i}\n\nStory number {i} is here.\n"))
    ///     .collect();
    /// let witness = LineWitness::gather(&docs);
    /// assert_eq!(witness.recurrence("Page 9").map(|r| r.documents), Some(4));
    /// assert!(witness.recurrence("Story number 9 is here.").is_none());
    /// assert!(LineWitness::gather(&docs[..1]).is_empty());
    /// ```
    pub fn gather<S: AsRef<str> + Sync>(texts: &[S]) -> LineWitness {
        if texts.len() < MIN_DOCUMENTS {
            return LineWitness {
                documents: texts.len(),
                learned: HashMap::new(),
            };
        }
        let mut counting = LineCounting::default();
        counting.add(texts);
        counting.finish()
    }

    /// Whether nothing was learned (always so for a batch of fewer than [`MIN_DOCUMENTS`]).
    pub fn is_empty(&self) -> bool {
        self.learned.is_empty()
    }

    /// How many templates were learned.
    pub fn len(&self) -> usize {
        self.learned.len()
    }

    /// How often `line`'s template recurs, when it was learned as furniture.
    pub fn recurrence(&self, line: &str) -> Option<Recurrence> {
        if self.learned.is_empty() || !is_candidate(line.trim()) {
            return None;
        }
        let mut buf = String::new();
        template_into(line, &mut buf);
        self.learned.get(&hash(&buf)).map(|&documents| Recurrence {
            documents: documents as usize,
            batch: self.documents,
        })
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Count {
    documents: u32,
    /// Documents where the line reads as body text (a full sentence, or the continuation of the
    /// sentence on the line above).
    body: u32,
}

fn learnable(c: &Count, batch: usize) -> bool {
    let docs = c.documents as usize;
    docs >= MIN_DOCUMENTS && docs * MIN_SHARE_INVERSE >= batch && (c.body as usize) * 2 < docs
}

/// Lines being counted, a window of documents at a time; [`LineCounting::finish`] learns the
/// templates once every document is in.
#[derive(Debug, Default, Clone)]
pub struct LineCounting {
    documents: usize,
    tally: Tally,
}

impl PartialEq for LineCounting {
    fn eq(&self, other: &Self) -> bool {
        self.documents == other.documents && self.tally.counts == other.tally.counts
    }
}

impl Eq for LineCounting {}

impl LineCounting {
    /// Counts the edge lines of more documents, in parallel.
    pub fn add<S: AsRef<str> + Sync>(&mut self, texts: &[S]) {
        self.documents += texts.len();
        let tally = texts
            .par_iter()
            .fold(Tally::default, |mut t, doc| {
                t.add(doc.as_ref());
                t
            })
            .reduce(Tally::default, Tally::merge);
        self.tally = std::mem::take(&mut self.tally).merge(tally);
    }

    /// Adds the counts of `other`, the counting of other documents.
    pub fn merge(&mut self, other: LineCounting) {
        self.documents += other.documents;
        self.tally = std::mem::take(&mut self.tally).merge(other.tally);
    }

    /// Documents counted.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The counts as a list sorted by template, each template as the difference from the one
    /// before (they are hashes: sorted, their differences are shorter to write), for a serialised
    /// form that is the same for the same counts.
    pub(crate) fn to_wire(&self) -> LinesWire {
        let mut counts: Vec<(u64, Count)> =
            self.tally.counts.iter().map(|(&h, &c)| (h, c)).collect();
        counts.sort_unstable_by_key(|&(h, _)| h);
        let mut last = 0;
        let templates = counts
            .into_iter()
            .map(|(h, c)| {
                let delta = h - last;
                last = h;
                (delta, c.documents, c.body)
            })
            .collect();
        LinesWire {
            documents: self.documents as u64,
            templates,
        }
    }

    pub(crate) fn from_wire(wire: LinesWire) -> LineCounting {
        let mut last = 0u64;
        let counts = wire
            .templates
            .into_iter()
            .map(|(delta, documents, body)| {
                last = last.wrapping_add(delta);
                (last, Count { documents, body })
            })
            .collect();
        LineCounting {
            documents: wire.documents as usize,
            tally: Tally {
                counts,
                ..Tally::default()
            },
        }
    }

    /// The templates that recur enough across all the documents counted.
    pub fn finish(self) -> LineWitness {
        let documents = self.documents;
        if documents < MIN_DOCUMENTS {
            return LineWitness {
                documents,
                learned: HashMap::new(),
            };
        }
        let learned = self
            .tally
            .counts
            .into_iter()
            .filter(|(_, c)| learnable(c, documents))
            .map(|(hash, c)| (hash, c.documents))
            .collect();
        LineWitness { documents, learned }
    }
}

/// A [`LineCounting`] as it is serialised.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct LinesWire {
    documents: u64,
    /// (template hash minus the one before, documents, body).
    templates: Vec<(u64, u32, u32)>,
}

#[derive(Debug, Default, Clone)]
struct Tally {
    counts: HashMap<u64, Count>,
    buf: String,
    seen: Vec<(u64, bool)>,
}

impl Tally {
    /// Counts one document's edge lines.
    fn add(&mut self, doc: &str) {
        let Tally { counts, buf, seen } = self;
        seen.clear();
        for_each_edge_line(doc, |line, above| {
            let trimmed = line.trim();
            if !is_candidate(trimmed) {
                return;
            }
            template_into(trimmed, buf);
            let body = reads_as_sentence(trimmed) || continues(above, trimmed);
            seen.push((hash(buf), body));
        });
        // A document counts once per template; it reads as body text if any occurrence does.
        seen.sort_unstable();
        seen.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                first.1 |= later.1;
            }
            same
        });
        for &(h, body) in seen.iter() {
            let c = counts.entry(h).or_default();
            c.documents += 1;
            c.body += u32::from(body);
        }
    }

    fn merge(mut self, mut other: Tally) -> Tally {
        if self.counts.len() < other.counts.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (h, c) in other.counts {
            let e = self.counts.entry(h).or_default();
            e.documents = e.documents.saturating_add(c.documents);
            e.body = e.body.saturating_add(c.body);
        }
        self
    }
}

/// Calls `f(line, line_above)` for the first and the last [`EDGE_LINES`] non-blank lines of
/// `text` (each once, when the two ends meet). `line_above` is the line directly above when it is
/// not blank, so the caller can tell whether `line` continues it.
pub(crate) fn for_each_edge_line<'t>(text: &'t str, mut f: impl FnMut(&'t str, Option<&'t str>)) {
    let (top_end, bottom_start) = edge_window(text);
    let mut above: Option<&str> = None;
    let mut taken = 0;
    let mut pos = 0;
    for line in text[..top_end].split_inclusive('\n') {
        pos += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if is_blank(line) {
            above = None;
            continue;
        }
        f(line, above);
        taken += 1;
        above = Some(line);
    }
    let bottom_start = bottom_start.max(pos);
    if bottom_start >= text.len() {
        return;
    }
    let mut above = line_above(text, bottom_start);
    for line in text[bottom_start..].split_inclusive('\n') {
        let line = line.trim_end_matches(['\n', '\r']);
        if is_blank(line) {
            above = None;
            continue;
        }
        f(line, above);
        taken += 1;
        above = Some(line);
    }
    debug_assert!(taken <= 2 * EDGE_LINES);
}

/// Byte offsets `(top_end, bottom_start)`: the first [`EDGE_LINES`] non-blank lines lie before
/// `top_end` (which ends after the newline of the last of them), the last ones from
/// `bottom_start` (the start of the first of them) on.
pub(crate) fn edge_window(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut top_end = 0;
    let mut n = 0;
    while n < EDGE_LINES && top_end < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[top_end..]).map_or(bytes.len(), |i| top_end + i);
        if !is_blank(&text[top_end..end]) {
            n += 1;
        }
        top_end = (end + 1).min(bytes.len());
    }
    let mut bottom_start = bytes.len();
    let mut n = 0;
    // `end` is the end of the line being looked at (its newline or the end of the text).
    let mut end = bytes.len();
    if bytes.last() == Some(&b'\n') {
        end -= 1;
    }
    while n < EDGE_LINES {
        let start = memchr::memrchr(b'\n', &bytes[..end]).map_or(0, |i| i + 1);
        if !is_blank(&text[start..end]) {
            n += 1;
            bottom_start = start;
        }
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    (top_end, bottom_start)
}

/// The line directly above the line starting at `line_start`, when it is not blank.
pub(crate) fn line_above(text: &str, line_start: usize) -> Option<&str> {
    if line_start == 0 {
        return None;
    }
    let end = line_start - 1;
    let start = memchr::memrchr(b'\n', &text.as_bytes()[..end]).map_or(0, |i| i + 1);
    let line = text[start..end].trim_end_matches('\r');
    (!is_blank(line)).then_some(line)
}

/// A trimmed line short enough to be furniture and holding a letter or a digit.
fn is_candidate(trimmed: &str) -> bool {
    !trimmed.is_empty()
        && trimmed.len() <= MAX_LINE_BYTES
        && trimmed.chars().any(char::is_alphanumeric)
}

/// Whether `line` goes on with the sentence of the line above it.
fn continues(above: Option<&str>, line: &str) -> bool {
    let Some(above) = above else { return false };
    let above = above.trim_end();
    !ends_sentence(above)
        && (line.starts_with(char::is_lowercase) || above.ends_with([',', '-', '—', '–']))
}

/// Whether a line reads as a full sentence of body text: a capital or a quote first, final
/// punctuation, at least five words, most of them starting in lower case, and none of the
/// marks of an imprint (`©`, `|`, an address).
pub(crate) fn reads_as_sentence(line: &str) -> bool {
    let first = line.chars().next();
    if !first.is_some_and(|c| c.is_uppercase() || "\"'“‘".contains(c)) || !ends_sentence(line) {
        return false;
    }
    if line.contains(['©', '|', '@']) || line.contains("www.") || line.contains("://") {
        return false;
    }
    let (mut words, mut lower) = (0, 0);
    for w in line.split_whitespace() {
        words += 1;
        if w.starts_with(char::is_lowercase) {
            lower += 1;
        }
    }
    words >= 5 && lower * 2 >= words
}

/// What a template writes for a lower-case word: `<month>` and `<day>` for the names of months
/// and weekdays (English, with their usual abbreviations), which a running head's date changes
/// from page to page, as digits are replaced.
fn calendar_word(word: &str) -> Option<&'static str> {
    match word {
        "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august"
        | "september" | "october" | "november" | "december" | "jan" | "feb" | "mar" | "apr"
        | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec" => Some("<month>"),
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
        | "mon" | "tue" | "tues" | "wed" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun" => {
            Some("<day>")
        }
        _ => None,
    }
}

/// The template of a line: trimmed, lower case, runs of spaces as one, each run of digits as `#`,
/// month names as `<month>` and weekday names as `<day>`, invisible characters dropped.
///
/// ```
/// use ocrclean::batch::lines::template;
/// assert_eq!(template("  Page 12 "), "page #");
/// assert_eq!(template("THE GAZETTE | Monday,  March 4, 2024"), "the gazette | <day>, <month> #, #");
/// assert_eq!(template("Page 3"), template("PAGE 4"));
/// ```
pub fn template(line: &str) -> String {
    let mut out = String::new();
    template_into(line, &mut out);
    out
}

fn template_into(line: &str, out: &mut String) {
    out.clear();
    // Where the word being written into `out` starts, if one is.
    let mut word: Option<usize> = None;
    let mut space = false;
    // A finished word that names a month or a weekday is replaced.
    let end_word = |word: &mut Option<usize>, out: &mut String| {
        if let Some(start) = word.take() {
            if let Some(name) = calendar_word(&out[start..]) {
                out.truncate(start);
                out.push_str(name);
            }
        }
    };
    for c in line.chars() {
        if c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic()) {
            if word.is_none() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                word = Some(out.len());
            }
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            continue;
        }
        end_word(&mut word, out);
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if matches!(
            c,
            '\u{AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        ) {
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if c.is_numeric() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    end_word(&mut word, out);
}

fn hash(template: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    template.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_across_pages_and_dates() {
        assert_eq!(template("Page 3"), template("Page 14"));
        assert_eq!(
            template("12 | THE TIMES | Monday, March 4, 2024"),
            template("13 | THE TIMES | Tuesday, March 5, 2024")
        );
        assert_eq!(template("A\u{00A0}4"), template("A 9"));
        assert_ne!(template("Page 3"), template("Pages 3"));
        // Digits glued to letters stay a token of their own.
        assert_eq!(template("A4"), "a#");
        assert_eq!(template("January 5, Wed"), "<month> #, <day>");
        assert_eq!(template("no. 4th"), "no. #th");
    }

    #[test]
    fn edge_window_counts_non_blank_lines() {
        let text = "a\n\nb\nc\nd\ne\nf\ng\nh\n\ni\nj\n";
        let (top, bottom) = edge_window(text);
        assert_eq!(&text[..top], "a\n\nb\nc\nd\ne\n");
        assert_eq!(&text[bottom..], "f\ng\nh\n\ni\nj\n");
        let short = "one\ntwo";
        assert_eq!(edge_window(short), (short.len(), 0));
        let mut lines = Vec::new();
        for_each_edge_line(short, |l, _| lines.push(l));
        assert_eq!(lines, ["one", "two"]);
    }

    #[test]
    fn edge_lines_are_visited_once() {
        let text: String = (0..12).map(|i| format!("line {i}\n")).collect();
        let mut lines = Vec::new();
        for_each_edge_line(&text, |l, above| lines.push((l, above)));
        let names: Vec<_> = lines.iter().map(|(l, _)| *l).collect();
        assert_eq!(
            names,
            [
                "line 0", "line 1", "line 2", "line 3", "line 4", "line 7", "line 8", "line 9",
                "line 10", "line 11"
            ]
        );
        assert_eq!(lines[5].1, Some("line 6"));
    }

    #[test]
    fn sentences_are_body_text() {
        assert!(reads_as_sentence(
            "The company did not respond to a request for comment."
        ));
        assert!(!reads_as_sentence("Printed and distributed by PressReader"));
        assert!(!reads_as_sentence(
            "© 2024 The Gazette. All rights reserved."
        ));
        assert!(!reads_as_sentence("Subscribe at gazette.example."));
    }

    fn docs(n: usize, f: impl Fn(usize) -> String) -> Vec<String> {
        (0..n).map(f).collect()
    }

    #[test]
    fn learns_what_recurs_and_nothing_else() {
        let batch = docs(20, |i| {
            let rare = if i < 2 { "\nSponsored feature" } else { "" };
            format!(
                "Page {}\n\nStory {i} headline\n\nBody of story {i}, which is long enough.{rare}\n\nThe Gazette · gazette.example\n",
                i + 1
            )
        });
        let w = LineWitness::gather(&batch);
        assert_eq!(
            w.recurrence("Page 77"),
            Some(Recurrence {
                documents: 20,
                batch: 20
            })
        );
        assert!(w.recurrence("The Gazette · gazette.example").is_some());
        assert!(w.recurrence("Sponsored feature").is_none());
        assert!(w.recurrence("Story 3 headline").is_some(), "same template");
        assert_eq!(w.len(), 3);
    }

    #[test]
    fn small_batches_learn_nothing() {
        let two = docs(2, |_| "Page 1\n\nText.\n".to_string());
        assert!(LineWitness::gather(&two).is_empty());
        assert!(LineWitness::gather::<String>(&[]).is_empty());
    }

    #[test]
    fn shared_sentences_are_not_learned() {
        let batch = docs(10, |i| {
            format!(
                "Headline {i}\n\nA story about thing {i}.\n\nThe company did not respond to a request for comment.\n"
            )
        });
        let w = LineWitness::gather(&batch);
        assert!(
            w.recurrence("The company did not respond to a request for comment.")
                .is_none()
        );
    }

    #[test]
    fn continuation_lines_are_body_text() {
        // The shared line goes on with the sentence above it in every document.
        let batch = docs(10, |i| {
            format!("Story {i}\nThe council met on Monday and\nvoted to close the pool\n")
        });
        let w = LineWitness::gather(&batch);
        assert!(w.recurrence("voted to close the pool").is_none());
    }
}
