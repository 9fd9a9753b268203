//! What the word repair stages ask of the lexicon, made fast enough to ask of every token.
//!
//! A lexicon lookup folds, hashes and probes a 5 MB table (tens of nanoseconds, most of it cache
//! misses). The split and confusion stages must ask "is this token a word?" of nearly every token,
//! and that would cost more than the whole pipeline's budget. [`Vocabulary`] keeps the common
//! words (about 98 % of running text) in a small table that stays in the L2 cache: one hash of the
//! token's bytes, folded to lower case as they are read, and one or two probes. Only tokens it
//! does not know go to the full [`Lexicon`], which also holds the user's words.
//!
//! The table also gives the word repair stages what they score candidates with: the word's
//! frequency and whether it is a lower-case word or a name.
//!
//! The table is built at compile time (`build.rs`, from the frequency list and the compiled
//! lexicon; the layout is in [`super::common`]): nothing is parsed at start-up.

use super::Lexicon;
/// Sum of the frequency list's counts: turns a count into a probability.
pub(crate) use super::common::TOTAL;
use super::common::{self, FINGERPRINT, LOWER, MAX_LEN, NAME, STEPS, fingerprint, hash};
use crate::text::Case;

/// The arrays `build.rs` generates: `HOT`, `SLOTS`, `TRIGRAMS`.
mod generated {
    include!(concat!(env!("OUT_DIR"), "/common.rs"));
}

/// What the fast table records of a word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Entry {
    /// log10 of the word's probability in running text (always negative).
    pub log_p: f32,
    /// Written in lower case, it is a word (`the`; not `beijing`).
    pub lower: bool,
    /// Capitalised, it is a proper name (`Beijing`, `Brown`).
    pub name: bool,
}

/// A byte as the trigram table counts it: a letter (either case) 1-26, anything else [`OTHER`].
/// The edges of a word are 0.
#[inline]
fn letter(b: u8) -> usize {
    let l = b.to_ascii_lowercase();
    if l.is_ascii_lowercase() {
        usize::from(l - b'a') + 1
    } else {
        OTHER
    }
}

const OTHER: usize = 27;

/// The common words and the lexicon behind them.
#[derive(Debug, Clone)]
pub(crate) struct Vocabulary {
    lexicon: Lexicon,
}

/// Whether `token`, as written, is a common word (see [`Vocabulary::common`]): the batch pass
/// skips those, since the lexicon knows them and they are never recorded.
#[inline]
pub(crate) fn is_common(token: &str) -> bool {
    token.is_ascii() && common(token.as_bytes()).is_some()
}

/// The common word `token` (ASCII) is, as written; see [`Vocabulary::common`].
#[inline]
pub(crate) fn common(token: &[u8]) -> Option<Entry> {
    // An empty token is of no case; a longer one than any listed word is no common word.
    if token.is_empty() || token.len() > MAX_LEN {
        return None;
    }
    // The case as `Case::of_ascii` tells it, from the words the hash reads.
    let (h, letters) = common::hash_letters(token);
    let case = Case::from_flags(letters.first_upper, letters.rest_upper, letters.lower);
    if case == Case::Mixed {
        return None;
    }
    let e = entry(h)?;
    match case {
        Case::Lower if !e.lower => None,
        _ => Some(e),
    }
}

impl Vocabulary {
    /// The vocabulary over `lexicon` (which carries the user's words).
    pub fn new(lexicon: Lexicon) -> Vocabulary {
        Vocabulary { lexicon }
    }

    /// The lexicon, for what the fast table does not answer.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The common word `token` (ASCII) is, as written: lower case, capitalised or in capitals,
    /// and a word (or a name) in that case. `None` for rarer words too: ask [`Vocabulary::is_word`].
    #[inline]
    pub fn common(&self, token: &[u8]) -> Option<Entry> {
        common(token)
    }

    /// The common word `token` is when folded to lower case, whatever case it is written in:
    /// for callers that build a reading in lower case and decide its case themselves.
    #[inline]
    pub fn folded(&self, token: &[u8]) -> Option<Entry> {
        get(token)
    }

    /// Whether `token`, as written, is a word: the fast table first, then the lexicon.
    #[inline]
    pub fn is_word(&self, token: &str) -> bool {
        (token.is_ascii() && self.common(token.as_bytes()).is_some()) || self.lexicon.is_word(token)
    }

