//! The language model: how likely a word is in running text, alone and beside its neighbours.
//!
//! Unigrams are the lexicon's frequency list; bigrams its pair list (Google Books Ngram counts,
//! see `rules/lexicon/SOURCE.md`). The two lists were counted on different totals: over the
//! pairs listed, a frequent word's bigram counts add up to 36-52 times its unigram count (`the`
//! 37, `of` 40, `to` 47, `be` 52; measured on the full 242,342-pair list), so a pair's count is
//! divided by [`BIGRAM_SCALE`] times the unigram count of its first word to give a conditional
//! probability. The pair list keeps only pairs of common words counted at least
//! [`BIGRAM_CUTOFF`] times (and every pair with a name): a pair it lacks was counted less than
//! that, which caps its probability (the backoff to the unigram never exceeds the cap). So
//! after `of`, `the` is likely and `tho` is not, while after a rare word any word is as likely
//! as it is alone.

use crate::lexicon::Lexicon;
use crate::lexicon::vocabulary::{TOTAL, Vocabulary};

/// Bigram counts per unigram count of the pair's first word (see the module docs).
const BIGRAM_SCALE: f64 = 45.0;
/// Pairs of common words counted less than this are not in the vendored list.
const BIGRAM_CUTOFF: f64 = 5.0e7;

/// The word context of a token: its neighbours as the stage reads them (lower case), when they
/// are words.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'t> {
    /// The word before (already corrected, when the stage corrected it).
    pub left: Option<&'t str>,
    /// The word after (as corrected, when the stage corrected it).
    pub right: Option<&'t str>,
}

/// Word probabilities for the stage.
pub struct Language<'a> {
    vocab: &'a Vocabulary,
}

impl<'a> Language<'a> {
    /// The model over `vocab`'s lexicon.
    pub fn new(vocab: &'a Vocabulary) -> Language<'a> {
        Language { vocab }
    }

    fn lexicon(&self) -> &Lexicon {
        self.vocab.lexicon()
    }

    /// log10 of the word's probability, when the frequency list knows it.
    pub fn log_p(&self, word: &str) -> Option<f32> {
        self.vocab.log_p(word)
    }

    /// How much more (log10) the neighbours make `word` likely than it is alone: the log of
    /// `P(word | left) / P(word)` plus `P(right | word) / P(right)`. Zero without neighbours.
    pub fn context_gain(&self, word: &str, word_log_p: f32, around: Context) -> f32 {
        let mut gain = 0.0;
        if let Some(left) = around.left {
            gain += self.follows(left, word, word_log_p) - word_log_p;
        }
        if let Some(right) = around.right
            && let Some(right_log_p) = self.log_p(right)
        {
            gain += self.follows(word, right, right_log_p) - right_log_p;
        }
        gain
    }

    /// log10 of `P(word | left)`, given `word_log_p`, the word's own log10 probability.
    fn follows(&self, left: &str, word: &str, word_log_p: f32) -> f32 {
        let left_count = self.lexicon().frequency(left) as f64;
        if left_count == 0.0 {
            return word_log_p;
        }
        let pair = self.lexicon().bigram(left, word) as f64;
        let per_left = BIGRAM_SCALE * left_count;
        if pair > 0.0 {
            return (pair / per_left).min(1.0).log10() as f32;
        }
        let cap = (BIGRAM_CUTOFF / per_left).log10() as f32;
        word_log_p.min(cap)
    }
}

/// log10 of a count's probability in the frequency list.
pub fn log_p_of_count(count: u64) -> f32 {
    (count as f64 / TOTAL).log10() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_favours_the_word_that_fits() {
        let vocab = Vocabulary::new(Lexicon::default());
        let lm = Language::new(&vocab);
        let around = Context {
            left: Some("of"),
            right: Some("town"),
        };
        let the = lm.log_p("the").unwrap();
        let tho = lm.log_p("tho").unwrap_or(-9.0);
        assert!(lm.context_gain("the", the, around) > lm.context_gain("tho", tho, around));
        assert_eq!(lm.context_gain("the", the, Context::default()), 0.0);
    }
}
