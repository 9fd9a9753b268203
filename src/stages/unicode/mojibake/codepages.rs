//! The single-byte code pages that UTF-8 is most often mis-read as, in the order the repair tries
//! them (ftfy's order: the most common mix-ups first, so an ambiguous text gets the likelier one).

use rustc_hash::FxHashMap;

/// One code page: what each byte 0x80-0xFF reads as. Bytes below 0x80 read as ASCII in all of them.
pub(super) struct CodePage {
    /// How a reason names it.
    pub name: &'static str,
    /// The characters of bytes 0x80-0xFF, in byte order.
    high: &'static str,
    /// A Windows code page read as browsers read it: a byte the code page leaves undefined reads
    /// as the C1 control of the same number, and a U+FFFD (a byte an earlier decoder could not
    /// read) is written back as 0x1A, so the repair can see where bytes were lost.
    pub sloppy: bool,
    /// Whether a plain space may stand for a byte 0xA0 that some program took for a no-break
    /// space. Not in MacRoman, where 0xD0 0x20 is an en dash and a space.
    pub restores_a0: bool,
    /// Whether its characters count as clues of embedded UTF-8 (see [`Clues`]): the code pages
    /// mojibake is common in.
    pub clues: bool,
}

/// Every code page the repair tries, in order. Undefined bytes of the Windows code pages are
/// written as the C1 control of the same number (see [`CodePage::sloppy`]).
pub(super) const CODE_PAGES: [CodePage; 10] = [
    CodePage {
        name: "Latin-1",
        high: concat!(
            "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}",
            "\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿",
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß",
            "àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
        ),
        sloppy: false,
        restores_a0: true,
        clues: true,
    },
    CodePage {
        name: "Windows-1252",
        high: concat!(
            "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ",
            "\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿",
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß",
            "àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
        ),
        sloppy: true,
        restores_a0: true,
        clues: true,
    },
    CodePage {
        name: "Windows-1251",
        high: concat!(
            "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—\u{98}™љ›њќћџ",
            "\u{A0}ЎўЈ¤Ґ¦§Ё©Є«¬\u{AD}®Ї°±Ііґµ¶·ё№є»јЅѕї",
            "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
            "абвгдежзийклмнопрстуфхцчшщъыьэюя",
        ),
        sloppy: true,
        restores_a0: true,
        clues: true,
    },
    CodePage {
        name: "Windows-1250",
        high: concat!(
            "€\u{81}‚\u{83}„…†‡\u{88}‰Š‹ŚŤŽŹ\u{90}‘’“”•–—\u{98}™š›śťžź",
            "\u{A0}ˇ˘Ł¤Ą¦§¨©Ş«¬\u{AD}®Ż°±˛ł´µ¶·¸ąş»Ľ˝ľż",
            "ŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢß",
            "ŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙",
        ),
        sloppy: true,
        restores_a0: true,
        clues: true,
    },
    CodePage {
        name: "Windows-1253",
        high: concat!(
            "€\u{81}‚ƒ„…†‡\u{88}‰\u{8A}‹\u{8C}\u{8D}\u{8E}\u{8F}\u{90}‘’“”•–—\u{98}™\u{9A}›\u{9C}\u{9D}\u{9E}\u{9F}",
            "\u{A0}΅Ά£¤¥¦§¨©ª«¬\u{AD}®―°±²³΄µ¶·ΈΉΊ»Ό½ΎΏ",
            "ΐΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡÒΣΤΥΦΧΨΩΪΫάέήί",
            "ΰαβγδεζηθικλμνξοπρςστυφχψωϊϋόύώÿ",
        ),
        sloppy: true,
        restores_a0: true,
        clues: true,
    },
    CodePage {
        name: "Windows-1254",
        high: concat!(
            "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}\u{8E}\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}\u{9E}Ÿ",
            "\u{A0}¡¢£¤¥¦§¨©ª«¬\u{AD}®¯°±²³´µ¶·¸¹º»¼½¾¿",
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏĞÑÒÓÔÕÖ×ØÙÚÛÜİŞß",
            "àáâãäåæçèéêëìíîïğñòóôõö÷øùúûüışÿ",
        ),
        sloppy: true,
        restores_a0: true,
        clues: true,
    },
    CodePage {
        name: "Windows-1257",
        high: concat!(
            "€\u{81}‚\u{83}„…†‡\u{88}‰\u{8A}‹\u{8C}¨ˇ¸\u{90}‘’“”•–—\u{98}™\u{9A}›\u{9C}¯˛\u{9F}",
            "\u{A0}¡¢£¤¥¦§Ø©Ŗ«¬\u{AD}®Æ°±²³´µ¶·ø¹ŗ»¼½¾æ",
            "ĄĮĀĆÄÅĘĒČÉŹĖĢĶĪĻŠŃŅÓŌÕÖ×ŲŁŚŪÜŻŽß",
            "ąįāćäåęēčéźėģķīļšńņóōõö÷ųłśūüżž˙",
        ),
        sloppy: true,
        restores_a0: true,
        clues: true,
    },
    CodePage {
        name: "ISO-8859-2",
        high: concat!(
            "\u{80}\u{81}\u{82}\u{83}\u{84}\u{85}\u{86}\u{87}\u{88}\u{89}\u{8A}\u{8B}\u{8C}\u{8D}\u{8E}\u{8F}\u{90}\u{91}\u{92}\u{93}\u{94}\u{95}\u{96}\u{97}\u{98}\u{99}\u{9A}\u{9B}\u{9C}\u{9D}\u{9E}\u{9F}",
            "\u{A0}Ą˘Ł¤ĽŚ§¨ŠŞŤŹ\u{AD}ŽŻ°ą˛ł´ľśˇ¸šşťź˝žż",
            "ŔÁÂĂÄĹĆÇČÉĘËĚÍÎĎĐŃŇÓÔŐÖ×ŘŮÚŰÜÝŢß",
            "ŕáâăäĺćçčéęëěíîďđńňóôőö÷řůúűüýţ˙",
        ),
        sloppy: false,
        restores_a0: true,
        clues: false,
    },
    CodePage {
        name: "MacRoman",
        high: concat!(
            "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü",
            "†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø",
            "¿¡¬√ƒ≈∆«»…\u{A0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ",
            "‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ",
        ),
        sloppy: false,
        restores_a0: false,
        clues: false,
    },
    CodePage {
        name: "code page 437",
        high: concat!(
            "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ",
            "áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐",
            "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀",
            "αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}",
        ),
        sloppy: false,
        restores_a0: true,
        clues: false,
    },
];

