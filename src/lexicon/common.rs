//! The layout of the common-word table, shared by `build.rs` (which derives it from the frequency
//! list and the compiled lexicon, and writes it as Rust arrays into `$OUT_DIR/common.rs`) and
//! [`crate::lexicon::vocabulary`] (which probes those arrays in place). Both sides must hash the
//! same way, so the hash and the slot layout live here and nowhere else.
//!
//! A slot is 32 bits: a 21-bit fingerprint of the word folded to lower case, its log-probability
//! in 9 bits ([`STEPS`] per decade) and two flags ([`LOWER`], [`NAME`]); 0 is an empty slot.
//! Slots are probed linearly from the hash's low bits.

/// Words at least this frequent (in the Google Books counts of the frequency list) are in the
/// table: about 32,000 words, 98.5 % of running text.
pub const COMMON: u64 = 400_000;

/// Slots in the table (a power of two; half full): 256 KB, which stays in the L2 cache.
pub const SLOTS: usize = 1 << 16;

/// Slots of the hot table, and how many of the most frequent words it holds (about two thirds of
/// running text, in 16 KB that stay in the L1 cache).
pub const HOT_SLOTS: usize = 1 << 12;
pub const HOT_WORDS: usize = 2000;

/// Longest word (in bytes) the table holds; longer tokens are never common words.
pub const MAX_LEN: usize = 32;

/// Sum of the frequency list's counts: turns a count into a probability.
pub const TOTAL: f64 = 541_808_760_578.0;

/// Written in lower case, the word is a word (`the`; not `beijing`).
pub const LOWER: u32 = 1;
/// Capitalised, the word is a proper name (`Beijing`, `Brown`).
pub const NAME: u32 = 2;
/// Steps of the quantised log-probability per decade.
pub const STEPS: f64 = 40.0;

/// The bits of a slot that hold the fingerprint.
pub const FINGERPRINT: u32 = !0 << 11;

/// Entries of the trigram bit table: bit `(a * 27 + b) * 27 + c` for the letters `a b c` (1-26; 0
/// for a word's end).
pub const TRIGRAM_WORDS: usize = 27 * 27 * 27 / 64 + 1;

/// The table's contents, as `build.rs` computes them.
pub struct Built {
    pub hot: Vec<u32>,
    pub slots: Vec<u32>,
    pub trigrams: Vec<u64>,
}

/// The table of the words of `frequency_list` (`word count` lines, lower case, most frequent
/// first) at least [`COMMON`] frequent; `is_word` and `is_proper_name` are the lexicon's answers
/// for a word as written.
pub fn build(
    frequency_list: &str,
    is_word: impl Fn(&str) -> bool,
    is_proper_name: impl Fn(&str) -> bool,
) -> Built {
    let mut slots = vec![0u32; SLOTS];
    let mut hot = vec![0u32; HOT_SLOTS];
    let mut listed = 0;
    let mut trigrams = vec![0u64; TRIGRAM_WORDS];
    for line in frequency_list.lines() {
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
        if is_word(word) {
            flags |= LOWER;
        }
        if is_proper_name(&capitalised) {
            flags |= NAME;
        }
        if flags == 0 {
            // Listed, but neither a lower-case word nor a name (`iphone`): the lexicon answers
            // for its real spelling.
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
                // Not a letter: the word's apostrophe or hyphen; trigram checks skip these.
                (a, b) = (b, c);
                continue;
            }
            let i = (a * 27 + b) * 27 + c;
            trigrams[i / 64] |= 1 << (i % 64);
            (a, b) = (b, c);
        }
        let q = ((-log_p) * STEPS).round().clamp(0.0, 511.0) as u32;
        let h = hash(word.as_bytes());
        let slot = fingerprint(h) | q << 2 | flags;
        insert(&mut slots, h, slot);
        if listed < HOT_WORDS {
            insert(&mut hot, h, slot);
        }
        listed += 1;
    }
    Built {
        hot,
        slots,
        trigrams,
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

/// The fingerprint stored for a hash (the top 21 bits; the index uses the low 16), never 0 so a
/// slot is empty only when it is 0.
#[inline]
pub fn fingerprint(h: u64) -> u32 {
    ((h >> 43) as u32) << 11 | 1 << 11
}

/// A hash of `bytes` folded to ASCII lower case (a multiply and an xor-shift per 8-byte word, then
/// a finaliser). The table keeps fingerprints, not words, so the hash must not let two words that
/// differ in a letter or two collide: plain FxHash rounds do (`goldsmidf` hit `goldsmith`),
/// because a multiply only carries a difference upwards and the next word's bytes can cancel it.
/// Only ASCII letters change when folded; a token with other bytes hashes to something no listed
/// word has, or to the word it folds to.
#[inline]
pub fn hash(bytes: &[u8]) -> u64 {
    hash_words(bytes, |_, _| {})
}

/// Where the ASCII letters of a token are, read while it is hashed: what its case is, without a
/// second pass over its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Letters {
    /// Its first byte is a capital.
    pub first_upper: bool,
    /// A byte after the first is a capital.
    pub rest_upper: bool,
    /// Some byte is a lower-case letter.
    pub lower: bool,
}

