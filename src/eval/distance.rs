//! Exact Levenshtein distance for long sequences: Myers' bit-vector algorithm in Hyyrö's
//! multi-word form.
//!
//! A full dynamic-programming matrix for two 100,000-character pages is 10^10 cells; this keeps one
//! column as bit vectors (two `u64` per 64 rows) and advances it one symbol of the text at a time,
//! so it costs `O(⌈m/64⌉·n)` word operations and `O(σ·m/64)` memory, and the figure is exact, not
//! an estimate. The common prefix and suffix are stripped first, which is most of the work saved
//! on texts that differ little. Symbols are anything hashable: `char`s for character error rate,
//! interned word ids for word error rate.

use std::collections::HashMap;
use std::hash::Hash;

/// Unit-cost edit distance (insertions, deletions, substitutions) between `a` and `b`.
pub fn levenshtein<T: Eq + Hash + Copy>(a: &[T], b: &[T]) -> usize {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    // The pattern (kept as bit vectors) is the shorter side: fewer words per column.
    let (pattern, text) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if pattern.is_empty() {
        return text.len();
    }
    bit_vector(pattern, text)
}

/// The distance between the characters of two strings.
pub fn chars(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    levenshtein(&a, &b)
}

/// Column-wise bit-vector computation. Row `i` of the matrix is bit `i % 64` of block `i / 64`;
/// `pv`/`mv` hold the vertical deltas (+1 / -1) of the current column.
fn bit_vector<T: Eq + Hash + Copy>(pattern: &[T], text: &[T]) -> usize {
    let m = pattern.len();
    let blocks = m.div_ceil(64);
    // Match masks: for each distinct pattern symbol, which rows hold it. Text symbols that never
    // occur in the pattern match no row.
    let mut ids: HashMap<T, usize> = HashMap::new();
    let mut peq: Vec<u64> = Vec::new();
    for (i, s) in pattern.iter().enumerate() {
        let next = ids.len();
        let id = *ids.entry(*s).or_insert(next);
        if id == next {
            peq.resize(peq.len() + blocks, 0);
        }
        peq[id * blocks + i / 64] |= 1 << (i % 64);
    }
    let none = vec![0u64; blocks];
    let mut pv = vec![u64::MAX; blocks];
    let mut mv = vec![0u64; blocks];
    let last = blocks - 1;
    let last_bit = 1u64 << ((m - 1) % 64);
    // Distance at the last row: m in column 0, then moved by each column's horizontal delta.
    let mut score = m as isize;
    for s in text {
        let eq = match ids.get(s) {
            Some(&id) => &peq[id * blocks..(id + 1) * blocks],
            None => &none[..],
        };
        // The top row of the matrix is 0, 1, 2 ...: the delta entering the first block is +1.
        let mut hin: i8 = 1;
        for b in 0..blocks {
            let high = if b == last { last_bit } else { 1 << 63 };
            let (hout, p, n) = step(pv[b], mv[b], eq[b], hin, high);
            pv[b] = p;
            mv[b] = n;
            hin = hout;
        }
        score += hin as isize;
    }
    score as usize
}

/// Advances one 64-row block by one column (Hyyrö 2003). `hin` is the horizontal delta entering
/// the block's top row, the result's first field the delta leaving the row marked by `high`.
#[inline(always)]
fn step(pv: u64, mv: u64, eq: u64, hin: i8, high: u64) -> (i8, u64, u64) {
    let hin_neg = u64::from(hin < 0);
    let xv = eq | mv;
    let eq = eq | hin_neg;
    let xh = (((eq & pv).wrapping_add(pv)) ^ pv) | eq;
    let ph = mv | !(xh | pv);
    let mh = pv & xh;
    let hout = i8::from(ph & high != 0) - i8::from(mh & high != 0);
    let ph = (ph << 1) | u64::from(hin > 0);
    let mh = (mh << 1) | hin_neg;
    (hout, mh | !(xv | ph), ph & xv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kitten_to_sitting() {
        use crate::eval::distance::levenshtein;
        let a: Vec<char> = "kitten".chars().collect();
        let b: Vec<char> = "sitting".chars().collect();
        assert_eq!(levenshtein(&a, &b), 3);
    }

    /// The textbook matrix, for checking.
    fn naive<T: Eq>(a: &[T], b: &[T]) -> usize {
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, x) in a.iter().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, y) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(x != y))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn hand_checked() {
        assert_eq!(chars("", ""), 0);
        assert_eq!(chars("abc", ""), 3);
        assert_eq!(chars("", "abc"), 3);
        assert_eq!(chars("kitten", "sitting"), 3);
        assert_eq!(chars("flaw", "lawn"), 2);
        // Characters, not bytes: é is one substitution, ﬁ -> fi one substitution and one insertion.
        assert_eq!(chars("café", "cafe"), 1);
        assert_eq!(chars("ﬁrst", "first"), 2);
        assert_eq!(chars("tbe", "the"), 1);
    }

    #[test]
    fn blocks_meet_correctly() {
        // 200 rows: four blocks, the last one partial.
        let a = "the quick brown fox jumps over the lazy dog ".repeat(5);
        let b = a.replace("quick", "qu1ck").replace("lazy", "lazzy");
        assert_eq!(chars(&a, &b), 10);
        let c: String = a.chars().rev().collect();
        let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), c.chars().collect());
        assert_eq!(levenshtein(&x, &y), naive(&x, &y));
    }

    proptest! {
        #[test]
        fn matches_the_matrix(a in "[abc ]{0,150}", b in "[abcd ]{0,150}") {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            prop_assert_eq!(levenshtein(&x, &y), naive(&x, &y));
        }
    }
}
