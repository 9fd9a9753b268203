//! The repair: text the screen flags is written back into the code page it was mis-read in and
//! read again as UTF-8, as often as that keeps working (double and triple encodings). A text
//! that mixes mis-read and right characters is repaired only in the stretches that look like
//! UTF-8, each on its own. This is the procedure of ftfy's `fix_encoding`, in our own terms.
//!
//! The evidence is the whole: a text re-reads as UTF-8 only when every character in it is the
//! reading of a UTF-8 byte, which right text almost never is. A single word can (`DrÃ¥ber`
//! next to an en dash is `Dråber` in Latin-1 and `Dr√•ber` in MacRoman), so words are not
//! repaired on their own unless the screen finds them bad by themselves.

use super::codepages::{
    CODE_PAGES, Clues, CodePages, LATIN_1, REPLACEMENT, SUBSTITUTE, WINDOWS_1252, a0_slots,
};
use super::screen::Screen;

/// More re-readings than any real text needs; a bound, so no input loops.
const MAX_STEPS: usize = 16;

/// One re-reading: the text (or stretches of it) written back in `page` and read as UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reading {
    /// Index in [`CODE_PAGES`]: the page the text was written back in, except that a text which
    /// Latin-1 and Windows-1252 write alike (no C1 controls) names Windows-1252, by far the more
    /// common of the two.
    pub page: usize,
    /// The bytes held UTF-16 surrogate pairs written as UTF-8 (CESU-8, as some databases and
    /// Java write emoji).
    pub cesu: bool,
    /// Plain spaces stood for bytes 0xA0 that a program took for no-break spaces.
    pub a0: bool,
    /// Some bytes were lost before (U+FFFD or `?` where a byte was): such a character is read
    /// as U+FFFD.
    pub lossy: bool,
    /// Only stretches of the text were re-read; the rest was right.
    pub in_places: bool,
}

/// What the repair did to one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Repair {
    /// The text afterwards.
    pub text: String,
    /// The re-readings, in the order they were undone (the last mis-reading first).
    pub readings: Vec<Reading>,
    /// C1 controls left after a re-reading were read as Windows-1252 punctuation: the same text
    /// went through Latin-1.
    pub c1: bool,
}

/// How a text is being repaired.
#[derive(Debug, Clone, Copy)]
struct Pass {
    /// It is a stretch of a longer text.
    in_places: bool,
    /// C1 controls may be read as Windows-1252.
    read_c1: bool,
}

/// The code pages, the screen, and the two lists the repair reads.
pub(super) struct Repairer {
    pages: CodePages,
    screen: Screen,
    /// Characters that read as a continuation byte but usually stand for themselves beside
    /// mojibake (spaces, dashes, quotes, bullets, ellipses): after any other such character a
    /// stretch of embedded UTF-8 does not start, so a few characters of a long garble are not
    /// repaired on their own.
    loose: Vec<char>,
    /// What follows `à` directly in words it begins (Portuguese `àquele`, `às`): in `Ã quele`
    /// the space is the lost 0xA0 of `à` itself, not a space after it.
    a_grave_words: Vec<Vec<u8>>,
}