/// What a character may be in UTF-8 that was read in one of the clue code pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Clues(u8);

impl Clues {
    /// Reads as a lead byte 0xC2-0xDF: the first of two bytes.
    pub const FIRST_OF_2: Clues = Clues(1);
    /// Reads as a lead byte 0xE0-0xEF: the first of three bytes.
    pub const FIRST_OF_3: Clues = Clues(2);
    /// Reads as a lead byte 0xF0 or 0xF3: the first of four. The other lead bytes of four give
    /// code points nothing is assigned to (0xF1, 0xF2) or private use (0xF4).
    pub const FIRST_OF_4: Clues = Clues(4);
    /// Reads as a continuation byte 0x80-0xBF.
    pub const CONTINUATION: Clues = Clues(8);

    /// Whether all of `other` is in `self`.
    pub fn has(self, other: Clues) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether, as a lead byte, it may have lost the 0xA0 at continuation `slot` (1-3) to a
    /// space (see [`a0_slots`]).
    pub fn space_may_be(self, slot: usize) -> bool {
        self.0 >> 4 & 1 << (slot - 1) != 0
    }

    fn of_byte(b: u8) -> Clues {
        let lead = match b {
            0x80..=0xBF => Clues::CONTINUATION,
            0xC2..=0xDF => Clues::FIRST_OF_2,
            0xE0..=0xEF => Clues::FIRST_OF_3,
            0xF0 | 0xF3 => Clues::FIRST_OF_4,
            _ => Clues(0),
        };
        Clues(lead.0 | a0_slots(b) << 4)
    }
}