    /// Whether every letter trigram of `token` (with its ends) occurs in some common word: a
    /// check of a few nanoseconds, from a 2.4 KB bit table, that turns away most strings a
    /// substitution makes (`mnltipolar`) before they cost a lookup. Non-letters pass.
    #[inline]
    pub fn plausible(&self, token: &[u8]) -> bool {
        self.trigrams(token, |_, known| known)
    }

    /// Whether the trigrams of `token` ending at bytes `from..=to` (`token.len()`: the one ending
    /// at the word's end) all occur in some common word: [`Vocabulary::plausible`] for a string
    /// whose other trigrams are known to pass, such as a reading that changed only those bytes.
    #[cfg(test)]
    pub fn plausible_at(&self, token: &[u8], from: usize, to: usize) -> bool {
        // Byte `k` of the token; before its start and at its end, the word's edge (0).
        let at = |k: usize| -> usize {
            k.checked_sub(2)
                .and_then(|i| token.get(i))
                .map_or(0, |&b| letter(b))
        };
        (from..=to.min(token.len())).all(|k| self.known(at(k), at(k + 1), at(k + 2)))
    }

    /// The letter trigrams of `token` that no common word has, as a bit mask: bit `k` is the
    /// trigram ending at byte `k` (bit `token.len()` the one ending at the word's end; the word's
    /// start counts as letters before byte 0). Empty when [`Vocabulary::plausible`] holds. A
    /// substitution leaves every trigram it does not touch as it was, so a reading can only be
    /// plausible when its substitutions touch every trigram of this mask: the confusion stage
    /// prunes on that before it builds a reading. Tokens longer than 63 bytes: all bits.
    #[cfg(test)]
    pub fn implausible(&self, token: &[u8]) -> u64 {
        if token.len() > 63 {
            return !0;
        }
        let mut mask = 0u64;
        self.trigrams(token, |k, known| {
            if !known {
                mask |= 1 << k;
            }
            true
        });
        mask
    }

    /// Calls `f(k, known)` for the trigram ending at each byte `k` of `token` and at its end, in
    /// order, while `f` returns true; returns whether it always did.
    #[inline]
    fn trigrams(&self, token: &[u8], mut f: impl FnMut(usize, bool) -> bool) -> bool {
        let (mut a, mut b) = (0, 0);
        for k in 0..=token.len() {
            let c = token.get(k).map_or(0, |&c| letter(c));
            if !f(k, self.known(a, b, c)) {
                return false;
            }
            (a, b) = (b, c);
        }
        true
    }

    /// Whether the letters `a b c` (see [`letter`]) occur in that order in some common word; a
    /// trigram with something other than a letter always does.
    #[inline]
    fn known(&self, a: usize, b: usize, c: usize) -> bool {
        if a == OTHER || b == OTHER || c == OTHER {
            return true;
        }
        let i = (a * 27 + b) * 27 + c;
        generated::TRIGRAMS[i / 64] & (1 << (i % 64)) != 0
    }

    /// log10 of the probability of `word` in running text; `None` when the frequency list does
    /// not know it.
    pub fn log_p(&self, word: &str) -> Option<f32> {
        if let Some(e) = get(word.as_bytes()) {
            return Some(e.log_p);
        }
        let f = self.lexicon.frequency(word);
        (f > 0).then(|| (f as f64 / TOTAL).log10() as f32)
    }
}

/// The entry of the common word `token` folds to, whatever its case. The table matches
/// fingerprints, not words: a fingerprint can match a word that is not listed (about once in a
/// million lookups of non-words), so callers confirm with the lexicon any word they are about to
/// write into the text. The most frequent words are in a table small enough for the L1 cache,
/// probed first.
#[inline]
fn get(token: &[u8]) -> Option<Entry> {
    if token.is_empty() || token.len() > MAX_LEN {
        return None;
    }
    entry(hash(token))
}

/// The entry of the word whose folded form hashes to `h`, if the table has one.
#[inline]
fn entry(h: u64) -> Option<Entry> {
    let fp = fingerprint(h);
    let s = probe(&generated::HOT, h, fp).or_else(|| probe(&generated::SLOTS, h, fp))?;
    Some(Entry {
        log_p: ((s >> 2) & 511) as f32 * (-1.0 / STEPS as f32),
        lower: s & LOWER != 0,
        name: s & NAME != 0,
    })
}

