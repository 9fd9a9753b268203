//! Stage `whitespace` (WSP): trailing spaces, runs of spaces, runs of blank lines.
//!
//! It runs last, so it also tidies what earlier stages leave (a space before a removed caption, a
//! blank line where a footer was). Line endings are LF here: the pipeline cleans CRLF text as LF.

use std::ops::Range;

use crate::code::RuleCode;
use crate::code::builtin::whitespace::{
    BLANK_LINES, MIXED_LINE_ENDINGS, SPACE_RUN, TRAILING_WHITESPACE,
};
use crate::edit::Edit;
use crate::rules::StageName;
use crate::stage::{Context, Stage};
use crate::text::is_spaces;

/// The whitespace stage.
pub struct Whitespace;

impl Stage for Whitespace {
    fn name(&self) -> StageName {
        StageName::Whitespace
    }

    fn reads_batch(&self) -> bool {
        false
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        let bytes = text.as_bytes();
        // The pipeline hands CRLF documents over as LF; a `\r` still here belongs to a document
        // that mixes both, and is part of its line ending, not trailing whitespace.
        let endings = LineEndings::of(bytes);
        let mut walk = Walk {
            trailing: ctx.selection.enabled(TRAILING_WHITESPACE),
            ending_crs_go: ctx.selection.enabled(MIXED_LINE_ENDINGS)
                && endings.mixed()
                && endings.majority() == "\n",
            blank_lines: ctx.selection.enabled(BLANK_LINES),
            run: None,
            seen_text: false,
            edits: Vec::new(),
        };
        walk.lines(bytes);
        walk.end(text, &endings);
        let mut edits = walk.edits;
        if ctx.selection.enabled(SPACE_RUN) {
            space_runs(bytes, SPACE_RUN, &mut edits);
        }
        if ctx.selection.enabled(MIXED_LINE_ENDINGS) && endings.mixed() {
            endings.unify(bytes, MIXED_LINE_ENDINGS, &mut edits);
        }
        // A line ending inside a removed run of blank lines goes with the run: at one start, the
        // longer edit comes first and keeps its place. Sorted through a permutation: a stable
        // sort of the edits themselves took scratch room for as many as a 16 MB document's
        // runs of spaces (16 MB more at the peak of its run).
        crate::edit::sort_stably_by_key(&mut edits, |e| {
            (e.range.start, std::cmp::Reverse(e.range.end))
        });
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

/// Blank lines since the last line with text.
struct BlankRun {
    /// The first one's content.
    first: Range<usize>,
    /// Where the second starts.
    second: usize,
    /// How many.
    count: usize,
}

/// One pass over the lines: trailing spaces and runs of blank lines.
struct Walk {
    /// Whether WSP's trailing-whitespace rule runs.
    trailing: bool,
    /// Whether the carriage returns before a line break go (`WSP004` makes the line endings of
    /// a mostly-LF text LF): then they are part of a line's trailing whitespace.
    ending_crs_go: bool,
    /// Whether the blank-lines rule runs.
    blank_lines: bool,
    run: Option<BlankRun>,
    seen_text: bool,
    edits: Vec<Edit>,
}

impl Walk {
    fn lines(&mut self, bytes: &[u8]) {
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
            let white = |r: &[u8]| r.iter().all(|&b| b == b' ' || b == b'\t' || b == b'\r');
            // Where the returns before a line break go, a line of spaces and returns is blank;
            // so is one whose returns the trailing whitespace rule takes with its spaces (see
            // `trailing_spaces`): left as text, it came out of the first run as an empty line
            // that only a second run found blank.
            let (blank, content_end) = if is_spaces(line) {
                (true, content_end)
            } else if self.ending_crs_go && white(&bytes[line_start..line_end]) {
                (true, line_end)
            } else if self.trailing
                && line_end < bytes.len()
                && white(line)
                && line.iter().any(|&b| b == b' ' || b == b'\t')
            {
                (true, content_end)
            } else {
                (false, content_end)
            };
            if blank {
                let next = (line_end + 1).min(bytes.len());
                self.run = Some(match self.run.take() {
                    None => BlankRun {
                        first: line_start..content_end,
                        second: next,
                        count: 1,
                    },
                    Some(r) => BlankRun {
                        count: r.count + 1,
                        ..r
                    },
                });
            } else {
                if let Some(run) = self.run.take() {
                    self.blank_run(run, line_start);
                }
                self.seen_text = true;
                let full = &bytes[line_start..line_end];
                self.trailing_spaces(full, line.len(), line_start, line_end < bytes.len());
            }
            line_start = line_end + 1;
        }
    }

    /// A run of blank lines that ends where a line of text starts, at `text_start`.
    fn blank_run(&mut self, run: BlankRun, text_start: usize) {
        if !self.seen_text {
            if self.blank_lines {
                let range = run.first.start..text_start;
                self.edits
                    .push(Edit::remove(range, BLANK_LINES, "blank lines at the start"));
            }
            return;
        }
        if self.trailing && !run.first.is_empty() {
            self.edits.push(Edit::remove(
                run.first,
                TRAILING_WHITESPACE,
                "spaces on a blank line",
            ));
        }
        if run.count > 1 && self.blank_lines {
            let range = run.second..text_start;
            self.edits
                .push(Edit::remove(range, BLANK_LINES, "more than one blank line"));
        }
    }

    /// Spaces and tabs at the end of a line of text starting at `line_start` (`full`, up to its
    /// line break, of which the first `content` bytes are the line's text: a last `\r` is its
    /// ending's); `broken` when a line break follows. Stray carriage returns among them go too
    /// before a line break: removing only the spaces of `text \r \n` would leave `text \r\n`, a
    /// CRLF that a second run makes LF in a text of LF lines (and then finds the space before it
    /// trailing). Where the line endings rule removes the carriage returns of the ending, the
    /// stretch runs to the line break: of `text \t\r\r\n`, removing the ending's returns alone
    /// would leave `text \t\n`, trailing whitespace for a second run. On the last line too:
    /// removing the spaces of `text \t\r \t` alone would leave `text \t\r`, whose `\r` a
    /// second run reads as the ending of a line with a tab trailing.
    fn trailing_spaces(&mut self, full: &[u8], content: usize, line_start: usize, broken: bool) {
        if !self.trailing {
            return;
        }
        let line = if broken && self.ending_crs_go {
            full
        } else {
            &full[..content]
        };
        let trailing = |b: u8| b == b' ' || b == b'\t' || b == b'\r';
        let keep = line
            .iter()
            .rposition(|&b| !trailing(b))
            .map_or(0, |i| i + 1);
        if line[keep..].iter().any(|&b| b == b' ' || b == b'\t') {
            self.edits.push(Edit::remove(
                line_start + keep..line_start + line.len(),
                TRAILING_WHITESPACE,
                "trailing whitespace",
            ));
        }
    }

    /// The blank lines at the end of `text`, or a text of nothing but whitespace.
    fn end(&mut self, text: &str, endings: &LineEndings) {
        let (Some(run), true) = (self.run.take(), self.blank_lines) else {
            return;
        };
        if self.seen_text {
            let range = run.first.start..text.len();
            self.edits
                .push(Edit::remove(range, BLANK_LINES, "blank lines at the end"));
            return;
        }
        // Only whitespace: one line break stays if there was one.
        let keep = if text.as_bytes().contains(&b'\n') {
            endings.majority()
        } else {
            ""
        };
        if text != keep {
            self.edits.push(Edit::replace(
                0..text.len(),
                keep,
                BLANK_LINES,
                "text is only whitespace",
            ));
        }
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

    /// Rewrites every line ending that is not the majority's. Made LF, a line ending loses every
    /// `\r` before its `\n`: of `\r\r\n`, one removed leaves a CRLF for a second run.
    fn unify(&self, bytes: &[u8], code: RuleCode, edits: &mut Vec<Edit>) {
        let to_crlf = self.majority() == "\r\n";
        for i in memchr::memchr_iter(b'\n', bytes) {
            let is_crlf = i > 0 && bytes[i - 1] == b'\r';
            if is_crlf && !to_crlf {
                let crs = bytes[..i].iter().rev().take_while(|&&b| b == b'\r').count();
                edits.push(Edit::remove(
                    i - crs..i,
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

/// Runs of two or more spaces between two non-space characters of one line. One pass over each
/// line, between its first and last character that is not a space or tab: runs outside that
/// stretch are indentation or trailing whitespace (WSP001's). Linear in the length of a line,
/// however many runs it has (a CR-only text is one long line).
fn space_runs(bytes: &[u8], code: RuleCode, edits: &mut Vec<Edit>) {
    let blank = |b: &u8| *b == b' ' || *b == b'\t';
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i);
        let line = &bytes[line_start..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let (Some(first), Some(last)) = (
            line.iter().position(|b| !blank(b)),
            line.iter().rposition(|b| !blank(b)),
        ) && first < last
        {
            let inner = &line[first..last];
            let at = line_start + first;
            let mut from = 0;
            while let Some(i) = memchr::memmem::find(&inner[from..], b"  ") {
                let start = from + i;
                let end = start + inner[start..].iter().take_while(|&&b| b == b' ').count();
                edits.push(Edit::remove(
                    at + start + 1..at + end,
                    code,
                    "run of spaces",
                ));
                from = end;
            }
        }
        line_start = line_end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule as first written (quadratic in the length of a line with many runs): the
    /// one-pass version must find the same runs.
    fn space_runs_by_search(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
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
                continue;
            }
            let rest = &bytes[end..];
            let line_rest = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
            let line_rest = line_rest.strip_suffix(b"\r").unwrap_or(line_rest);
            if is_spaces(line_rest) {
                continue;
            }
            out.push(start + 1..end);
        }
        out
    }

    #[test]
    fn one_pass_finds_the_runs_the_search_found() {
        let code: RuleCode = "WSP002".parse().expect("code");
        let pieces = [
            "a", "bc", " ", "  ", "   ", "\t", "\n", "\r\n", "\r", " \t ", "é",
        ];
        // A fixed-seed walk over short texts made of the pieces.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            let mut edits = Vec::new();
            space_runs(text.as_bytes(), code, &mut edits);
            let got: Vec<_> = edits.into_iter().map(|e| e.range).collect();
            assert_eq!(got, space_runs_by_search(text.as_bytes()), "{text:?}");
        }
    }
}
