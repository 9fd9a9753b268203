//! The document as the layout rules read it: its lines, its units (the paragraphs or lines a
//! caption can stand between) and its shape.

use super::caption::{credited, read_caption};
use super::shape::Shape;
use super::text::{Line, Unit, lines, units};
use super::vocab::Vocab;

/// What the layout rules read of a document.
pub(super) struct Page<'t> {
    pub text: &'t str,
    pub lines: Vec<Line>,
    pub units: Vec<Unit>,
    pub shape: Shape,
    /// Units are blocks of lines between blank lines, not lines.
    pub by_blocks: bool,
}

impl<'t> Page<'t> {
    /// The page with its units as the text lays them out: paragraphs in a wrapped text with
    /// blank lines; otherwise every line (a caption may stand on a line of its own inside a
    /// block).
    pub fn plain(text: &'t str, shape: Shape) -> Page<'t> {
        let lines: Vec<Line> = lines(text).collect();
        let by_blocks = shape.blank_lines && shape.wrap.is_some();
        let units = units(&lines, by_blocks);
        Page {
            text,
            lines,
            units,
            shape,
            by_blocks,
        }
    }

    /// The page with credit lines as units of their own where units are blocks, and joined to the
    /// caption line above them where units are lines.
    pub fn with_credit_lines(mut self, v: &Vocab) -> Page<'t> {
        let units = std::mem::take(&mut self.units);
        self.units = if self.by_blocks {
            self.split_credit_lines(units, v)
        } else {
            self.join_credit_lines(units, v)
        };
        self
    }

    /// Whether the document is hard-wrapped.
    pub fn wrapped(&self) -> bool {
        self.shape.wrap.is_some()
    }

    /// The text of unit `i`.
    pub fn unit_text(&self, i: usize) -> &'t str {
        let text: &'t str = self.text;
        &text[self.units[i].start..self.units[i].end]
    }

    /// A credit line or credited caption glued to a paragraph (`Photo: Handout` on the line
    /// above it, below it or between two of its lines) is a unit of its own, with an uncredited
    /// caption line directly above a bare credit line: the units the same lines make in a text
    /// read line by line ([`Page::join_credit_lines`]). So the second run, which reads by lines
    /// the text the first one unwrapped, finds the captions the first one left.
    fn split_credit_lines(&self, units: Vec<Unit>, v: &Vocab) -> Vec<Unit> {
        let (text, lines) = (self.text, &self.lines);
        let lines_unit = |first: usize, last: usize| Unit {
            start: lines[first].text,
            end: lines[last].end,
            first_line: first,
            last_line: last,
        };
        let mut out = Vec::with_capacity(units.len());
        for u in units {
            if u.first_line == u.last_line {
                out.push(u);
                continue;
            }
            // The first line of the block not yet in a unit.
            let mut from = u.first_line;
            for i in u.first_line..=u.last_line {
                let Some(credit) = credited(text, lines[i].text, lines[i].end, v) else {
                    continue;
                };
                let caption_above = credit.credit_only
                    && i > from
                    && read_caption(text, lines[i - 1].text, lines[i - 1].end, true, v)
                        .is_some_and(|c| !c.credited);
                let first = if caption_above { i - 1 } else { i };
                if first > from {
                    out.push(lines_unit(from, first - 1));
                }
                out.push(lines_unit(first, i));
                from = i + 1;
            }
            if from <= u.last_line {
                out.push(lines_unit(from, u.last_line));
            }
        }
        out
    }

    /// A caption line followed, with no blank line between, by its credit line is one unit.
    fn join_credit_lines(&self, units: Vec<Unit>, v: &Vocab) -> Vec<Unit> {
        let text = self.text;
        let mut out: Vec<Unit> = Vec::with_capacity(units.len());
        for u in units {
            if let Some(prev) = out.last_mut()
                && prev.last_line + 1 == u.first_line
                && credited(text, u.start, u.end, v).is_some_and(|c| c.credit_only)
                && read_caption(text, prev.start, prev.end, true, v).is_some_and(|c| !c.credited)
            {
                prev.end = u.end;
                prev.last_line = u.last_line;
                continue;
            }
            out.push(u);
        }
        out
    }
}
