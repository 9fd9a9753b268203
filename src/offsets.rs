//! Provenance: where each changed stretch of the current text came from in the original.
//!
//! The map is a sorted list of [`Region`]s, one per changed stretch. Text between regions is
//! unchanged, so a position there maps back by the sum of the length changes before it. Applying a
//! stage's edits merges every region an edit overlaps into one, so regions never overlap and the
//! final list is a set of non-overlapping changes to the original.

use std::borrow::Cow;
use std::ops::Range;

use crate::edit::{Edit, Reasons, Step};

/// One changed stretch: its range in the current text and in the original, and the rules that
/// made it, first to last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Region {
    pub cur: Range<usize>,
    pub orig: Range<usize>,
    pub first: Step,
    pub also: Vec<Step>,
}

/// Sorted, non-overlapping regions of the current text.
#[derive(Debug, Default, Clone)]
pub(crate) struct OffsetMap {
    pub regions: Vec<Region>,
    /// The reasons of the edits applied so far, each kept once.
    pub reasons: Reasons,
}

fn len_change(cur: &Range<usize>, orig: &Range<usize>) -> isize {
    cur.len() as isize - orig.len() as isize
}

fn back(pos: usize, shift: isize) -> usize {
    (pos as isize - shift) as usize
}

/// `text` with `edits` (sorted, non-overlapping) applied: the new text alone, for a caller that
/// keeps no map.
pub(crate) fn apply_text(text: &str, edits: &[Edit]) -> String {
    let grow: isize = edits
        .iter()
        .map(|e| e.replacement.len() as isize - e.range.len() as isize)
        .sum();
    let mut out = String::with_capacity((text.len() as isize + grow).max(0) as usize);
    let mut last = 0;
    for e in edits {
        out.push_str(&text[last..e.range.start]);
        out.push_str(&e.replacement);
        last = e.range.end;
    }
    out.push_str(&text[last..]);
    out
}

