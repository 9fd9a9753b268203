//! Character and word error rates: edit distance to the gold over the gold's length.
//!
//! Characters are Unicode scalar values (`é` precomposed is one, `e` + combining accent two);
//! words are the whitespace-separated tokens, compared exactly (case and punctuation count).

use std::collections::HashMap;
use std::ops::AddAssign;

use serde::Serialize;

use super::distance::{chars, levenshtein};

/// An edit distance and the length of the gold it was measured against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Errors {
    /// Levenshtein distance to the gold.
    pub errors: usize,
    /// Length of the gold.
    pub total: usize,
}

impl Errors {
    /// Errors per unit of gold, 0 for an empty gold matched exactly.
    pub fn rate(&self) -> f64 {
        match (self.errors, self.total) {
            (0, _) => 0.0,
            (e, 0) => e as f64,
            (e, t) => e as f64 / t as f64,
        }
    }
}

impl AddAssign for Errors {
    fn add_assign(&mut self, o: Errors) {
        self.errors += o.errors;
        self.total += o.total;
    }
}

/// Character and word errors of one text against its gold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Character errors (CER = errors / total).
    pub chars: Errors,
    /// Word errors (WER = errors / total).
    pub words: Errors,
}

impl AddAssign for Score {
    fn add_assign(&mut self, o: Score) {
        self.chars += o.chars;
        self.words += o.words;
    }
}

/// Scores `text` against `gold`.
pub fn score(text: &str, gold: &str) -> Score {
    Score {
        chars: Errors {
            errors: chars(text, gold),
            total: gold.chars().count(),
        },
        words: word_errors(text, gold),
    }
}

fn word_errors(text: &str, gold: &str) -> Errors {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut intern = |w| {
        let next = ids.len() as u32;
        *ids.entry(w).or_insert(next)
    };
    let a: Vec<u32> = text.split_whitespace().map(&mut intern).collect();
    let b: Vec<u32> = gold.split_whitespace().map(&mut intern).collect();
    Errors {
        errors: levenshtein(&a, &b),
        total: b.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_chars_and_words() {
        use crate::eval::metrics::score;
        let s = score("Tbe cat sat", "The cat sat.");
        assert_eq!((s.chars.errors, s.chars.total), (2, 12));
        assert_eq!((s.words.errors, s.words.total), (2, 3));
    }

    #[test]
    fn hand_checked_rates() {
        let s = score("the  cat", "the cat");
        assert_eq!(
            s.chars,
            Errors {
                errors: 1,
                total: 7
            }
        );
        // Whitespace runs do not make words differ.
        assert_eq!(
            s.words,
            Errors {
                errors: 0,
                total: 2
            }
        );
        let s = score("tothe house", "to the house");
        assert_eq!(s.chars.errors, 1);
        // One substitution (`tothe` for `to`) and one deletion (`the`).
        assert_eq!(
            s.words,
            Errors {
                errors: 2,
                total: 3
            }
        );
        let s = score("", "abc");
        assert_eq!(s.chars.rate(), 1.0);
        assert_eq!(score("", "").chars.rate(), 0.0);
    }

    #[test]
    fn unicode_counts_scalar_values() {
        // A ligature for two letters: one substitution, one insertion; total counts characters.
        let s = score("ﬁne café", "fine café");
        assert_eq!(
            s.chars,
            Errors {
                errors: 2,
                total: 9
            }
        );
        // Decomposed é (e + U+0301) against precomposed: one substitution and one deletion.
        assert_eq!(score("cafe\u{301}", "café").chars.errors, 2);
    }
}