/// [`hash`] of `bytes`, and where their ASCII letters are. The case comes from the same 8-byte
/// words the hash reads (SWAR masks, no branch per byte): the word repair stages ask it of
/// every token, and a separate byte loop for the case cost as much as the hash.
#[inline]
pub fn hash_letters(bytes: &[u8]) -> (u64, Letters) {
    let mut letters = Letters::default();
    let h = hash_words(bytes, |i, w| {
        let upper = in_range(w, b'A', b'Z');
        if i == 0 {
            letters.first_upper = upper & 0x80 != 0;
            letters.rest_upper = upper & !0x80 != 0;
        } else {
            letters.rest_upper |= upper != 0;
        }
        letters.lower |= in_range(w, b'a', b'z') != 0;
    });
    (h, letters)
}

/// The hash, calling `seen(i, word)` on each 8-byte word it reads (the `i`-th; the last one
/// padded with zero bytes, which are no letters).
#[inline]
fn hash_words(bytes: &[u8], mut seen: impl FnMut(usize, u64)) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut i = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        seen(i, word);
        h = mix(h ^ fold8(word), K);
        i += 1;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let word = load_short(rest);
        seen(i, word);
        h = mix(h ^ fold8(word), K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The 1 to 7 bytes of `rest` as a little-endian word, zero-padded: two overlapping loads, not a
/// loop over the bytes (a byte that both loads read lands in the same place from each).
#[inline]
fn load_short(rest: &[u8]) -> u64 {
    let n = rest.len();
    debug_assert!((1..8).contains(&n));
    if n >= 4 {
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(lo) | u64::from(hi) << (8 * (n - 4))
    } else {
        u64::from(rest[0])
            | u64::from(rest[n / 2]) << (8 * (n / 2))
            | u64::from(rest[n - 1]) << (8 * (n - 1))
    }
}

/// The high bit of each byte of `w` that lies in `lo..=hi` (both below 0x80), others 0.
#[inline]
fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // With its high bit set, no byte borrows from the next when `lo` (or `hi + 1`) is taken off:
    // the high bit stays set exactly when the byte's low seven bits are at least that much.
    let ge_lo = (w | HIGH) - ONES * u64::from(lo);
    let gt_hi = (w | HIGH) - ONES * u64::from(hi + 1);
    ge_lo & !gt_hi & !w & HIGH
}

#[inline]
fn mix(h: u64, k: u64) -> u64 {
    let h = h.wrapping_mul(k);
    h ^ (h >> 29)
}

/// Folds the ASCII capitals among eight bytes to lower case (SWAR: no branch per byte).
#[inline]
pub fn fold8(w: u64) -> u64 {
    w | (in_range(w, b'A', b'Z') >> 2)
}
