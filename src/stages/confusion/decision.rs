//! Choosing between the readings of a token: the noisy channel's arithmetic.
//!
//! Each reading `c` of a printed token `t` scores `log P(c) + log P(t | c)` plus what its
//! neighbours add (the language model's context gain); the token as printed scores what it
//! would if it were a word: its own frequency and context when the lexicon knows it, else the
//! chance of an unknown word of its length and shape (names and rare words are unknown words
//! too, so the prior is not small). The scores become a posterior by normalising over all the
//! readings, and the posterior of the best reading decides: a fix is offered only when the
//! token is unlikely to be right as printed and one reading stands out.

use super::candidates::Candidate;
use super::errors::ErrorModel;
use super::language::{Context, Language};
use crate::text::Case;

/// log10 prior of an unknown word (a name, a rare word, a coinage) `len` letters long:
/// `UNKNOWN_BASE - UNKNOWN_PER_LETTER * len`, plus [`NAME_BONUS`] when it is capitalised or in
/// capitals, where names are. Tuned on the training half (see `rules/ocr/SOURCE.md`).
const UNKNOWN_BASE: f32 = -4.5;
const UNKNOWN_PER_LETTER: f32 = 0.45;
const NAME_BONUS: f32 = 1.5;

/// A token's best reading and how sure the model is of it.
#[derive(Debug, Clone)]
pub struct Judgement<'c> {
    /// The reading.
    pub best: &'c Candidate,
    /// Its share of the probability of all readings, the token as printed included.
    pub posterior: f64,
    /// What the neighbours added to it (log10).
    pub context_gain: f32,
    /// How many readings competed besides the token as printed.
    pub rivals: usize,
}

/// log10 of the score of the token as printed: `word_log_p` when the lexicon knows it (with its
/// context), else the unknown-word prior.
pub fn keep_score(
    lm: &Language,
    model: &ErrorModel,
    token: &str,
    word_log_p: Option<f32>,
    around: Context,
) -> f32 {
    let bytes = token.as_bytes();
    let channel = model.keep_word(bytes);
    match word_log_p {
        Some(log_p) => log_p + lm.context_gain(&token.to_lowercase(), log_p, around) + channel,
        None => unknown_log_p(bytes) + channel,
    }
}

/// The unknown-word prior of a token (see [`UNKNOWN_BASE`]).
pub fn unknown_log_p(token: &[u8]) -> f32 {
    let name = matches!(Case::of_ascii(token), Case::Capitalised | Case::Upper);
    UNKNOWN_BASE - UNKNOWN_PER_LETTER * token.len() as f32 + if name { NAME_BONUS } else { 0.0 }
}

/// The best of `candidates` for a token whose own score is `keep` (see [`keep_score`]).
pub fn judge<'c>(
    lm: &Language,
    candidates: &'c [Candidate],
    keep: f32,
    around: Context,
) -> Option<Judgement<'c>> {
    let mut scored: Vec<(f32, f32, &Candidate)> = candidates
        .iter()
        .map(|c| {
            let gain = lm.context_gain(&c.word.to_lowercase(), c.log_p, around);
            (c.log_p + c.log_channel + gain, gain, c)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let &(best, context_gain, best_candidate) = scored.first()?;
    // Normalised against the best, so that no term underflows.
    let total: f64 = scored
        .iter()
        .map(|s| s.0)
        .chain([keep])
        .map(|s| 10f64.powf(f64::from(s - best)))
        .sum();
    Some(Judgement {
        best: best_candidate,
        posterior: 1.0 / total,
        context_gain,
        rivals: scored.len() - 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use crate::lexicon::vocabulary::Vocabulary;

    #[test]
    fn names_and_short_tokens_have_their_priors() {
        assert!(unknown_log_p(b"Thornshope") > unknown_log_p(b"thornshope"));
        assert!(unknown_log_p(b"tbe") > unknown_log_p(b"tbeatre"));
    }

    #[test]
    fn a_clear_reading_wins_and_a_close_call_does_not() {
        let vocab = Vocabulary::new(Lexicon::default());
        let lm = Language::new(&vocab);
        let c = |word: &str, log_channel: f32| Candidate {
            word: word.into(),
            log_channel,
            log_p: vocab.log_p(word).unwrap(),
            edits: Default::default(),
        };
        let clear = [c("the", -2.0)];
        let j = judge(&lm, &clear, -8.0, Context::default()).unwrap();
        assert!(j.posterior > 0.99, "{}", j.posterior);
        let close = [c("than", -2.0), c("then", -2.0)];
        let j = judge(&lm, &close, -9.0, Context::default()).unwrap();
        assert!(j.posterior < 0.9, "{}", j.posterior);
    }
}
