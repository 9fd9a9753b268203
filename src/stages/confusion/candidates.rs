//! Which words a printed token may stand for, and at what cost under the error model.
//!
//! The search runs the error model backwards over the token, left to right: at each place it
//! keeps the printed letter, or reads the printed letter group as a gold side the table lists
//! for it (`rn` as `m`, `b` as `h`, `0` as `o`), or puts back a letter the engine may have
//! dropped. Two things keep it small. A branch stops as soon as its cost (the log10 chance of the
//! edits so far) falls below a floor the caller sets from what the token's reading would have to
//! beat. And every letter trigram of the reading so far must occur in some common word (a 2.4 KB
//! bit table): a prefix like `tb` or `rnn` no word has ends its branch at once, which does for
//! the search what a trie does for a dictionary walk. Readings that come out whole are looked up
//! in the common-word table, then in the lexicon.
//!
//! This is the candidate generation of the noisy channel: SymSpell's symmetric deletes find
//! every word within an edit distance and weigh them afterwards; here the learned edits are the
//! moves, so `rn` → `m` costs one likely edit, not two arbitrary ones, and an edit the engine
//! never makes is never tried.

use crate::lexicon::Lexicon;
use crate::lexicon::vocabulary::{TOTAL, Vocabulary};
use crate::text::Case;

use super::errors::ErrorModel;

/// Most edits in one reading.
pub const MAX_EDITS: usize = 3;
/// Longest token searched, in bytes.
pub const MAX_LEN: usize = 24;
/// The least (log10) chance of a reading's edits together: past it no word's frequency or
/// context makes the reading likely enough to offer (two edits of 1 % each are -4).
pub const MIN_CHANNEL: f32 = -6.0;
/// Most steps of one search: a guard for debris whose every letter has many readings.
const MAX_STEPS: u32 = 200_000;
/// log10 probability given to a word the lexicon knows but the frequency list does not.
const UNLISTED_LOG_P: f32 = -8.0;

/// The edits of a reading, as indices into the error model's readings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Edits {
    ids: [u32; MAX_EDITS],
    len: u8,
}

impl Edits {
    /// The edits, in order.
    pub fn ids(&self) -> &[u32] {
        &self.ids[..usize::from(self.len)]
    }

    /// How many.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn push(&mut self, id: u32) {
        self.ids[usize::from(self.len)] = id;
        self.len += 1;
    }

    fn pop(&mut self) {
        self.len -= 1;
    }
}

/// A word the token may stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The word, cased as the token is (`Tbe` → `The`).
    pub word: Box<str>,
    /// log10 of the chance that the engine printed the token for this word.
    pub log_channel: f32,
    /// log10 of the word's probability in running text.
    pub log_p: f32,
    /// The edits that make the token from the word.
    pub edits: Edits,
}

/// The search for the candidates of one token.
pub struct Search<'a> {
    model: &'a ErrorModel,
    vocab: &'a Vocabulary,
    lexicon: &'a Lexicon,
    /// The token, lower case.
    token: Vec<u8>,
    case: Case,
    floor: f32,
    max_edits: usize,
    buf: Vec<u8>,
    edits: Edits,
    out: Vec<Candidate>,
    steps: u32,
}

