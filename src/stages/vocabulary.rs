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

use std::sync::OnceLock;

use crate::lexicon::Lexicon;

/// The frequency list the common words are taken from (lower case, most frequent first).
static FREQUENCY_LIST: &str = include_str!("../../rules/lexicon/frequency.txt");

/// Words at least this frequent (in the Google Books counts of the frequency list) are in the
/// fast table: about 32,000 words, 98.5 % of running text.
const COMMON: u64 = 400_000;

/// Slots in the fast table (a power of two; half full).
const SLOTS: usize = 1 << 16;

/// Sum of the frequency list's counts: turns a count into a probability.
pub(crate) const TOTAL: f64 = 541_808_760_578.0;

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

/// The case of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// `the`
    Lower,
    /// `The`
    Capitalised,
    /// `THE`
    Upper,
    /// Anything else (`iPhone`, `McDonald`, `tHe`), or no letters.
    Mixed,
}

impl Case {
    /// The case of an ASCII token.
    pub fn of(bytes: &[u8]) -> Case {
        let mut upper = 0usize;
        let mut lower = 0usize;
        let mut upper_after_first = false;
        for (i, &b) in bytes.iter().enumerate() {
            if b.is_ascii_uppercase() {
                upper += 1;
                upper_after_first |= i > 0;
            } else if b.is_ascii_lowercase() {
                lower += 1;
            }
        }
        match (upper, lower) {
            (0, l) if l > 0 => Case::Lower,
            (u, 0) if u > 1 || (u == 1 && bytes.len() == 1) => Case::Upper,
            (1, _) if !upper_after_first && bytes[0].is_ascii_uppercase() => Case::Capitalised,
            _ => Case::Mixed,
        }
    }
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
    fast: &'static FastTable,
    lexicon: Lexicon,
}

/// The fast table, built once per process.
fn fast_table() -> &'static FastTable {
    static FAST: OnceLock<FastTable> = OnceLock::new();
    FAST.get_or_init(FastTable::build)
}

/// Whether `token`, as written, is a common word (see [`Vocabulary::common`]): the batch pass
/// skips those, since the lexicon knows them and they are never recorded.
#[inline]
pub(crate) fn is_common(token: &str) -> bool {
    token.is_ascii() && common_in(fast_table(), token.as_bytes()).is_some()
}

#[inline]
fn common_in(fast: &FastTable, token: &[u8]) -> Option<Entry> {
    let case = Case::of(token);
    if case == Case::Mixed {
        return None;
    }
    let e = fast.get(token)?;
    match case {
        Case::Lower if !e.lower => None,
        _ => Some(e),
    }
}

impl Vocabulary {
    /// The vocabulary over `lexicon` (which carries the user's words).
    pub fn new(lexicon: Lexicon) -> Vocabulary {
        Vocabulary {
            fast: fast_table(),
            lexicon,
        }
    }

    /// The lexicon, for what the fast table does not answer.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The common word `token` (ASCII) is, as written: lower case, capitalised or in capitals,
    /// and a word (or a name) in that case. `None` for rarer words too: ask [`Vocabulary::is_word`].
    #[inline]
    pub fn common(&self, token: &[u8]) -> Option<Entry> {
        common_in(self.fast, token)
    }

    /// The common word `token` is when folded to lower case, whatever case it is written in:
    /// for callers that build a reading in lower case and decide its case themselves.
    #[inline]
    pub fn folded(&self, token: &[u8]) -> Option<Entry> {
        self.fast.get(token)
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
    #[inline]
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
        self.fast.trigrams[i / 64] & (1 << (i % 64)) != 0
    }

    /// The highest log10 probability of a common word `len - 2` to `len + 2` bytes long: a bound
    /// on what any reading of a token of that length can score.
    pub fn max_log_p(&self, len: usize) -> f32 {
        let lo = len.saturating_sub(2);
        let hi = (len + 2).min(self.fast.max_by_len.len() - 1);
        self.fast.max_by_len[lo.min(hi)..=hi]
            .iter()
            .fold(f32::NEG_INFINITY, |a, &b| a.max(b))
    }

    /// log10 of the probability of `word` in running text; `None` when the frequency list does
    /// not know it.
    pub fn log_p(&self, word: &str) -> Option<f32> {
        if let Some(e) = self.fast.get(word.as_bytes()) {
            return Some(e.log_p);
        }
        let f = self.lexicon.frequency(word);
        (f > 0).then(|| (f as f64 / TOTAL).log10() as f32)
    }
}

/// An open-addressing table of the common words: each 32-bit slot holds a 21-bit fingerprint of
/// the folded word, its log-probability in 9 bits and two flags. 256 KB: it stays in the L2 cache,
/// which is what makes a lookup cheap. A fingerprint can match a word that is not listed (about
/// once in a million lookups of non-words); callers confirm with the lexicon any word they are
/// about to write into the text.
///
/// The most frequent words (about two thirds of running text) are also in a 16 KB table probed
/// first, which stays in the L1 cache even when other work crowds the L2.
#[derive(Debug)]
struct FastTable {
    hot: Box<[u32]>,
    slots: Box<[u32]>,
    /// The highest log-probability of a word of each length in bytes (up to 32).
    max_by_len: [f32; 33],
    /// Bit `(a * 27 + b) * 27 + c`: the letters `a b c` (1-26; 0 for a word's end) occur in
    /// that order in some common word.
    trigrams: Box<[u64]>,
}

/// Slots of the hot table and how many of the most frequent words it holds.
const HOT_SLOTS: usize = 1 << 12;
const HOT_WORDS: usize = 2000;

const LOWER: u32 = 1;
const NAME: u32 = 2;
/// Steps of the quantised log-probability per decade.
const STEPS: f64 = 40.0;