impl Repairer {
    pub fn new(screen: Screen, loose: Vec<char>, a_grave_words: Vec<String>) -> Repairer {
        Repairer {
            pages: CodePages::new(),
            screen,
            loose,
            a_grave_words: a_grave_words.into_iter().map(String::into_bytes).collect(),
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The repaired text and what was done; `text` itself when nothing applies. With
    /// `read_c1`, C1 controls left after a re-reading are read as Windows-1252 too (as ftfy
    /// does); without, they are left to the rule that reads them.
    pub fn repair(&self, text: &str, read_c1: bool) -> Repair {
        let mut repair = Repair::default();
        let pass = Pass {
            in_places: false,
            read_c1,
        };
        repair.text = self.fix(text, &mut repair, pass);
        repair
    }

    fn fix(&self, text: &str, log: &mut Repair, pass: Pass) -> String {
        let mut cur = text.to_string();
        for _ in 0..MAX_STEPS {
            match self.step(&cur, log, pass) {
                Some(next) if next != cur => cur = next,
                _ => break,
            }
        }
        cur
    }

    /// One step: the whole text re-read, else its UTF-8-looking stretches, else its C1
    /// controls read as Windows-1252.
    fn step(&self, text: &str, log: &mut Repair, pass: Pass) -> Option<String> {
        if text.is_ascii() || !self.screen.is_bad(text) {
            return None;
        }
        if let Some((fixed, mut reading)) = self.reread(text) {
            reading.in_places = pass.in_places;
            log.readings.push(reading);
            return Some(fixed);
        }
        if let Some(fixed) = self.stretches(text, log, pass) {
            return Some(fixed);
        }
        if !pass.read_c1 {
            return None;
        }
        let fixed = self.read_c1(text)?;
        log.c1 = true;
        Some(fixed)
    }

    /// `text` written in the first code page that holds all of it and whose bytes read as UTF-8.
    fn reread(&self, text: &str) -> Option<(String, Reading)> {
        let holding = self.pages.holding(text);
        let mut bytes = Vec::new();
        CODE_PAGES.iter().enumerate().find_map(|(p, page)| {
            if holding & 1 << p == 0 || !self.pages.encode_into(text, p, &mut bytes) {
                return None;
            }
            let mut reading = Reading {
                page: p,
                cesu: false,
                a0: false,
                lossy: false,
                in_places: false,
            };
            let mut restored;
            let mut bytes = &bytes[..];
            if page.restores_a0 && has_lost_a0(bytes) {
                restored = self.restore_a0(bytes);
                reading.a0 = restored != bytes;
                bytes = &restored;
            }
            if page.sloppy {
                if let Some(marked) = mark_lost_bytes(bytes) {
                    reading.lossy = true;
                    restored = marked;
                    bytes = &restored;
                }
            }
            let (fixed, cesu) = decode_utf8(bytes)?;
            reading.cesu = cesu;
            if p == LATIN_1 && !text.chars().any(is_c1) {
                reading.page = WINDOWS_1252;
            }
            Some((fixed, reading))
        })
    }

    /// Repairs each stretch of `text` that reads as UTF-8 lead and continuation characters and
    /// that the screen finds bad on its own.
    ///
    /// The scan walks byte positions with a few characters of lookahead: a table of every
    /// character's offset (16 bytes a character) was allocated afresh at every step, and on a
    /// line of megabytes its page faults made the stage superlinear in time.
    fn stretches(&self, text: &str, log: &mut Repair, pass: Pass) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            let after_strict = text[..at]
                .chars()
                .next_back()
                .is_some_and(|prev| self.is_strict_continuation(prev));
            let end = if after_strict {
                at
            } else {
                self.utf8_run(text, at)
            };
            if end == at {
                at += c.len_utf8();
                continue;
            }
            let run = &text[at..end];
            if run.len() < text.len() && self.screen.is_bad(run) {
                let pass = Pass {
                    in_places: true,
                    ..pass
                };
                let fixed = self.fix(run, log, pass);
                if fixed != run {
                    out.push_str(&text[copied..at]);
                    out.push_str(&fixed);
                    copied = end;
                }
            }
            at = end;
        }
        if copied == 0 {
            return None;
        }
        out.push_str(&text[copied..]);
        Some(out)
    }

    /// The end (a byte offset) of the run of UTF-8-looking sequences that starts at byte `at`
    /// of `text` (`at` when none does).
    fn utf8_run(&self, text: &str, at: usize) -> usize {
        let mut end = at;
        loop {
            let mut next = text[end..].chars();
            let Some(lead) = next.next() else {
                return end;
            };
            let clues = self.pages.clues(lead);
            let len = [
                (Clues::FIRST_OF_2, 2),
                (Clues::FIRST_OF_3, 3),
                (Clues::FIRST_OF_4, 4),
            ]
            .into_iter()
            .filter(|&(clue, _)| clues.has(clue))
            .find_map(|(_, len)| {
                let mut bytes = lead.len_utf8();
                let mut rest = next.clone();
                for slot in 1..len {
                    let c = rest.next()?;
                    // A space counts only where the repair could put back a lost 0xA0: one
                    // that could not (`é  `, a lead and two spaces) would only spoil the run.
                    let fits = match c {
                        ' ' => clues.space_may_be(slot),
                        _ => self.pages.clues(c).has(Clues::CONTINUATION),
                    };
                    if !fits {
                        return None;
                    }
                    bytes += c.len_utf8();
                }
                Some(bytes)
            });
            match len {
                Some(bytes) => end += bytes,
                None => return end,
            }
        }
    }

