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

    /// A credit line or credited caption glued to the top or bottom of a paragraph (`Photo:
    /// Handout` on the line above it) is a unit of its own, as it is in a text without blank
    /// lines.
    fn split_credit_lines(&self, units: Vec<Unit>, v: &Vocab) -> Vec<Unit> {
        let (text, lines) = (self.text, &self.lines);
        let credit_line = |i: usize| credited(text, lines[i].text, lines[i].end, v).is_some();
        let one = |i: usize| Unit {
            start: lines[i].text,
            end: lines[i].end,
            first_line: i,
            last_line: i,
        };
        let mut out = Vec::with_capacity(units.len());
        for mut u in units {
            let mut tail = None;
            if u.first_line < u.last_line && credit_line(u.first_line) {
                out.push(one(u.first_line));
                u.first_line += 1;
                u.start = lines[u.first_line].text;
            }
            if u.first_line < u.last_line && credit_line(u.last_line) {
                tail = Some(one(u.last_line));
                u.last_line -= 1;
                u.end = lines[u.last_line].end;
            }
            out.push(u);
            out.extend(tail);
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