impl FastTable {
    fn build() -> FastTable {
        let lexicon = Lexicon::default();
        let mut slots = vec![0u32; SLOTS].into_boxed_slice();
        let mut hot = vec![0u32; HOT_SLOTS].into_boxed_slice();
        let mut listed = 0;
        let mut max_by_len = [f32::NEG_INFINITY; 33];
        let mut trigrams = vec![0u64; 27 * 27 * 27 / 64 + 1].into_boxed_slice();
        for line in FREQUENCY_LIST.lines() {
            let Some((word, count)) = line.split_once(' ') else {
                continue;
            };
            let Ok(count) = count.trim().parse::<u64>() else {
                continue;
            };
            if count < COMMON {
                continue;
            }
            let mut capitalised = String::with_capacity(word.len());
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                capitalised.extend(c.to_uppercase());
                capitalised.push_str(chars.as_str());
            }
            let mut flags = 0;
            if lexicon.is_word(word) {
                flags |= LOWER;
            }
            if lexicon.is_proper_name(&capitalised) {
                flags |= NAME;
            }
            if flags == 0 {
                // Listed, but neither a lower-case word nor a name (`iphone`): the lexicon
                // answers for its real spelling.
                continue;
            }
            let log_p = (count as f64 / TOTAL).log10();
            let mut a = 0usize;
            let mut b = 0usize;
            for c in word
                .bytes()
                .map(|c| usize::from(c.wrapping_sub(b'a')) + 1)
                .chain([0])
            {
                if c > 26 || a > 26 || b > 26 {
                    // Not a letter: the word's apostrophe or hyphen; `plausible` skips these.
                    (a, b) = (b, c);
                    continue;
                }
                let i = (a * 27 + b) * 27 + c;
                trigrams[i / 64] |= 1 << (i % 64);
                (a, b) = (b, c);
            }
            let l = word.len().min(32);
            max_by_len[l] = max_by_len[l].max(log_p as f32);
            let q = ((-log_p) * STEPS).round().clamp(0.0, 511.0) as u32;
            let h = hash(word.as_bytes());
            let slot = fingerprint(h) | q << 2 | flags;
            insert(&mut slots, h, slot);
            if listed < HOT_WORDS {
                insert(&mut hot, h, slot);
            }
            listed += 1;
        }
        FastTable {
            hot,
            slots,
            max_by_len,
            trigrams,
        }
    }

    #[inline]
    fn get(&self, token: &[u8]) -> Option<Entry> {
        if token.is_empty() || token.len() > 32 {
            return None;
        }
        let h = hash(token);
        let fp = fingerprint(h);
        let s = probe(&self.hot, h, fp).or_else(|| probe(&self.slots, h, fp))?;
        Some(Entry {
            log_p: ((s >> 2) & 511) as f32 * (-1.0 / STEPS as f32),
            lower: s & LOWER != 0,
            name: s & NAME != 0,
        })
    }
}

fn insert(slots: &mut [u32], h: u64, slot: u32) {
    let mask = slots.len() - 1;
    let mut i = h as usize & mask;
    while slots[i] != 0 {
        i = (i + 1) & mask;
    }
    slots[i] = slot;
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

/// The bits of a slot that hold the fingerprint.
const FINGERPRINT: u32 = !0 << 11;

/// The fingerprint stored for a hash (the top 21 bits; the index uses the low 16), never 0 so a
/// slot is empty only when it is 0.
#[inline]
fn fingerprint(h: u64) -> u32 {
    ((h >> 43) as u32) << 11 | 1 << 11
}

/// A hash of `bytes` folded to ASCII lower case (a multiply and an xor-shift per 8-byte word, then
/// a finaliser). The table keeps fingerprints, not words, so the hash must not let two words that
/// differ in a letter or two collide: plain FxHash rounds do (`goldsmidf` hit `goldsmith`), because
/// a multiply only carries a difference upwards and the next word's bytes can cancel it. Only ASCII letters change when folded; a token with other bytes hashes to
/// something no listed word has, or to the word it folds to.
#[inline]
fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = mix(h ^ fold8(u64::from_le_bytes(word)), K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let word = rest
            .iter()
            .enumerate()
            .fold(0u64, |w, (i, &b)| w | u64::from(b) << (8 * i));
        h = mix(h ^ fold8(word), K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

#[inline]
fn mix(h: u64, k: u64) -> u64 {
    let h = h.wrapping_mul(k);
    h ^ (h >> 29)
}

/// Folds the ASCII capitals among eight bytes to lower case (SWAR: no branch per byte).
#[inline]
fn fold8(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte's high bit ends up set when it is in 'A'..='Z' (and below 0x80).
    let ge_a = (w | HIGH) - ONES * u64::from(b'A');
    let gt_z = (w | HIGH) - ONES * u64::from(b'Z' + 1);
    let upper = ge_a & !gt_z & !w & HIGH;
    w | (upper >> 2)
}

#[cfg(test)]
mod tests {
    use super::*;

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
                        collisions += usize::from(v.fast.get(&b).is_some());
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

    #[test]
    fn case_of_tokens() {
        assert_eq!(Case::of(b"the"), Case::Lower);
        assert_eq!(Case::of(b"The"), Case::Capitalised);
        assert_eq!(Case::of(b"THE"), Case::Upper);
        assert_eq!(Case::of(b"I"), Case::Upper);
        assert_eq!(Case::of(b"A"), Case::Upper);
        assert_eq!(Case::of(b"iPhone"), Case::Mixed);
        assert_eq!(Case::of(b"McDonald"), Case::Mixed);
        assert_eq!(Case::of(b"don't"), Case::Lower);
    }
}