/// [`apply_text`], rewriting `text` in its own buffer when it is owned and the edits let it:
/// when none of them writes past what is still to be read, the text moves left over what the
/// edits remove (or, when every replacement lands at or after its own start, right over what
/// they add). A stage's run then holds the text once, not before and after: a copy is a
/// document's size, a third of a filter's peak.
pub(crate) fn apply_cow(text: Cow<'_, str>, edits: &[Edit]) -> String {
    let delta = |e: &Edit| e.replacement.len() as isize - e.range.len() as isize;
    // The length change up to each edit, its end included: never above 0, the text can be
    // rewritten left to right; never below 0 (mirrored: each replacement lands at or after its
    // own start), right to left.
    let (mut sum, mut least, mut most) = (0isize, 0isize, 0isize);
    for e in edits {
        sum += delta(e);
        least = least.min(sum);
        most = most.max(sum);
    }
    let left_to_right = most <= 0;
    let mut bytes = match text {
        Cow::Owned(s) if left_to_right || least >= 0 => s.into_bytes(),
        text => return apply_text(&text, edits),
    };
    let old_len = bytes.len();
    let new_len = (old_len as isize + sum) as usize;
    if left_to_right {
        // Left to right: the write point never passes the read point.
        let (mut write, mut read) = (0, 0);
        for e in edits {
            bytes.copy_within(read..e.range.start, write);
            write += e.range.start - read;
            bytes[write..write + e.replacement.len()].copy_from_slice(e.replacement.as_bytes());
            write += e.replacement.len();
            read = e.range.end;
        }
        bytes.copy_within(read..old_len, write);
        bytes.truncate(new_len);
    } else {
        // Right to left, into the text grown to its new length.
        bytes.resize(new_len, 0);
        let (mut write, mut read) = (new_len, old_len);
        for e in edits.iter().rev() {
            let gap = read - e.range.end;
            bytes.copy_within(e.range.end..read, write - gap);
            write -= gap;
            bytes[write - e.replacement.len()..write].copy_from_slice(e.replacement.as_bytes());
            write -= e.replacement.len();
            read = e.range.start;
        }
        debug_assert_eq!(write, read, "the unchanged start stays where it is");
    }
    // Whole characters moved whole: the bytes are UTF-8 again.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

impl OffsetMap {
    /// Maps a range of the current text to the original, widening it to whole regions it cuts.
    pub fn to_original(&self, range: &Range<usize>) -> Range<usize> {
        let start = self.position(range.start, |r| r.orig.start);
        let end = self.position(range.end, |r| r.orig.end);
        start..end.max(start)
    }

    /// Maps a position back; a position strictly inside a region maps to `inside(region)`.
    fn position(&self, pos: usize, inside: impl Fn(&Region) -> usize) -> usize {
        let mut shift = 0isize;
        for r in &self.regions {
            if r.cur.start >= pos {
                break;
            }
            if pos < r.cur.end {
                return inside(r);
            }
            shift += len_change(&r.cur, &r.orig);
        }
        back(pos, shift)
    }

    /// Applies `edits` (sorted, non-overlapping, in current-text coordinates) to `text`, returning
    /// the new text and updating the map to it.
    #[cfg(test)]
    pub fn apply(&mut self, text: &str, edits: &[Edit]) -> String {
        self.remap(edits);
        apply_text(text, edits)
    }

    /// Updates the map to `edits` (sorted, non-overlapping, in current-text coordinates), the
    /// text being changed by the caller ([`apply_cow`]).
    pub fn remap(&mut self, edits: &[Edit]) {
        let old = std::mem::take(&mut self.regions);
        let mut regions = Vec::with_capacity(old.len() + edits.len());
        let mut shift = 0isize; // length change of old regions before the sweep point
        let mut delta = 0isize; // length change of this stage's edits before the sweep point
        let (mut ri, mut ei) = (0, 0);
        // One stream of old regions and edits sorted by (start, end), regions first on ties so an
        // earlier change keeps its place before a later insertion at the same point. A cluster
        // takes the next item while it shares text with the cluster (an empty item must lie
        // strictly inside); regions never overlap each other, nor edits each other, so a cluster
        // without an edit is one old region that only moves.
        let next = |ri: usize, ei: usize| -> Option<bool> {
            match (old.get(ri), edits.get(ei)) {
                (Some(r), Some(e)) => {
                    Some((r.cur.start, r.cur.end) <= (e.range.start, e.range.end))
                }
                (Some(_), None) => Some(true),
                (None, Some(_)) => Some(false),
                (None, None) => None,
            }
        };
        while let Some(is_region) = next(ri, ei) {
            let first = if is_region {
                &old[ri].cur
            } else {
                &edits[ei].range
            };
            let (start, mut end) = (first.start, first.end);
            let orig_start = back(start, shift);
            let new_start = (start as isize + delta) as usize;
            let mut steps: Vec<Step> = Vec::new();
            let mut new_steps: Vec<Step> = Vec::new();
            let mut cluster_delta = 0isize;
            let mut taken = 0;
            while let Some(is_region) = next(ri, ei) {
                let range = if is_region {
                    &old[ri].cur
                } else {
                    &edits[ei].range
                };
                let joins = range.start < end && (!range.is_empty() || range.start > start);
                if taken > 0 && !joins {
                    break;
                }
                taken += 1;
                end = end.max(range.end);
                if is_region {
                    let r = &old[ri];
                    shift += len_change(&r.cur, &r.orig);
                    steps.push(r.first.clone());
                    steps.extend(r.also.iter().cloned());
                    ri += 1;
                } else {
                    let e = &edits[ei];
                    cluster_delta += e.replacement.len() as isize - e.range.len() as isize;
                    new_steps.push(Step {
                        code: e.rule,
                        reason: self.reasons.intern(&e.reason),
                    });
                    ei += 1;
                }
            }
            let orig = orig_start..back(end, shift);
            let cur = new_start..(end as isize + delta + cluster_delta) as usize;
            delta += cluster_delta;
            let mut steps = steps.into_iter().chain(new_steps);
            if let Some(first) = steps.next() {
                regions.push(Region {
                    cur,
                    orig,
                    first,
                    also: steps.collect(),
                });
            }
        }
        self.regions = regions;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::RuleCode;

    fn code() -> RuleCode {
        "TST001".parse().unwrap()
    }

    fn ed(range: Range<usize>, repl: &'static str) -> Edit {
        Edit::replace(range, repl, code(), "test")
    }

    /// Applies the final regions to the original: must give the current text.
    fn replay(orig: &str, cur: &str, map: &OffsetMap) -> String {
        let mut out = String::new();
        let mut last = 0;
        for r in &map.regions {
            out.push_str(&orig[last..r.orig.start]);
            out.push_str(&cur[r.cur.clone()]);
            last = r.orig.end;
        }
        out.push_str(&orig[last..]);
        out
    }

    /// Rewriting an owned text in place gives what a copy gives, whether the edits shrink it,
    /// grow it or both (then it is copied).
    #[test]
    fn a_text_rewritten_in_place_is_the_text_a_copy_gives() {
        let text = "ab ﬁ cd  ef\ngh-\nij klm";
        let cases: Vec<Vec<Edit>> = vec![
            vec![],
            vec![ed(0..1, "")],
            vec![ed(3..6, "fi"), ed(9..11, " "), ed(17..19, "")],
            vec![ed(0..0, "X"), ed(3..6, "ffi"), ed(23..23, "!")],
            vec![ed(0..2, "AB"), ed(22..23, "")],
            vec![ed(0..0, "long start "), ed(3..6, ""), ed(9..11, "")],
            vec![ed(0..2, ""), ed(20..20, "and more text at the end")],
            // Growing from the end would write over `cd` before it moved.
            vec![ed(0..2, ""), ed(6..7, "WXYZ")],
            vec![ed(1..2, "BB"), ed(6..7, "")],
            vec![ed(0..23, "")],
            vec![ed(0..23, "all of it, and longer than it was")],
        ];
        for edits in cases {
            let copied = apply_text(text, &edits);
            assert_eq!(apply_cow(Cow::Owned(text.to_string()), &edits), copied);
            assert_eq!(apply_cow(Cow::Borrowed(text), &edits), copied);
        }
    }

    #[test]
    fn single_stage() {
        let orig = "abcdefghij";
        let mut m = OffsetMap::default();
        let t = m.apply(orig, &[ed(1..2, "XX"), ed(5..7, ""), ed(9..9, "!")]);
        assert_eq!(t, "aXXcdehi!j");
        assert_eq!(replay(orig, &t, &m), t);
        assert_eq!(m.regions[1].orig, 5..7);
        assert_eq!(m.regions[2].orig, 9..9);
    }

    #[test]
    fn later_edit_overlapping_earlier_merges() {
        let orig = "abcdefghij";
        let mut m = OffsetMap::default();
        let t1 = m.apply(orig, &[ed(2..4, "XYZ")]); // abXYZefghij
        let t2 = m.apply(&t1, &[ed(3..6, "q"), ed(8..9, "")]); // abXqfg[h]ij -> abXqfgij
        assert_eq!(t2, "abXqfgij");
        assert_eq!(replay(orig, &t2, &m), t2);
        assert_eq!(m.regions[0].orig, 2..5);
        assert_eq!(m.regions[0].also.len(), 1);
        assert_eq!(m.regions[1].orig, 7..8);
    }

    #[test]
    fn one_region_two_edits() {
        let orig = "0123456789";
        let mut m = OffsetMap::default();
        let t1 = m.apply(orig, &[ed(2..8, "abcdefgh")]); // 01abcdefgh89
        let t2 = m.apply(&t1, &[ed(3..4, ""), ed(6..7, "")]);
        assert_eq!(t2, "01acdfgh89");
        assert_eq!(m.regions.len(), 1);
        assert_eq!(m.regions[0].orig, 2..8);
        assert_eq!(replay(orig, &t2, &m), t2);
    }

    #[test]
    fn touching_edits_stay_apart() {
        let orig = "0123456789";
        let mut m = OffsetMap::default();
        let t1 = m.apply(orig, &[ed(2..3, "")]); // 013456789
        let t2 = m.apply(&t1, &[ed(2..2, "I"), ed(2..3, "Y")]);
        assert_eq!(t2, "01IY456789");
        assert_eq!(replay(orig, &t2, &m), t2);
        assert_eq!(m.regions.len(), 3);
    }

    #[test]
    fn maps_ranges_back() {
        let orig = "0123456789";
        let mut m = OffsetMap::default();
        let t1 = m.apply(orig, &[ed(2..4, "abcd")]); // 01abcd456789
        assert_eq!(&t1[6..8], "45");
        assert_eq!(m.to_original(&(6..8)), 4..6);
        assert_eq!(m.to_original(&(3..7)), 2..5);
        assert_eq!(m.to_original(&(0..1)), 0..1);
    }
}