#[inline]
fn probe(slots: &[u32], h: u64, fp: u32) -> Option<u32> {
    let mask = slots.len() - 1;
    let mut i = h as usize & mask;
    loop {
        let s = slots[i];
        if s == 0 {
            return None;
        }
        if s & FINGERPRINT == fp {
            return Some(s);
        }
        i = (i + 1) & mask;
    }
}

/// The table's size, for tests: (slots in use, of which in the hot table).
#[cfg(test)]
fn filled() -> (usize, usize) {
    let used = |t: &[u32]| t.iter().filter(|&&s| s != 0).count();
    (used(&generated::SLOTS), used(&generated::HOT))
}

const _: () = assert!(generated::SLOTS.len() == common::SLOTS);
const _: () = assert!(generated::HOT.len() == common::HOT_SLOTS);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::common::fold8;
    use proptest::prelude::*;

    /// The frequency list the table is built from.
    static FREQUENCY_LIST: &str = include_str!("../../rules/lexicon/frequency.txt");

    #[test]
    fn table_is_half_full_and_hot_words_are_in_both() {
        let (slots, hot) = filled();
        assert!(slots > 25_000 && slots < common::SLOTS * 3 / 4, "{slots}");
        assert!(hot <= common::HOT_WORDS, "{hot}");
        assert!(get(b"the").is_some() && get(b"committee").is_some());
        assert_eq!(
            fold8(u64::from_le_bytes(*b"AbCdEfGh")),
            u64::from_le_bytes(*b"abcdefgh")
        );
    }

    fn vocab() -> Vocabulary {
        Vocabulary::new(Lexicon::default())
    }

    #[test]
    fn folding_matches_lowercasing() {
        for s in [
            "The",
            "THE",
            "the",
            "McDonald",
            "Zebra@[`{",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        ] {
            assert_eq!(
                hash(s.as_bytes()),
                hash(s.to_ascii_lowercase().as_bytes()),
                "{s}"
            );
        }
        assert_ne!(hash(b"the"), hash(b"thE "));
        // Bytes next to the letter ranges do not fold.
        assert_ne!(hash(b"@"), hash(b"`"));
        assert_ne!(hash(b"["), hash(b"{"));
    }

    /// The hash as first written, a byte at a time: the word-at-a-time loads must give the
    /// same value, or the table `build.rs` made would not be found.
    fn bytewise_hash(bytes: &[u8]) -> u64 {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mix = |h: u64| {
            let h = h.wrapping_mul(K);
            h ^ (h >> 29)
        };
        let mut h = bytes.len() as u64;
        for chunk in bytes.chunks(8) {
            let word = chunk.iter().enumerate().fold(0u64, |w, (i, &b)| {
                w | u64::from(b.to_ascii_lowercase()) << (8 * i)
            });
            h = mix(h ^ word);
        }
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }

    /// Tokens of every length up to past `MAX_LEN`, made of bytes at the edges of the letter
    /// ranges and non-ASCII bytes, or common words in every case.
    fn token() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop::sample::select(b"aAzZ@[`{ e'\x80\xff0tThH".to_vec());
        let word = prop::sample::select(vec![
            "the",
            "The",
            "THE",
            "committee",
            "Beijing",
            "beijing",
            "tHe",
            "I",
            "a",
        ])
        .prop_map(|w| w.as_bytes().to_vec());
        prop_oneof![1 => word, 2 => prop::collection::vec(byte, 0..MAX_LEN + 3)]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(30_000))]

        /// `common` reads the case off the words it hashes: it answers as the case of the token
        /// (`Case::of_ascii`) and the table (`get`) do.
        #[test]
        fn case_read_while_hashing_is_the_case(token in token()) {
            let (h, letters) = common::hash_letters(&token);
            prop_assert_eq!(h, bytewise_hash(&token));
            prop_assert_eq!(hash(&token), h);
            let case = Case::of_ascii(&token);
            if !token.is_empty() {
                let from = Case::from_flags(letters.first_upper, letters.rest_upper, letters.lower);
                prop_assert_eq!(from, case);
            }
            let expected = match (case, get(&token)) {
                (Case::Mixed, _) | (Case::Lower, Some(Entry { lower: false, .. })) => None,
                (_, e) => e,
            };
            prop_assert_eq!(common(&token), expected);
        }
    }

    #[test]
    fn near_misses_of_common_words_are_not_words() {
        let v = vocab();
        assert!(v.common(b"goldsmidf").is_none() && v.common(b"goldsmith").is_some());
        let listed: std::collections::HashSet<&str> = FREQUENCY_LIST
            .lines()
            .filter_map(|l| l.split_once(' ').map(|(w, _)| w))
            .collect();
        // Fingerprints are 20 bits: about one lookup of a non-word in a million matches a word.
        let (mut lookups, mut collisions) = (0, 0);
        for line in FREQUENCY_LIST.lines().take(3000) {
            let word = line.split(' ').next().unwrap_or("");
            let mut b = word.as_bytes().to_vec();
            for i in 0..b.len() {
                let orig = b[i];
                for c in b'a'..=b'z' {
                    b[i] = c;
                    let s = std::str::from_utf8(&b).unwrap();
                    if !listed.contains(s) {
                        lookups += 1;
                        collisions += usize::from(get(&b).is_some());
                    }
                }
                b[i] = orig;
            }
        }
        assert!(
            lookups > 400_000 && collisions <= 4,
            "{collisions} in {lookups}"
        );
    }

    #[test]
    fn trigrams_pass_words_and_stop_debris() {
        let v = vocab();
        for w in [
            "the",
            "The",
            "committee",
            "multipolar",
            "democratisation",
            "Beijing",
            "a",
            "I",
        ] {
            assert!(v.plausible(w.as_bytes()), "{w}");
        }
        for w in ["mnltipolar", "tbq", "xqz", "thx"] {
            assert!(!v.plausible(w.as_bytes()), "{w}");
        }
        // The mask names the trigrams `plausible` stops on, and is empty when it passes.
        for w in [
            "the",
            "multipolar",
            "mnltipolar",
            "tbq",
            "rnatter",
            "0ctober",
            "x",
            "",
        ] {
            let mask = v.implausible(w.as_bytes());
            assert_eq!(mask == 0, v.plausible(w.as_bytes()), "{w}");
        }
        // Checking every trigram piecewise is checking the whole token.
        for w in [
            "the",
            "multipolar",
            "mnltipolar",
            "tbq",
            "rnatter",
            "0ctober",
            "x",
            "don't",
        ] {
            let b = w.as_bytes();
            assert_eq!(v.plausible_at(b, 0, b.len()), v.plausible(b), "{w}");
            let pieces = (0..=b.len()).all(|k| v.plausible_at(b, k, k));
            assert_eq!(pieces, v.plausible(b), "{w}");
        }
        // `rnatter`: only the trigrams that see its start (`^^r`, `^rn`, `rna`) are strange.
        assert_eq!(v.implausible(b"rnatter") & !0b111, 0);
        assert_ne!(v.implausible(b"rnatter"), 0);
    }

    #[test]
    fn common_words_by_case() {
        let v = vocab();
        for w in [
            "the",
            "The",
            "THE",
            "committee",
            "Beijing",
            "BEIJING",
            "China",
        ] {
            assert!(v.common(w.as_bytes()).is_some(), "{w}");
        }
        for w in ["beijing", "tHe", "tbe", "tothe", "RussiaChina", "moscow"] {
            assert!(v.common(w.as_bytes()).is_none(), "{w}");
        }
        assert!(v.common(b"China").is_some_and(|e| e.name));
        assert!(v.common(b"the").is_some_and(|e| e.lower && !e.name));
        assert!(v.is_word("democratisation") && !v.is_word("democratisationand"));
    }

    #[test]
    fn common_words_are_lexicon_words_in_every_case() {
        // The batch pass skips common words because the lexicon knows them: check that it does.
        let v = vocab();
        let mut checked = 0;
        for line in FREQUENCY_LIST.lines().take(40_000) {
            let word = line.split(' ').next().unwrap_or("");
            let mut cap = word.to_string();
            cap[..1].make_ascii_uppercase();
            for form in [word.to_string(), cap, word.to_ascii_uppercase()] {
                if v.common(form.as_bytes()).is_some() {
                    checked += 1;
                    assert!(v.lexicon().is_word(&form), "{form}");
                }
            }
        }
        assert!(checked > 50_000, "{checked}");
    }

    #[test]
    fn probabilities_are_ordered() {
        let v = vocab();
        let the = v.log_p("the").unwrap();
        let committee = v.log_p("committee").unwrap();
        let rare = v.log_p("democratisation").unwrap();
        assert!(
            the > committee && committee > rare,
            "{the} {committee} {rare}"
        );
        assert!((the - (-1.37)).abs() < 0.01, "{the}");
        assert_eq!(v.log_p("tbe"), None);
    }
}