    fn is_strict_continuation(&self, c: char) -> bool {
        self.pages.clues(c).has(Clues::CONTINUATION) && !self.loose.contains(&c)
    }

    /// C1 controls read as Windows-1252 (`\u{93}` → `“`); those it leaves undefined stay.
    fn read_c1(&self, text: &str) -> Option<String> {
        if !text.chars().any(is_c1) {
            return None;
        }
        let read = text
            .chars()
            .map(|c| match c {
                _ if is_c1(c) => self.pages.read(c as u8, WINDOWS_1252).unwrap_or(c),
                _ => c,
            })
            .collect::<String>();
        (read != text).then_some(read)
    }

    /// Puts back the bytes 0xA0 that became spaces: after 0xC3 before a word (`Ã le` is `à le`
    /// whose no-break space was dropped, `Ã quele` is `àquele`), and wherever a space stands in
    /// a UTF-8 sequence that is complete with 0xA0 in its place.
    fn restore_a0(&self, bytes: &[u8]) -> Vec<u8> {
        let mut widened = Vec::with_capacity(bytes.len() + 4);
        for (i, &b) in bytes.iter().enumerate() {
            widened.push(b);
            if b == 0xC3 && bytes.get(i + 1) == Some(&b' ') {
                let rest = &bytes[i + 2..];
                // A second space: the first one is the lost 0xA0 itself.
                let space_is_a0 = rest.first() == Some(&b' ')
                    || self.a_grave_words.iter().any(|w| rest.starts_with(w));
                if !space_is_a0 {
                    widened.push(0xA0);
                }
            }
        }
        let mut out = Vec::with_capacity(widened.len());
        let mut i = 0;
        while i < widened.len() {
            match lost_a0_at(&widened[i..]) {
                Some(len) => {
                    out.extend(
                        widened[i..i + len]
                            .iter()
                            .map(|&b| if b == b' ' { 0xA0 } else { b }),
                    );
                    i += len;
                }
                None => {
                    out.push(widened[i]);
                    i += 1;
                }
            }
        }
        out
    }
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9F}').contains(&c)
}

/// Whether a space stands somewhere a byte 0xA0 would complete a likely UTF-8 sequence: one of
/// the three bytes before some space leads one.
fn has_lost_a0(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b' ', bytes)
        .any(|space| (space.saturating_sub(3)..space).any(|i| lost_a0_at(&bytes[i..]).is_some()))
}

/// The length of the UTF-8 sequence at the start of `bytes` that is complete when its one space
/// is 0xA0, where [`a0_slots`] allows it. The other continuations of a three-byte sequence
/// exclude 0x85 and 0xA0, which a space (or `…`) may have been too.
fn lost_a0_at(bytes: &[u8]) -> Option<usize> {
    let lead = *bytes.first()?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let rest = bytes.get(1..len)?;
    let slot = rest.iter().position(|&b| b == b' ')?;
    let others_fit = rest.iter().enumerate().all(|(i, &b)| match b {
        _ if i == slot => true,
        0x85 | 0xA0 if len == 3 => false,
        _ => (0x80..=0xBF).contains(&b),
    });
    (a0_slots(lead) & 1 << slot != 0 && others_fit).then_some(len)
}

