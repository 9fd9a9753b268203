//! Whether one change moved the text toward the gold or away from it.
//!
//! Each change is judged on its own, against the input: the window around it (see
//! [`Alignment::window`]) is compared with the gold window twice, without the change and with
//! it. Fewer errors with it: toward; more: away; as many: neutral. A pending (unsafe, unapplied)
//! fix is judged as if it had been applied, so a rule's precision is known before it is made
//! safe.

use std::ops::Range;

use serde::Serialize;

use super::align::Alignment;
use super::distance::chars;
use super::normalize::{Kept, unwrap_keeping};

/// Which way a change moved the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Fewer errors against the gold with the change.
    Toward,
    /// More errors.
    Away,
    /// As many.
    Neutral,
}

/// A verdict and the windows it was reached on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    /// Which way.
    pub verdict: Verdict,
    /// Errors without the change minus errors with it (positive: toward).
    pub gain: isize,
    /// The input window, without the change.
    pub input: Range<usize>,
    /// The gold window.
    pub gold: Range<usize>,
}

/// Judges replacing `span` of `input` by `after`. With `unwrap`, the windows are normalised as
/// the document scores are (see [`unwrap`]).
pub fn judge(
    alignment: &Alignment,
    input: &str,
    gold: &str,
    span: &Range<usize>,
    after: &str,
    unwrap_lines: Option<&Kept>,
) -> Judged {
    let (iw, gw) = alignment.window(span);
    let without = &input[iw.clone()];
    let mut with = String::with_capacity(without.len() + after.len());
    with.push_str(&input[iw.start..span.start]);
    with.push_str(after);
    with.push_str(&input[span.end..iw.end]);
    let g = &gold[gw.clone()];
    let (d0, d1) = if let Some(kept) = unwrap_lines {
        let unwrap = |t| unwrap_keeping(t, kept);
        let g = unwrap(g);
        (chars(&unwrap(without), &g), chars(&unwrap(&with), &g))
    } else {
        (chars(without, g), chars(&with, g))
    };
    let gain = d0 as isize - d1 as isize;
    Judged {
        verdict: match gain {
            0 => Verdict::Neutral,
            g if g > 0 => Verdict::Toward,
            _ => Verdict::Away,
        },
        gain,
        input: iw,
        gold: gw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fix_toward_the_gold() {
        use crate::eval::align::Alignment;
        use crate::eval::judge::{Verdict, judge};
        let input = "tbe cat";
        let gold = "the cat";
        let a = Alignment::new(input, gold);
        let v = judge(&a, input, gold, &(0..3), "the", None);
        assert_eq!((v.verdict, v.gain), (Verdict::Toward, 1));
    }

    fn verdict(
        input: &str,
        gold: &str,
        span: Range<usize>,
        after: &str,
        unwrap: bool,
    ) -> (Verdict, isize) {
        let a = Alignment::new(input, gold);
        let kept = Kept::default();
        let j = judge(&a, input, gold, &span, after, unwrap.then_some(&kept));
        (j.verdict, j.gain)
    }

    #[test]
    fn corrections_and_damage() {
        let input = "Tbe ﬁrst  ferry left.";
        let gold = "The first ferry left.";
        // tbe -> the, the ligature, the double space: all toward.
        assert_eq!(
            verdict(input, gold, 0..3, "The", false),
            (Verdict::Toward, 1)
        );
        assert_eq!(
            verdict(input, gold, 4..7, "fi", false),
            (Verdict::Toward, 2)
        );
        assert_eq!(
            verdict(input, gold, 10..11, "", false),
            (Verdict::Toward, 1)
        );
        // Splitting a correct word: away.
        assert_eq!(
            verdict(input, gold, 12..17, "fer ry", false),
            (Verdict::Away, -1)
        );
        // Replacing a letter with another wrong one: neutral.
        assert_eq!(
            verdict(input, gold, 1..2, "x", false),
            (Verdict::Neutral, 0)
        );
    }

    #[test]
    fn dehyphenation_against_a_gold_that_keeps_printed_lines() {
        let input = "parish of Thorns-\nhope, near";
        let gold = "parish of Thorns-\nhope, near";
        // Raw, joining the word loses the hyphen and the break the gold has.
        assert_eq!(verdict(input, gold, 16..18, "", false), (Verdict::Away, -2));
        // Unwrapped on both sides, the join costs nothing.
        assert_eq!(
            verdict(input, gold, 16..18, "", true),
            (Verdict::Neutral, 0)
        );
        // Keeping the hyphen without the break is one error against the joined gold.
        assert_eq!(verdict(input, gold, 17..18, "", true), (Verdict::Away, -1));
    }

    #[test]
    fn non_ascii_windows() {
        let input = "Zürich’s caf\u{e9}\u{a0}opened";
        let gold = "Zürich’s café opened";
        let nbsp = input.find('\u{a0}').unwrap();
        assert_eq!(
            verdict(input, gold, nbsp..nbsp + 2, " ", false),
            (Verdict::Toward, 1)
        );
    }
}