impl<'a> Search<'a> {
    /// A search for the words `token` may stand for, with at most `max_edits` edits whose
    /// log10 chance together is at least `floor`.
    pub fn new(
        model: &'a ErrorModel,
        vocab: &'a Vocabulary,
        token: &str,
        floor: f32,
        max_edits: usize,
    ) -> Search<'a> {
        Search {
            model,
            vocab,
            lexicon: vocab.lexicon(),
            token: token.to_lowercase().into_bytes(),
            case: Case::of_ascii(token.as_bytes()),
            floor: floor.max(MIN_CHANNEL),
            max_edits: max_edits.min(MAX_EDITS),
            buf: Vec::with_capacity(token.len() + 8),
            edits: Edits::default(),
            out: Vec::new(),
            steps: 0,
        }
    }

    /// Every candidate found, best channel route per word, in no particular order.
    pub fn run(mut self) -> Vec<Candidate> {
        if self.token.len() <= MAX_LEN && !matches!(self.case, Case::Mixed) {
            self.step(0, 0.0, false);
        }
        self.out
    }

    /// Extends the reading from byte `at` of the token; `inserted` when a dropped letter was
    /// just put back here (one per place).
    fn step(&mut self, at: usize, cost: f32, inserted: bool) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return;
        }
        if !inserted && self.edits.len() < self.max_edits {
            self.put_back_dropped(at, cost);
        }
        if at == self.token.len() {
            self.finish(cost);
            return;
        }
        let b = self.token[at];
        // Keep the printed letter.
        self.buf.push(b);
        if self.plausible_from(self.buf.len() - 1) {
            self.step(at + 1, cost + self.model.keep(b), false);
        }
        self.buf.pop();
        if self.edits.len() < self.max_edits && self.model.starts_with(b) {
            self.read_as_other(at, cost);
        }
    }

    /// Reads the printed group at `at` as each gold side the model lists for it.
    fn read_as_other(&mut self, at: usize, cost: f32) {
        let model = self.model;
        for len in 1..=model.longest().min(self.token.len() - at) {
            for &id in model.readings_of(&self.token[at..], len) {
                let r = model.reading(id);
                if cost + r.log_p < self.floor {
                    break; // likeliest first: the rest cost more
                }
                if r.gold.contains(' ') {
                    continue; // a split into two words is the split stage's business
                }
                let mark = self.buf.len();
                self.buf.extend_from_slice(r.gold.as_bytes());
                if self.plausible_from(mark) {
                    self.edits.push(id);
                    self.step(at + len, cost + r.log_p, false);
                    self.edits.pop();
                }
                self.buf.truncate(mark);
            }
        }
    }

    /// Puts back, at `at`, each letter the engine may have dropped.
    fn put_back_dropped(&mut self, at: usize, cost: f32) {
        let model = self.model;
        for &id in model.dropped() {
            let r = model.reading(id);
            if cost + r.log_p < self.floor {
                break;
            }
            if r.gold.contains(' ') {
                continue;
            }
            let mark = self.buf.len();
            self.buf.extend_from_slice(r.gold.as_bytes());
            if self.plausible_from(mark) {
                self.edits.push(id);
                self.step(at, cost + r.log_p, true);
                self.edits.pop();
            }
            self.buf.truncate(mark);
        }
    }

    /// Whether the trigrams ending at bytes `from..` of the reading so far occur in words.
    #[inline]
    fn plausible_from(&self, from: usize) -> bool {
        let end = self.buf.len();
        from >= end || self.vocab.plausible_at(&self.buf, from, end - 1)
    }

    /// A whole reading: a candidate when it is a word in the token's case.
    fn finish(&mut self, cost: f32) {
        if self.edits.is_empty()
            || self.buf.is_empty()
            || !self
                .vocab
                .plausible_at(&self.buf, self.buf.len(), self.buf.len())
        {
            return;
        }
        let Some(log_p) = self.word_log_p() else {
            return;
        };
        if let Some(c) = self
            .out
            .iter_mut()
            .find(|c| c.word.as_bytes().eq_ignore_ascii_case(&self.buf))
        {
            // The likelier route, except that a route through a user's own `pairs` rule takes
            // the credit: the user said this source makes that confusion.
            let user = |e: &Edits| {
                e.ids()
                    .iter()
                    .any(|&id| self.model.reading(id).rule.is_some())
            };
            let (mine, theirs) = (user(&self.edits), user(&c.edits));
            if (mine && !theirs) || (mine == theirs && cost > c.log_channel) {
                c.log_channel = cost;
                c.edits = self.edits;
            }
            return;
        }
        let word = cased(&self.buf, self.case);
        self.out.push(Candidate {
            word: word.into(),
            log_channel: cost,
            log_p,
            edits: self.edits,
        });
    }

    /// log10 of the reading's probability, when it is a word in the token's case.
    fn word_log_p(&self) -> Option<f32> {
        if let Some(e) = self.vocab.folded(&self.buf) {
            let fits = e.lower || (self.case != Case::Lower && e.name);
            return fits.then_some(e.log_p);
        }
        let word = cased(&self.buf, self.case);
        let known = self.lexicon.lookup(&word)?;
        Some(if known.frequency > 0 {
            (known.frequency as f64 / TOTAL).log10() as f32
        } else {
            UNLISTED_LOG_P
        })
    }
}

/// `lower` (lower case) in `case`: capitalised or in capitals like the token.
pub fn cased(lower: &[u8], case: Case) -> String {
    let mut s = String::from_utf8_lossy(lower).into_owned();
    match case {
        Case::Upper => s = s.to_uppercase(),
        Case::Capitalised => {
            if let Some(first) = s.chars().next() {
                let rest = s[first.len_utf8()..].to_string();
                s = first.to_uppercase().chain(rest.chars()).collect();
            }
        }
        Case::Lower | Case::Mixed => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(token: &str, floor: f32) -> Vec<String> {
        let model = ErrorModel::builtin();
        let vocab = Vocabulary::new(Lexicon::default());
        let mut found = Search::new(&model, &vocab, token, floor, 2).run();
        found.sort_by(|a, b| (b.log_channel + b.log_p).total_cmp(&(a.log_channel + a.log_p)));
        found.into_iter().map(|c| c.word.into()).collect()
    }

    #[test]
    fn finds_the_words_behind_common_misreadings() {
        assert_eq!(words("tbe", -6.0).first().map(String::as_str), Some("the"));
        assert_eq!(words("Tbe", -6.0).first().map(String::as_str), Some("The"));
        assert!(words("rnatter", -6.0).contains(&"matter".to_string()));
        assert!(words("tlie", -6.0).contains(&"the".to_string()));
    }

    #[test]
    fn a_high_floor_finds_nothing() {
        assert!(words("tbe", -0.1).is_empty());
    }
}
