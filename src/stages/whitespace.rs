//! Stage `whitespace` (WSP): trailing spaces, runs of spaces, runs of blank lines.
//!
//! It runs last, so it also tidies what earlier stages leave (a space before a removed caption, a
//! blank line where a footer was). Line endings are LF here: the pipeline cleans CRLF text as LF.

use crate::code::RuleCode;
use crate::edit::Edit;
use crate::rules::{RuleBook, StageName};
use crate::stage::{Context, Stage};

/// The whitespace stage.
pub struct Whitespace {
    trailing: RuleCode,
    space_run: RuleCode,
    blank_lines: RuleCode,
}

impl Whitespace {
    /// The stage, with its built-in rules.
    pub fn new(book: &RuleBook) -> Whitespace {
        let code = |name| book.builtin_code(StageName::Whitespace, name);
        Whitespace {
            trailing: code("trailing-whitespace"),
            space_run: code("space-run"),
            blank_lines: code("blank-lines"),
        }
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|&b| b == b' ' || b == b'\t')
}

impl Stage for Whitespace {
    fn name(&self) -> StageName {
        StageName::Whitespace
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        let bytes = text.as_bytes();
        let mut edits = Vec::new();
        let (trailing, blank_lines) = (
            ctx.selection.enabled(self.trailing),
            ctx.selection.enabled(self.blank_lines),
        );
        // Blank lines seen since the last line with text: (start of the first, start of the
        // second, count).
        let mut run: Option<(usize, usize, usize)> = None;
        let mut seen_text = false;
        let mut line_start = 0;
        while line_start < bytes.len() {
            let line_end =
                memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
            let line = &bytes[line_start..line_end];
            let next = (line_end + 1).min(bytes.len());
            if is_blank(line) {
                run = Some(match run {
                    None => (line_start, next, 1),
                    Some((first, second, n)) => (first, second, n + 1),
                });
                line_start = line_end + 1;
                continue;
            }
            if let Some((first, second, n)) = run.take() {
                if !seen_text {
                    if blank_lines {
                        edits.push(Edit::remove(
                            first..line_start,
                            self.blank_lines,
                            "blank lines at the start",
                        ));
                    }
                } else {
                    if trailing && !is_blank_empty(&bytes[first..second]) {
                        edits.push(Edit::remove(
                            first..second - 1,
                            self.trailing,
                            "spaces on a blank line",
                        ));
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
                    line_start + keep..line_end,
                    self.trailing,
                    "trailing whitespace",
                ));
            }
            line_start = line_end + 1;
        }
        if let Some((first, _, _)) = run {
            if seen_text && blank_lines {
                edits.push(Edit::remove(
                    first..bytes.len(),
                    self.blank_lines,
                    "blank lines at the end",
                ));
            } else if !seen_text && blank_lines && first < bytes.len() {
                // Only whitespace: leave one newline if there was one.
                let keep = usize::from(bytes.contains(&b'\n'));
                if bytes.len() > keep {
                    edits.push(Edit::replace(
                        0..bytes.len(),
                        if keep == 1 { "\n" } else { "" },
                        self.blank_lines,
                        "text is only whitespace",
                    ));
                }
            }
        }
        if ctx.selection.enabled(self.space_run) {
            space_runs(bytes, self.space_run, &mut edits);
        }
        edits.sort_by_key(|e| e.range.start);
        edits
    }
}

fn is_blank_empty(line_with_newline: &[u8]) -> bool {
    line_with_newline.iter().all(|&b| b == b'\n')
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
        if is_blank(&bytes[line_start..start]) {
            continue; // indentation
        }
        let rest = &bytes[end..];
        let line_rest = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
        if is_blank(line_rest) {
            continue; // trailing: WSP001's
        }
        edits.push(Edit::remove(start + 1..end, code, "run of spaces"));
    }
}
