//! One evaluation document: the OCR text to clean and the reference text it is scored against.

use std::borrow::Cow;
use std::ops::Range;

use crate::edit::{Change, Status};
use crate::eval::labels::Labels;

/// A stretch of the OCR input and the reference text for it. A document scored whole has one
/// piece covering all its input; an ICDAR 2017 document has one per stretch where a reference
/// exists (its `#` stretches are in no piece and are not scored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range of the OCR input.
    pub input: Range<usize>,
    /// The reference text for that range.
    pub gold: String,
}

/// An OCR document with its reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// How reports name it: a path, or `file.jsonl:ID`.
    pub name: String,
    /// The OCR text the pipeline cleans.
    pub input: String,
    /// Where a reference exists, in input order, not overlapping.
    pub pieces: Vec<Piece>,
    /// Another corrector's output for the same input, scored beside ours when present.
    pub baseline: Option<String>,
    /// What was injected into the input, for a document of the labelled export corpus.
    pub labels: Option<Labels>,
    /// The batch the document belongs to: documents of one group are cleaned together, as one
    /// batch (empty: the one batch of every document).
    pub group: String,
}

impl Sample {
    /// A document whose whole input is scored against `gold`.
    pub fn whole(name: impl Into<String>, input: String, gold: String) -> Sample {
        Sample {
            name: name.into(),
            pieces: vec![Piece {
                input: 0..input.len(),
                gold,
            }],
            input,
            baseline: None,
            labels: None,
            group: String::new(),
        }
    }

    /// Whether the whole input is scored against one reference.
    pub fn is_whole(&self) -> bool {
        matches!(&self.pieces[..], [p] if p.input == (0..self.input.len()))
    }

    /// The reference as a text of its own, for measuring edits on clean prose: the gold of a
    /// whole document, or the stretches of a partial one, trimmed and one per line.
    pub fn gold_text(&self) -> Cow<'_, str> {
        if self.is_whole() {
            return Cow::Borrowed(&self.pieces[0].gold);
        }
        let mut out = String::new();
        for p in &self.pieces {
            let g = p.gold.trim();
            if !g.is_empty() {
                out.push_str(g);
                out.push('\n');
            }
        }
        Cow::Owned(out)
    }
}

/// Maps positions in the input to positions in the output, through the applied changes.
///
/// A position inside a change maps to the end of what the change wrote, so a change that
/// straddles the boundary of two pieces belongs wholly to the piece it starts in.
pub struct OutputMap {
    /// `(input span, output span)` of every applied change, in order.
    spans: Vec<(Range<usize>, Range<usize>)>,
    input_len: usize,
    output_len: usize,
}

impl OutputMap {
    /// The map for `changes` (a [`Cleaned`](crate::Cleaned)'s) of an input `input_len` long.
    pub fn new(input_len: usize, changes: &[Change]) -> OutputMap {
        let mut spans = Vec::new();
        let mut shift: isize = 0;
        for c in changes.iter().filter(|c| c.status == Status::Applied) {
            let start = (c.span.start as isize + shift) as usize;
            let end = start + c.after.len();
            shift += c.after.len() as isize - c.span.len() as isize;
            spans.push((c.span.clone(), start..end));
        }
        OutputMap {
            spans,
            input_len,
            output_len: (input_len as isize + shift) as usize,
        }
    }

    /// Where input position `pos` is in the output.
    pub fn map(&self, pos: usize) -> usize {
        if pos >= self.input_len {
            return self.output_len;
        }
        if pos == 0 {
            return 0;
        }
        // The last change that starts at or before `pos`.
        let i = self.spans.partition_point(|(inp, _)| inp.start <= pos);
        if i == 0 {
            return pos;
        }
        let (inp, out) = &self.spans[i - 1];
        if pos == inp.start {
            // An insertion (or a change) starting here: its text follows `pos`.
            return out.start;
        }
        if pos < inp.end {
            return out.end;
        }
        out.end + (pos - inp.end)
    }

    /// The output range that corresponds to an input range.
    pub fn range(&self, r: &Range<usize>) -> Range<usize> {
        self.map(r.start)..self.map(r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::LineCol;

    fn applied(span: Range<usize>, before: &str, after: &str) -> Change {
        Change {
            code: "WSP001".parse().unwrap(),
            reason: "test".into(),
            span,
            start: LineCol { line: 1, col: 1 },
            end: LineCol { line: 1, col: 1 },
            before: before.into(),
            after: after.into(),
            safe: true,
            status: Status::Applied,
            also: Vec::new(),
        }
    }

    #[test]
    fn maps_through_changes() {
        // "ab  cdef" -> "ab cde-f": a removal at 2..3 and an insertion at 7.
        let changes = [applied(2..3, " ", ""), applied(7..7, "", "-")];
        let map = OutputMap::new(8, &changes);
        let out: Vec<usize> = (0..=8).map(|p| map.map(p)).collect();
        assert_eq!(out, [0, 1, 2, 2, 3, 4, 5, 6, 8]);
        assert_eq!(map.range(&(0..7)), 0..6);
        assert_eq!(map.range(&(7..8)), 6..8);
    }

    #[test]
    fn a_straddling_change_goes_to_the_piece_it_starts_in() {
        // "xx\u{FB01}yy": the ligature (bytes 2..5) becomes "fi"; a boundary at 3 falls inside it.
        let changes = [applied(2..5, "\u{FB01}", "fi")];
        let map = OutputMap::new(7, &changes);
        assert_eq!(map.range(&(0..3)), 0..4);
        assert_eq!(map.range(&(3..7)), 4..6);
    }

    #[test]
    fn gold_text_of_partial_documents() {
        let mut s = Sample::whole("a", "abc def".into(), "abc def".into());
        assert_eq!(s.gold_text(), "abc def");
        s.pieces = vec![
            Piece {
                input: 0..3,
                gold: "abc ".into(),
            },
            Piece {
                input: 4..7,
                gold: " deaf".into(),
            },
        ];
        assert_eq!(s.gold_text(), "abc\ndeaf\n");
    }
}
