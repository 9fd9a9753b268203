//! Reading the compiled lexicon in place, and folding tokens into its keys: shared by
//! `build.rs` (which reads the table it has just written to derive the common-word table from it)
//! and [`crate::lexicon`], so both ask the table the same way.

use super::format;

/// How the table's lists know a folded key in one case shape: the frequency, the kinds of every
/// form that fits (or-ed) and the smallest SCOWL size among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    /// The key's count in the frequency list.
    pub frequency: u64,
    /// The [`format`] kind bits of the forms that fit.
    pub kinds: u8,
    /// The smallest SCOWL size of those forms.
    pub size: u8,
}

/// Looks `token` up as written, and as the stem of a possessive when it is not found: `at` is
/// asked about the folded key's first `len` bytes and `chars` characters. `None` for a token too
/// long to be a word, or holding a space.
#[inline]
pub fn lookup<T>(token: &str, mut at: impl FnMut(&Folded, usize, u32) -> Option<T>) -> Option<T> {
    let mut folded = Folded::empty();
    if !folded.push_word(token) || folded.space {
        return None;
    }
    at(&folded, folded.len, folded.chars).or_else(|| {
        let (len, chars) = folded.possessive_stem()?;
        at(&folded, len, chars)
    })
}

impl Table<'_> {
    /// What the lists know of the first `len` bytes of `folded` in its case shape.
    pub fn listed(
        &self,
        folded: &Folded,
        len: usize,
        chars: u32,
    ) -> (Option<Record<'_>>, Option<Listed>) {
        let record = self.get(&folded.buf[..len]);
        let shape = folded.shape(chars);
        let mut found: Option<Listed> = None;
        if let Some(record) = record {
            for (mask, kinds, size) in record.forms() {
                if shape.fits(mask) {
                    let k = found.get_or_insert(Listed {
                        frequency: record.frequency,
                        kinds: 0,
                        size,
                    });
                    k.kinds |= kinds;
                    k.size = k.size.min(size);
                }
            }
        }
        (record, found)
    }
}

/// A token folded to its key in a stack buffer, with the case of each character.
pub struct Folded {
    /// The key: the token folded (see [`format::fold_char`]).
    pub buf: [u8; 2 * format::MAX_WORD + 1],
    /// Bytes of `buf` in use.
    pub len: usize,
    /// Characters folded.
    pub chars: u32,
    /// Bit `i`: character `i` is upper case.
    pub upper: u64,
    /// Bit `i`: character `i` is lower case.
    pub lower: u64,
    /// A space was folded (two words: a bigram key).
    pub space: bool,
}

impl Folded {
    // Inlined so the buffer is built in place rather than copied out (a third of a lookup's
    // time otherwise).
    #[inline(always)]
    pub fn empty() -> Folded {
        Folded {
            buf: [0; 2 * format::MAX_WORD + 1],
            len: 0,
            chars: 0,
            upper: 0,
            lower: 0,
            space: false,
        }
    }

    /// Folds `token` into the empty buffer; false when it is too long to be a word.
    pub fn push_word(&mut self, token: &str) -> bool {
        token.len() <= 2 * format::MAX_WORD && self.push(token) && self.len <= format::MAX_WORD
    }

    pub fn push_byte(&mut self, b: u8) -> bool {
        if self.len == self.buf.len() {
            return false;
        }
        self.buf[self.len] = b;
        self.len += 1;
        self.space |= b == b' ';
        true
    }

