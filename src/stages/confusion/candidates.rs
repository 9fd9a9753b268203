//! Which words a printed token may stand for, and at what cost under the error model.
//!
//! The search walks the word trie ([`Trie`]: the frequency list's words) and the token together,
//! left to right, the error model giving the moves: at each place it keeps the printed letter,
//! or reads the printed letter group as a gold side the table lists for it (`rn` as `m`, `b` as
//! `h`, `0` as `o`), or puts back a letter the engine may have dropped, and it only follows
//! moves that stay inside the trie, so every branch it explores is the prefix of some word. A
//! branch ends as soon as its cost (the log10 chance of its edits and kept letters) plus the
//! best probability of any word below its trie node falls under the floor the caller sets from
//! what the token as printed scores: most branches end after one or two letters.
//!
//! This is the candidate generation of the noisy channel. SymSpell's symmetric deletes find every
//! word within an edit distance and weigh them afterwards; here the learned edits are the moves,
//! so `rn` → `m` costs one likely edit, not two arbitrary ones, an edit the engine never makes is
//! never tried, and the weights prune the search as it goes. On the overproof-smh OCR the walk
//! made the stage about eight times faster than generating readings and looking each one up
//! (0.71 s of CPU for 0.31 MB, from 5.65 s), which is still far from what the default pipeline
//! needs: see the stage's docs.

use crate::lexicon::Lexicon;
use crate::lexicon::trie::{Node, Trie};
use crate::lexicon::vocabulary::Vocabulary;
use crate::text::Case;

use super::errors::ErrorModel;

/// Most edits in one reading.
pub const MAX_EDITS: usize = 3;
/// Longest token searched, in bytes.
pub const MAX_LEN: usize = 24;
/// The least (log10) chance of a reading's edits together: past it no word's frequency or
/// context makes the reading likely enough to offer (two edits of 1 % each are -4).
pub const MIN_CHANNEL: f32 = -6.0;
/// Most trie nodes one search visits: a guard for debris whose every letter has many readings
/// (the overproof-smh OCR needs at most a few thousand). An edit whose cost alone falls under
/// [`MIN_CHANNEL`] is never followed (the readings are tried likeliest first, so none after it
/// is either): for an unknown word the floor is low (-10 for seven letters) and it was
/// `MIN_CHANNEL` that ended most moves, after their trie walk and a visit counted here.
const MAX_STEPS: u32 = 50_000;

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

/// A word found, by its trie node (one node per word).
struct Found {
    node: Node,
    candidate: Candidate,
}

/// The search for the candidates of one token.
pub struct Search<'a> {
    model: &'a ErrorModel,
    vocab: &'a Vocabulary,
    lexicon: &'a Lexicon,
    trie: Trie,
    /// The token, lower case.
    token: Vec<u8>,
    case: Case,
    /// The least score (channel and word) a reading must reach.
    floor: f32,
    max_edits: usize,
    /// `keep_rest[i]`: the cost of keeping every printed letter from `i` on, the most the rest of
    /// the token can cost at best.
    keep_rest: Vec<f32>,
    /// The printed groups the model has readings for, by the byte they start at: those at byte
    /// `i` are `groups[groups_at[i]..groups_at[i + 1]]`, shortest first, each its length and its
    /// readings likeliest first (looked up once per search, not once per trie node; most lengths
    /// at most places have none).
    groups: Vec<(usize, &'a [u32])>,
    groups_at: Vec<usize>,
    /// The reading so far (gold letters, lower case).
    buf: Vec<u8>,
    edits: Edits,
    out: Vec<Found>,
    steps: u32,
}

