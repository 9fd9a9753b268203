//! The layout of the compiled lexicon, shared by `build.rs` (which writes it) and
//! [`crate::lexicon`] (which reads it in place). Both sides must fold and hash keys the same way,
//! so both live here and nowhere else.
//!
//! ```text
//! header   MAGIC (8 bytes), slot count (u32 LE, a power of two), blob length (u32 LE),
//!          record count (u32 LE), 4 bytes of padding
//! slots    slot count × u32 LE: 0 for an empty slot, else tag << 24 | (record offset + 1)
//! blob     records: key length (u8), key (folded UTF-8), frequency (LEB128 varint),
//!          form count (u8), forms: case mask (varint), kinds (u8), SCOWL size (u8)
//! ```
//!
//! A key is a word folded to lower case (or two words and a space, for a bigram). A form records
//! one way the word is written: its case mask has bit `i` set when character `i` is upper case
//! (`Beijing` is 1, `iPhone` is 2, `the` is 0), its kinds say which lists hold it, and its size is
//! the smallest SCOWL size listing it (0 when only the frequency list knows it). Slots are probed
//! linearly from the key's hash; the tag (the hash's top byte) spares most key comparisons.

/// First bytes of the compiled table.
pub const MAGIC: &[u8; 8] = b"OCLEX001";
/// Bytes before the slots.
pub const HEADER_LEN: usize = 24;
/// Longest key, in bytes, of a single word. Longer tokens are never words.
pub const MAX_WORD: usize = 64;

/// The form is in a word list (SCOWL words or contractions, or the frequency list).
pub const WORD: u8 = 1;
/// The form is in SCOWL's upper-case list: places, demonyms, days, months, capitalised words.
pub const UPPER: u8 = 2;
/// The form is in SCOWL's proper-names list: people, companies, places.
pub const PROPER: u8 = 4;
/// The form is an abbreviation (or a Roman numeral).
pub const ABBREVIATION: u8 = 8;

/// The key form of a character: lower case, with typographic apostrophes made straight.
pub fn fold_char(c: char) -> impl Iterator<Item = char> {
    let c = if matches!(c, '\u{2019}' | '\u{02BC}') {
        '\''
    } else {
        c
    };
    c.to_lowercase()
}

/// A fast hash for short keys (FxHash-style rounds over 8-byte words, then a 64-bit finaliser so
/// both the low bits, which pick the slot, and the top byte, which is the tag, are well mixed).
pub fn hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Assembled in a register: copying the tail into a buffer and reading it back as one
        // word stalls on store forwarding, and costs a third of a lookup.
        let word = rest
            .iter()
            .enumerate()
            .fold(0u64, |w, (i, &b)| w | u64::from(b) << (8 * i));
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The tag stored in a slot for a key of hash `h`.
pub fn tag(h: u64) -> u32 {
    (h >> 56) as u32
}