/// Bytes with UTF-8 sequences whose lost bytes (0x1A, written for U+FFFD; or one `?`) are
/// replaced by the UTF-8 of U+FFFD, or `None` when there are none.
fn mark_lost_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    memchr::memchr2(SUBSTITUTE, b'?', bytes)?;
    let mut replacement = [0u8; 4];
    let replacement = REPLACEMENT.encode_utf8(&mut replacement).as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut any = false;
    let mut i = 0;
    while i < bytes.len() {
        match lossy_sequence_at(&bytes[i..]) {
            Some(len) => {
                out.extend_from_slice(replacement);
                any = true;
                i += len;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    any.then_some(out)
}

/// The length of a UTF-8 (or CESU-8) sequence at the start of `bytes` with lost bytes in it.
fn lossy_sequence_at(bytes: &[u8]) -> Option<usize> {
    let lost = |b: u8| b == SUBSTITUTE || b == b'?';
    let cont = |b: u8| b == SUBSTITUTE || b == b'?' || (0x80..=0xBF).contains(&b);
    // At least one byte lost, and at most one of them a `?`: `?` is also just a question mark.
    let plausible = |rest: &[u8]| {
        rest.iter().all(|&b| cont(b))
            && rest.iter().any(|&b| lost(b))
            && rest.iter().filter(|&&b| b == b'?').count() <= 1
    };
    match *bytes {
        [0xC2..=0xDF, SUBSTITUTE, ..] => Some(2),
        [0xC2 | 0xC3, b'?', ..] => Some(2),
        [0xED, 0xA0..=0xAF, x, 0xED, 0xB0..=0xBF, y, ..]
            if cont(x) && cont(y) && (lost(x) || lost(y)) =>
        {
            Some(6)
        }
        [0xE0..=0xEF, b, c, ..] if plausible(&[b, c]) => Some(3),
        [0xF0..=0xF4, b, c, d, ..] if plausible(&[b, c, d]) => Some(4),
        [SUBSTITUTE, ..] => Some(1),
        _ => None,
    }
}

/// `bytes` read as UTF-8, also where they hold surrogate pairs written as UTF-8 (CESU-8); the
/// flag says whether they did. Lone surrogates and other invalid bytes fail.
fn decode_utf8(bytes: &[u8]) -> Option<(String, bool)> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some((text.to_string(), false));
    }
    let mut out = String::with_capacity(bytes.len());
    let mut start = 0;
    let mut i = 0;
    let mut cesu = false;
    while i + 6 <= bytes.len() {
        match surrogate_pair(&bytes[i..i + 6]) {
            Some(c) => {
                out.push_str(std::str::from_utf8(&bytes[start..i]).ok()?);
                out.push(c);
                cesu = true;
                i += 6;
                start = i;
            }
            None => i += 1,
        }
    }
    out.push_str(std::str::from_utf8(&bytes[start..]).ok()?);
    cesu.then_some((out, true))
}

/// The character a UTF-16 surrogate pair written as two three-byte UTF-8 sequences encodes.
fn surrogate_pair(six: &[u8]) -> Option<char> {
    match *six {
        [
            0xED,
            a @ 0xA0..=0xAF,
            b @ 0x80..=0xBF,
            0xED,
            c @ 0xB0..=0xBF,
            d @ 0x80..=0xBF,
        ] => {
            let high = (u32::from(a & 0x0F) << 6) | u32::from(b & 0x3F);
            let low = (u32::from(c & 0x0F) << 6) | u32::from(d & 0x3F);
            char::from_u32(0x10000 + (high << 10) + low)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_cesu8_pairs() {
        // U+1F600 as CESU-8.
        let bytes = [0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80];
        assert_eq!(decode_utf8(&bytes), Some(("😀".to_string(), true)));
        assert_eq!(decode_utf8(&[0xED, 0xA0, 0xBD]), None, "a lone surrogate");
        assert_eq!(decode_utf8(b"ok"), Some(("ok".to_string(), false)));
    }

    #[test]
    fn lost_bytes() {
        assert_eq!(lossy_sequence_at(&[0xE2, 0x80, SUBSTITUTE]), Some(3));
        assert_eq!(lossy_sequence_at(&[0xE2, b'?', b'?']), None);
        assert_eq!(lossy_sequence_at(&[0xE2, 0x80, 0x9C]), None);
        assert_eq!(lossy_sequence_at(b"?"), None);
        assert_eq!(
            mark_lost_bytes(&[b'a', 0xC3, b'?']),
            Some(vec![b'a', 0xEF, 0xBF, 0xBD])
        );
    }

    #[test]
    fn lost_a0() {
        assert_eq!(lost_a0_at(&[0xC3, b' ', b'x']), Some(2));
        assert_eq!(lost_a0_at(&[0xE2, 0x80, b' ']), Some(3));
        assert_eq!(lost_a0_at(&[0xE2, 0x85, b' ']), None);
        assert_eq!(lost_a0_at(&[0xE1, b' ', 0x80]), None);
        assert_eq!(lost_a0_at(&[0xE9, b' ', b' ']), None);
        assert_eq!(lost_a0_at(&[0xF0, 0x9F, b' ', 0x80]), Some(4));
        assert!(!has_lost_a0(b"plain text"));
    }
}