/// The continuation bytes (1-3, as bits 0-2) of a UTF-8 sequence led by `lead` where a plain
/// space may stand for a byte 0xA0 that some program took for a no-break space: only where the
/// character with 0xA0 there is likely. Of two bytes: 0xC2 (no-break space), 0xC3 (à), 0xC5 (Š),
/// 0xCE (Π), 0xD0 (Р), 0xD9 (Arabic zero). Of three, 0xE0-0xE3 (scripts and punctuation) with
/// 0xA0 last, and 0xE2/0xE3 also with 0xA0 right after the lead (0xE0/0xE1 0xA0 give Samaritan
/// and Mongolian). Of four, 0xF0 (emoji) anywhere.
pub(super) fn a0_slots(lead: u8) -> u8 {
    match lead {
        0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9 => 0b001,
        0xE0 | 0xE1 => 0b010,
        0xE2 | 0xE3 => 0b011,
        0xF0 => 0b111,
        _ => 0,
    }
}

/// A non-ASCII character's byte in each code page (0: not in it) and its clues.
#[derive(Debug, Clone, Copy, Default)]
struct Row {
    bytes: [u8; CODE_PAGES.len()],
    /// Bit `p`: code page `p` holds the character.
    pages: u16,
    clues: Clues,
}

/// The code pages compiled for encoding: one lookup gives a character's byte in all of them.
pub(super) struct CodePages {
    rows: Vec<Row>,
    /// For characters below U+0800 (where most mojibake is), 1 + their index in `rows`; 0: none.
    low: Vec<u16>,
    /// The same for the characters above.
    high: FxHashMap<char, u16>,
}

/// U+FFFD, which a sloppy code page writes as byte 0x1A.
pub(super) const REPLACEMENT: char = '\u{FFFD}';
/// The byte a sloppy code page writes U+FFFD as.
pub(super) const SUBSTITUTE: u8 = 0x1A;

/// Every code page.
const ALL_PAGES: u16 = (1 << CODE_PAGES.len()) - 1;
/// The sloppy code pages.
const SLOPPY_PAGES: u16 = {
    let mut mask = 0;
    let mut p = 0;
    while p < CODE_PAGES.len() {
        if CODE_PAGES[p].sloppy {
            mask |= 1 << p;
        }
        p += 1;
    }
    mask
};

impl CodePages {
    pub fn new() -> CodePages {
        let mut pages = CodePages {
            rows: Vec::new(),
            low: vec![0; 0x800],
            high: FxHashMap::default(),
        };
        for (p, page) in CODE_PAGES.iter().enumerate() {
            for (c, b) in page.high.chars().zip(0x80..=0xFF_u8) {
                let i = match pages.index(c) {
                    Some(i) => i,
                    None => {
                        pages.rows.push(Row::default());
                        let i = pages.rows.len() as u16;
                        match pages.low.get_mut(c as usize) {
                            Some(slot) => *slot = i,
                            None => {
                                pages.high.insert(c, i);
                            }
                        }
                        usize::from(i - 1)
                    }
                };
                let row = &mut pages.rows[i];
                row.bytes[p] = b;
                row.pages |= 1 << p;
                if page.clues {
                    row.clues.0 |= Clues::of_byte(b).0;
                }
            }
        }
        pages
    }

    fn index(&self, c: char) -> Option<usize> {
        let i = match self.low.get(c as usize) {
            Some(&i) => i,
            None => self.high.get(&c).copied().unwrap_or(0),
        };
        usize::from(i).checked_sub(1)
    }

    fn row(&self, c: char) -> Option<&Row> {
        self.index(c).map(|i| &self.rows[i])
    }

    /// The code pages (bit `p` for page `p`) that hold every character of `text`. In a sloppy
    /// page U+FFFD is written as 0x1A, so U+001A itself cannot be.
    pub fn holding(&self, text: &str) -> u16 {
        let mut mask = ALL_PAGES;
        for c in text.chars() {
            mask &= match c {
                '\u{1A}' => !SLOPPY_PAGES,
                REPLACEMENT => SLOPPY_PAGES,
                _ if c.is_ascii() => continue,
                _ => self.row(c).map_or(0, |r| r.pages),
            };
            if mask == 0 {
                break;
            }
        }
        mask
    }