impl<'a> Search<'a> {
    /// A search for the words `token` may stand for, with at most `max_edits` edits, whose score
    /// (log10 of the word's probability and of the chance of its edits) is at least `floor`.
    pub fn new(
        model: &'a ErrorModel,
        vocab: &'a Vocabulary,
        token: &str,
        floor: f32,
        max_edits: usize,
    ) -> Search<'a> {
        let lower = token.to_lowercase().into_bytes();
        let mut keep_rest = vec![0.0; lower.len() + 1];
        for i in (0..lower.len()).rev() {
            keep_rest[i] = keep_rest[i + 1] + model.keep(lower[i]);
        }
        let mut groups = Vec::new();
        let mut groups_at = Vec::with_capacity(lower.len() + 1);
        for i in 0..lower.len() {
            groups_at.push(groups.len());
            for len in 1..=model.longest() {
                let readings = model.readings_of(&lower[i..], len);
                if !readings.is_empty() {
                    groups.push((len, readings));
                }
            }
        }
        groups_at.push(groups.len());
        Search {
            model,
            vocab,
            lexicon: vocab.lexicon(),
            trie: Trie::get(),
            case: Case::of_ascii(token.as_bytes()),
            floor,
            max_edits: max_edits.min(MAX_EDITS),
            keep_rest,
            groups,
            groups_at,
            buf: Vec::with_capacity(lower.len() + 8),
            token: lower,
            edits: Edits::default(),
            out: Vec::new(),
            steps: 0,
        }
    }

    /// Every candidate found, best channel route per word, in no particular order.
    pub fn run(mut self) -> Vec<Candidate> {
        if self.token.len() <= MAX_LEN && !matches!(self.case, Case::Mixed) {
            self.step(Trie::ROOT, 0, 0.0, false);
        }
        self.out.into_iter().map(|f| f.candidate).collect()
    }

    /// Whether a branch at trie node `node`, having read the token up to `at` at a cost of
    /// `cost`, can still reach the floor.
    #[inline]
    fn hopeful(&self, node: Node, at: usize, cost: f32) -> bool {
        cost >= MIN_CHANNEL && cost + self.keep_rest[at] + self.trie.best_log_p(node) >= self.floor
    }

    /// Counts a visit to trie node `node` and says whether to go on from it (within
    /// [`MAX_STEPS`] and [`hopeful`](Self::hopeful)). Every move checks this before it writes
    /// the reading: most moves end here.
    #[inline]
    fn enter(&mut self, node: Node, at: usize, cost: f32) -> bool {
        self.steps += 1;
        self.steps <= MAX_STEPS && self.hopeful(node, at, cost)
    }

    /// Extends the reading at trie node `node` from byte `at` of the token; `inserted` when a
    /// dropped letter was just put back here (one per place).
    fn step(&mut self, node: Node, at: usize, cost: f32, inserted: bool) {
        if !self.enter(node, at, cost) {
            return;
        }
        if self.edits.len() >= self.max_edits {
            self.keep_to_end(node, at, cost);
        } else {
            self.expand(node, at, cost, inserted);
        }
    }

    /// [`step`](Self::step) at a node already [entered](Self::enter), with an edit to spare.
    fn expand(&mut self, node: Node, at: usize, cost: f32, inserted: bool) {
        if !inserted {
            self.put_back_dropped(node, at, cost);
        }
        if at == self.token.len() {
            self.finish(node, cost);
            return;
        }
        let b = self.token[at];
        // Keep the printed letter.
        if let Some(next) = self.trie.child(node, b) {
            let cost = cost + self.model.keep(b);
            if self.enter(next, at + 1, cost) {
                self.buf.push(b);
                self.expand(next, at + 1, cost, false);
                self.buf.pop();
            }
        }
        if self.model.starts_with(b) {
            self.read_as_other(node, at, cost);
        }
    }

    /// What [`step`](Self::step) does at an [entered](Self::enter) node once a reading has used
    /// all its edits: it can only keep the rest of the token as printed, so this walks the trie
    /// along it in a loop, with the same checks and the same step count at every node as the
    /// recursion (most of the nodes a search visits are such walks).
    fn keep_to_end(&mut self, mut node: Node, mut at: usize, mut cost: f32) {
        let mark = self.buf.len();
        loop {
            if at == self.token.len() {
                self.finish(node, cost);
                break;
            }
            let b = self.token[at];
            let Some(next) = self.trie.child(node, b) else {
                break;
            };
            self.buf.push(b);
            cost += self.model.keep(b);
            node = next;
            at += 1;
            if !self.enter(node, at, cost) {
                break;
            }
        }
        self.buf.truncate(mark);
    }

    /// Reads the printed group at `at` as each gold side the model lists for it.
    fn read_as_other(&mut self, node: Node, at: usize, cost: f32) {
        let model = self.model;
        let best_below = self.trie.best_log_p(node);
        let letters = self.trie.letters(node);
        for g in self.groups_at[at]..self.groups_at[at + 1] {
            let (len, readings) = self.groups[g];
            let bound = self.keep_rest[at + len] + best_below;
            for &id in readings {
                let r = model.reading(id);
                if cost + r.log_p + bound < self.floor || cost + r.log_p < MIN_CHANNEL {
                    break; // likeliest first: the rest cost more
                }
                if model.gold_first(id) & letters == 0 {
                    continue; // the node has no child along the gold side's first letter
                }
                self.follow(node, id, at + len, cost + r.log_p, false);
            }
        }
    }

    /// Puts back, at `at`, each letter group the engine may have dropped.
    fn put_back_dropped(&mut self, node: Node, at: usize, cost: f32) {
        let model = self.model;
        let bound = self.keep_rest[at] + self.trie.best_log_p(node);
        let dropped = model.dropped();
        // Only the groups that start with a letter the node has a child along can be put back:
        // the model says which those are without trying each (a deep node has a child or two,
        // the model lists some thirty groups). The set keeps them likeliest first.
        let Some(mut set) = model.dropped_starting(self.trie.letters(node)) else {
            for &id in dropped {
                let r = model.reading(id);
                if cost + r.log_p + bound < self.floor || cost + r.log_p < MIN_CHANNEL {
                    break;
                }
                self.follow(node, id, at, cost + r.log_p, true);
            }
            return;
        };
        while set != 0 {
            let id = dropped[set.trailing_zeros() as usize];
            set &= set - 1;
            let r = model.reading(id);
            if cost + r.log_p + bound < self.floor || cost + r.log_p < MIN_CHANNEL {
                break;
            }
            self.follow(node, id, at, cost + r.log_p, true);
        }
    }

    /// Follows reading `id`'s gold side down the trie from `node`, and goes on from byte `at`.
    /// (The model's gold sides are lower-case letters, never a space: a split into two words is
    /// the split stage's business.)
    #[inline]
    fn follow(&mut self, node: Node, id: u32, at: usize, cost: f32, inserted: bool) {
        let gold = self.model.reading(id).gold.as_bytes();
        // An empty gold side: the engine printed something from nothing.
        let next = match gold.split_first() {
            None => Some(node),
            Some((&first, rest)) => self
                .trie
                .child(node, first)
                .and_then(|n| self.trie.walk(n, rest)),
        };
        let Some(next) = next else {
            return;
        };
        if !self.enter(next, at, cost) {
            return;
        }
        let mark = self.buf.len();
        // Byte by byte: a gold side is a letter or two, too short to pay for a call to memcpy.
        for &g in gold {
            self.buf.push(g);
        }
        self.edits.push(id);
        if self.edits.len() >= self.max_edits {
            self.keep_to_end(next, at, cost);
        } else {
            self.expand(next, at, cost, inserted);
        }
        self.edits.pop();
        self.buf.truncate(mark);
    }

    /// A whole reading at trie node `node`: a candidate when it ends a word that fits the
    /// token's case.
    fn finish(&mut self, node: Node, cost: f32) {
        if self.edits.is_empty() {
            return;
        }
        let Some(log_p) = self.trie.word_log_p(node) else {
            return;
        };
        if cost + log_p < self.floor {
            return;
        }
        if let Some(i) = self.out.iter().position(|f| f.node == node) {
            self.reroute(i, cost);
            return;
        }
        if !self.fits_case() {
            return;
        }
        let word = cased(&self.buf, self.case);
        self.out.push(Found {
            node,
            candidate: Candidate {
                word: word.into(),
                log_channel: cost,
                log_p,
                edits: self.edits,
            },
        });
    }

    /// A second route to found word `i`: the likelier route, except that a route through a
    /// user's own `pairs` rule takes the credit (the user said this source makes that confusion).
    fn reroute(&mut self, i: usize, cost: f32) {
        let model = self.model;
        let user = |e: &Edits| e.ids().iter().any(|&id| model.reading(id).rule.is_some());
        let c = &mut self.out[i].candidate;
        let (mine, theirs) = (user(&self.edits), user(&c.edits));
        if (mine && !theirs) || (mine == theirs && cost > c.log_channel) {
            c.log_channel = cost;
            c.edits = self.edits;
        }
    }

    /// Whether the reading is a word in the token's case: a lower-case word, or a name when the
    /// token is capitalised or in capitals.
    fn fits_case(&self) -> bool {
        if let Some(e) = self.vocab.folded(&self.buf) {
            return e.lower || (self.case != Case::Lower && e.name);
        }
        self.lexicon.is_word(&cased(&self.buf, self.case))
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
        assert_eq!(words("tbe", -9.0).first().map(String::as_str), Some("the"));
        assert_eq!(words("Tbe", -9.0).first().map(String::as_str), Some("The"));
        assert!(words("rnatter", -9.0).contains(&"matter".to_string()));
        assert!(words("tlie", -9.0).contains(&"the".to_string()));
    }

    #[test]
    fn a_high_floor_finds_nothing() {
        assert!(words("tbe", -0.1).is_empty());
    }
}
