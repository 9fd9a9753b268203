//! Stage `whitespace` (WSP): trailing spaces, runs of spaces, runs of blank lines.
//!
//! It runs last, so it also tidies what earlier stages leave (a space before a removed caption, a
//! blank line where a footer was). Line endings are LF here: the pipeline cleans CRLF text as LF.

use crate::code::RuleCode;
use crate::edit::Edit;
use crate::rules::{RuleBook, StageName};
use crate::stage::{Context, Stage};
use crate::text::is_spaces;

/// The whitespace stage.
pub struct Whitespace {
    trailing: RuleCode,
    space_run: RuleCode,
    blank_lines: RuleCode,
    line_endings: RuleCode,
}

impl Whitespace {
    /// The stage, with its built-in rules.
    pub fn new(book: &RuleBook) -> Whitespace {
        let code = |name| book.builtin_code(StageName::Whitespace, name);
        Whitespace {
            trailing: code("trailing-whitespace"),
            space_run: code("space-run"),
            blank_lines: code("blank-lines"),
            line_endings: code("mixed-line-endings"),
        }
    }
}

impl Stage for Whitespace {
    fn name(&self) -> StageName {
        StageName::Whitespace
    }

    fn reads_batch(&self) -> bool {
        false
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        let bytes = text.as_bytes();
        let mut edits = Vec::new();
        let (trailing, blank_lines) = (
            ctx.selection.enabled(self.trailing),
            ctx.selection.enabled(self.blank_lines),
        );
        // The pipeline hands CRLF documents over as LF; a `\r` still here belongs to a document
        // that mixes both, and is part of its line ending, not trailing whitespace.
        let endings = LineEndings::of(bytes);
        // Blank lines since the last line with text: the first one's content, where the second
        // starts, and how many.
        let mut run: Option<(std::ops::Range<usize>, usize, usize)> = None;
        let mut seen_text = false;
        let mut line_start = 0;
        while line_start < bytes.len() {
            let line_end =
                memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
            let content_end = if line_end > line_start && bytes[line_end - 1] == b'\r' {
                line_end - 1
            } else {
                line_end
            };
            let line = &bytes[line_start..content_end];
            let next = (line_end + 1).min(bytes.len());
            if is_spaces(line) {
                run = Some(match run {
                    None => (line_start..content_end, next, 1),
                    Some((first, second, n)) => (first, second, n + 1),
                });
                line_start = line_end + 1;
                continue;
            }
            if let Some((first, second, n)) = run.take() {
                if !seen_text {
                    if blank_lines {
                        edits.push(Edit::remove(
                            first.start..line_start,
                            self.blank_lines,
                            "blank lines at the start",
                        ));
                    }
                } else {
                    if trailing && !first.is_empty() {
                        edits.push(Edit::remove(first, self.trailing, "spaces on a blank line"));
                    }
                    if n > 1 && blank_lines {
                        edits.push(Edit::remove(
                            second..line_start,
                            self.blank_lines,
                            "more than one blank line",
                        ));
                    }
                }
            }
            seen_text = true;
            if trailing && matches!(line.last(), Some(b' ' | b'\t')) {
                let keep = line
                    .iter()
                    .rposition(|&b| b != b' ' && b != b'\t')
                    .map_or(0, |i| i + 1);
                edits.push(Edit::remove(
                    line_start + keep..content_end,
                    self.trailing,
                    "trailing whitespace",
                ));
            }
            line_start = line_end + 1;
        }
        if let Some((first, _, _)) = run {
            if seen_text && blank_lines {
                edits.push(Edit::remove(
                    first.start..bytes.len(),
                    self.blank_lines,
                    "blank lines at the end",
                ));
            } else if !seen_text && blank_lines {
                // Only whitespace: one line break stays if there was one.
                let keep = if bytes.contains(&b'\n') {
                    endings.majority()
                } else {
                    ""
                };
                if text != keep {
                    edits.push(Edit::replace(
                        0..bytes.len(),
                        keep,
                        self.blank_lines,
                        "text is only whitespace",
                    ));
                }
            }
        }
        if ctx.selection.enabled(self.space_run) {
            space_runs(bytes, self.space_run, &mut edits);
        }
        if ctx.selection.enabled(self.line_endings) && endings.mixed() {
            endings.unify(bytes, self.line_endings, &mut edits);
        }
        // A line ending inside a removed run of blank lines goes with the run: at one start, the
        // longer edit comes first and keeps its place.
        edits.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
        let mut end = 0;
        edits.retain(|e| {
            let keep = e.range.start >= end;
            if keep {
                end = e.range.end;
            }
            keep
        });
        edits
    }
}

/// How many lines end in CRLF and how many in LF alone.
struct LineEndings {
    crlf: usize,
    lf: usize,
}

impl LineEndings {
    fn of(bytes: &[u8]) -> LineEndings {
        let lf_total = memchr::memchr_iter(b'\n', bytes).count();
        let crlf = memchr::memmem::find_iter(bytes, b"\r\n").count();
        LineEndings {
            crlf,
            lf: lf_total - crlf,
        }
    }

    fn mixed(&self) -> bool {
        self.crlf > 0 && self.lf > 0
    }

    /// The style most lines use; LF on a tie.
    fn majority(&self) -> &'static str {
        if self.crlf > self.lf { "\r\n" } else { "\n" }
    }

    /// Rewrites every line ending that is not the majority's.
    fn unify(&self, bytes: &[u8], code: RuleCode, edits: &mut Vec<Edit>) {
        let to_crlf = self.majority() == "\r\n";
        for i in memchr::memchr_iter(b'\n', bytes) {
            let is_crlf = i > 0 && bytes[i - 1] == b'\r';
            if is_crlf && !to_crlf {
                edits.push(Edit::remove(
                    i - 1..i,
                    code,
                    "mixed line endings: CRLF made LF",
                ));
            } else if !is_crlf && to_crlf {
                edits.push(Edit::replace(
                    i..i + 1,
                    "\r\n",
                    code,
                    "mixed line endings: LF made CRLF",
                ));
            }
        }
    }
}

/// Runs of two or more spaces between two non-space characters of one line.
fn space_runs(bytes: &[u8], code: RuleCode, edits: &mut Vec<Edit>) {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"  ") {
        let start = from + i;
        let end = start + bytes[start..].iter().take_while(|&&b| b == b' ').count();
        from = end;
        let line_start = bytes[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        if is_spaces(&bytes[line_start..start]) {
            continue; // indentation
        }
        let rest = &bytes[end..];
        let line_rest = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        let line_rest = line_rest.strip_suffix(b"\r").unwrap_or(line_rest);
        if is_spaces(line_rest) {
            continue; // trailing: WSP001's
        }
        edits.push(Edit::remove(start + 1..end, code, "run of spaces"));
    }
}