    /// `text` written in code page `page` into `out`; `false` (and `out` unfinished) when it
    /// holds a character the page lacks.
    pub fn encode_into(&self, text: &str, page: usize, out: &mut Vec<u8>) -> bool {
        let sloppy = CODE_PAGES[page].sloppy;
        out.clear();
        out.reserve(text.len());
        for c in text.chars() {
            let b = match c {
                '\u{1A}' if sloppy => return false,
                REPLACEMENT if sloppy => SUBSTITUTE,
                _ if c.is_ascii() => c as u8,
                _ => match self.row(c).map(|r| r.bytes[page]) {
                    Some(b) if b != 0 => b,
                    _ => return false,
                },
            };
            out.push(b);
        }
        true
    }

    /// `text` encoded in code page `page`, or `None` when it holds a character the page lacks.
    #[cfg(test)]
    pub fn encode(&self, text: &str, page: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        self.encode_into(text, page, &mut out).then_some(out)
    }

    /// What `c` may be in UTF-8 read in a clue code page. A plain space may be a continuation
    /// byte 0xA0 (see [`CodePage::restores_a0`]).
    pub fn clues(&self, c: char) -> Clues {
        match c {
            ' ' => Clues::CONTINUATION,
            _ if c.is_ascii() => Clues::default(),
            _ => self.row(c).map_or(Clues::default(), |r| r.clues),
        }
    }

    /// What byte `b` (0x80-0xFF) reads as in code page `page`.
    pub fn read(&self, b: u8, page: usize) -> Option<char> {
        let i = usize::from(b.checked_sub(0x80)?);
        CODE_PAGES[page].high.chars().nth(i)
    }
}

/// Index of Latin-1 in [`CODE_PAGES`].
pub(super) const LATIN_1: usize = 0;
/// Index of Windows-1252 in [`CODE_PAGES`].
pub(super) const WINDOWS_1252: usize = 1;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_reads_128_distinct_characters() {
        for page in &CODE_PAGES {
            let chars: Vec<char> = page.high.chars().collect();
            assert_eq!(chars.len(), 128, "{}", page.name);
            let mut seen = chars.clone();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), 128, "{} repeats a character", page.name);
            assert!(chars.iter().all(|c| !c.is_ascii()), "{}", page.name);
        }
    }

    #[test]
    fn known_bytes() {
        let pages = CodePages::new();
        let byte = |c: char, p: usize| pages.encode(&c.to_string(), p).map(|b| b[0]);
        // Windows-1252 0x80 is the euro sign, 0x81 undefined (read as U+0081).
        assert_eq!(byte('€', 1), Some(0x80));
        assert_eq!(byte('\u{81}', 1), Some(0x81));
        assert_eq!(byte('Р', 2), Some(0xD0));
        assert_eq!(byte('Ă', 3), Some(0xC3));
        assert_eq!(byte('√', 8), Some(0xC3));
        assert_eq!(byte('╤', 9), Some(0xD1));
        assert_eq!(byte('€', 0), None);
        assert_eq!(
            pages.encode("a\u{FFFD}b", 1),
            Some(vec![b'a', SUBSTITUTE, b'b'])
        );
        assert_eq!(pages.encode("a\u{1A}", 1), None);
        assert_eq!(pages.holding("ab"), ALL_PAGES);
        assert_eq!(pages.holding("a\u{FFFD}"), SLOPPY_PAGES);
        assert_eq!(
            pages.holding("Рґ") & 0b111,
            0b100,
            "only Windows-1251 of the first three"
        );
        assert_eq!(pages.read(0x80, WINDOWS_1252), Some('€'));
    }

    #[test]
    fn clues_of_characters() {
        let pages = CodePages::new();
        assert!(pages.clues('Ã').has(Clues::FIRST_OF_2));
        assert!(pages.clues('â').has(Clues::FIRST_OF_3));
        assert!(pages.clues('ð').has(Clues::FIRST_OF_4));
        assert!(pages.clues('©').has(Clues::CONTINUATION));
        assert!(pages.clues('’').has(Clues::CONTINUATION));
        assert_eq!(pages.clues('a'), Clues::default());
        // MacRoman is not a clue page: its √ (0xC3) is no lead byte.
        assert_eq!(pages.clues('√'), Clues::default());
    }
}