    /// Appends the folded `s`; false when it does not fit.
    pub fn push(&mut self, s: &str) -> bool {
        if s.is_ascii() {
            // The common case, without decoding characters.
            let start = self.chars;
            let end = self.len + s.len();
            if start as usize + s.len() > 64 || end > self.buf.len() {
                return false;
            }
            for (i, &b) in s.as_bytes().iter().enumerate() {
                let bit = 1u64 << (start as usize + i);
                self.upper |= if b.is_ascii_uppercase() { bit } else { 0 };
                self.lower |= if b.is_ascii_lowercase() { bit } else { 0 };
                self.space |= b == b' ';
                self.buf[self.len + i] = b.to_ascii_lowercase();
            }
            self.len = end;
            self.chars += s.len() as u32;
            return true;
        }
        for c in s.chars() {
            let i = self.chars;
            if i >= 64 {
                return false;
            }
            self.chars += 1;
            if c.is_ascii() {
                let b = c as u8;
                if b.is_ascii_uppercase() {
                    self.upper |= 1 << i;
                } else if b.is_ascii_lowercase() {
                    self.lower |= 1 << i;
                }
                if !self.push_byte(b.to_ascii_lowercase()) {
                    return false;
                }
                continue;
            }
            if c.is_uppercase() {
                self.upper |= 1 << i;
            } else if c.is_lowercase() {
                self.lower |= 1 << i;
            }
            for l in format::fold_char(c) {
                let mut utf8 = [0u8; 4];
                for &b in l.encode_utf8(&mut utf8).as_bytes() {
                    if !self.push_byte(b) {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// The byte and character length of the key without its possessive ending, if it has one.
    pub fn possessive_stem(&self) -> Option<(usize, u32)> {
        let key = &self.buf[..self.len];
        if key.len() > 2 && key.ends_with(b"'s") {
            Some((self.len - 2, self.chars - 2))
        } else if key.len() > 2 && key.ends_with(b"s'") {
            Some((self.len - 1, self.chars - 1))
        } else {
            None
        }
    }

    /// The case shape of the first `chars` characters.
    pub fn shape(&self, chars: u32) -> Shape {
        let keep = if chars >= 64 {
            u64::MAX
        } else {
            (1u64 << chars) - 1
        };
        Shape {
            upper: self.upper & keep,
            lower: self.lower & keep,
        }
    }
}

/// Where a token has capitals and lower-case letters.
#[derive(Clone, Copy)]
pub struct Shape {
    upper: u64,
    lower: u64,
}

impl Shape {
    /// Whether a token of this shape is the form with case mask `form`: written the same way,
    /// capitalised where the form is lower case, or all in capitals.
    pub fn fits(self, form: u64) -> bool {
        let all_caps = self.upper != 0 && self.lower == 0;
        all_caps || self.upper == form || (form == 0 && self.upper == 1)
    }
}

/// The compiled table, read in place.
pub struct Table<'a> {
    slots: &'a [u8],
    /// The records (for tests of the table's size).
    pub blob: &'a [u8],
    mask: usize,
}

/// One record of the table.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    /// The key's count in the frequency (or bigram) list.
    pub frequency: u64,
    count: u8,
    forms: &'a [u8],
}

impl<'a> Table<'a> {
    /// The table held in `data` (as `build.rs` writes it). Panics when it is not one.
    pub fn read(data: &'a [u8]) -> Table<'a> {
        let word = |at: usize| {
            let mut w = [0u8; 4];
            w.copy_from_slice(&data[at..at + 4]);
            u32::from_le_bytes(w) as usize
        };
        assert!(
            data.len() >= format::HEADER_LEN && &data[..8] == format::MAGIC,
            "embedded lexicon is corrupt (rebuild the crate)"
        );
        let slot_count = word(8);
        let blob_len = word(12);
        let slots_end = format::HEADER_LEN + slot_count * 4;
        assert!(
            slot_count.is_power_of_two() && data.len() == slots_end + blob_len,
            "embedded lexicon is corrupt (rebuild the crate)"
        );
        Table {
            slots: &data[format::HEADER_LEN..slots_end],
            blob: &data[slots_end..],
            mask: slot_count - 1,
        }
    }

    /// The record of a folded key.
    pub fn get(&self, key: &[u8]) -> Option<Record<'a>> {
        let h = format::hash(key);
        let tag = format::tag(h);
        let mut i = h as usize & self.mask;
        loop {
            let s = &self.slots[i * 4..i * 4 + 4];
            let slot = u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            if slot == 0 {
                return None;
            }
            if slot >> 24 == tag {
                let at = (slot & 0x00FF_FFFF) as usize - 1;
                let len = self.blob[at] as usize;
                if &self.blob[at + 1..at + 1 + len] == key {
                    return Some(self.record(at + 1 + len));
                }
            }
            i = (i + 1) & self.mask;
        }
    }

    fn record(&self, mut at: usize) -> Record<'a> {
        let frequency = read_varint(self.blob, &mut at);
        let count = self.blob[at];
        Record {
            frequency,
            count,
            forms: &self.blob[at + 1..],
        }
    }
}

impl Record<'_> {
    /// The forms: case mask, kinds, size.
    pub fn forms(self) -> impl Iterator<Item = (u64, u8, u8)> {
        let mut at = 0;
        (0..self.count).map(move |_| {
            let mask = read_varint(self.forms, &mut at);
            let form = (mask, self.forms[at], self.forms[at + 1]);
            at += 2;
            form
        })
    }
}

fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}
