//! Which texts a regular expression could match, told from its syntax alone, before it is built.
//!
//! Compiling a pack's patterns is most of what ocrclean does at start-up (on one small sample,
//! 30 M instructions for the furniture line patterns and 24 M for the layout byline patterns, of
//! 75 M in all, by callgrind), and most texts meet no line or byline any pattern could match. Every
//! match of a pattern holds at least one byte of each of a few sets read off its syntax tree: a
//! folio needs a digit, `Printed and distributed by PressReader` needs each of its letters, an
//! e-mail address an `@`; a pattern matched against a whole line also bounds its length (a folio
//! `[A-Z][0-9]{1,3}` is at most 4 bytes). A text that holds no byte of one of those sets, or is
//! not as long as a match, cannot match, so the pattern is compiled only when a text gets past
//! that screen.
//!
//! The screen is a necessary condition, never a sufficient one: a text it lets through is matched
//! by the compiled pattern as before, so what matches does not depend on it.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A set of bytes: bit `b` for byte `b`.
type Bytes = [u64; 4];

/// What a text must hold for some pattern of a group to match it.
#[derive(Debug, Clone)]
pub(crate) struct Screen {
    /// What each pattern needs; `None` when the screen lets every text through (a pattern that
    /// does not parse).
    patterns: Option<Vec<Needs>>,
}

/// What a text needs to match one pattern.
#[derive(Debug, Clone)]
struct Needs {
    /// Byte sets a match holds a byte of each of.
    bytes: Vec<Bytes>,
    /// The text's length in bytes: a match's length, or (for a pattern searched for within a
    /// text) at least a match's shortest.
    len: std::ops::RangeInclusive<usize>,
}

/// How a pattern is matched against a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchoring {
    /// Against the whole text (`^(?:…)$`): the text is one match.
    Whole,
    /// Anywhere within the text.
    Within,
}

impl Screen {
    /// The screen of `patterns` searched for within texts: a text passes it when it could hold
    /// a match of one of them.
    pub(crate) fn of<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Screen {
        let parsed: Vec<Option<Hir>> = patterns
            .into_iter()
            .map(|p| regex_syntax::parse(p).ok())
            .collect();
        Screen::of_parsed(parsed.iter().map(Option::as_ref), Anchoring::Within)
    }

    /// The screen of patterns already parsed (`None`: one that does not parse).
    pub(crate) fn of_parsed<'h>(
        patterns: impl IntoIterator<Item = Option<&'h Hir>>,
        anchoring: Anchoring,
    ) -> Screen {
        let mut all = Vec::new();
        for hir in patterns {
            let Some(hir) = hir else {
                return Screen { patterns: None };
            };
            let props = hir.properties();
            // A pattern that matches nothing has no shortest match: no text passes for it.
            let min = props.minimum_len().unwrap_or(usize::MAX);
            let max = match anchoring {
                Anchoring::Whole => props.maximum_len().unwrap_or(usize::MAX),
                Anchoring::Within => usize::MAX,
            };
            all.push(Needs {
                bytes: needed(hir),
                len: min..=max,
            });
        }
        Screen {
            patterns: Some(all),
        }
    }

    /// Whether some pattern could match `text`.
    #[inline]
    pub(crate) fn admits(&self, text: &[u8]) -> bool {
        let Some(patterns) = &self.patterns else {
            return true;
        };
        let mut held: Bytes = [0; 4];
        for &b in text {
            held[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        patterns.iter().any(|needs| {
            needs.len.contains(&text.len())
                && needs
                    .bytes
                    .iter()
                    .all(|set| set.iter().zip(&held).any(|(s, h)| s & h != 0))
        })
    }
}

fn with(set: &mut Bytes, b: u8) {
    set[usize::from(b >> 6)] |= 1 << (b & 63);
}

/// Byte sets of which every match of `hir` holds a byte of each; empty when a match may hold
/// any bytes (or none).
fn needed(hir: &Hir) -> Vec<Bytes> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        // Every byte of a literal is in every match.
        HirKind::Literal(lit) => {
            let mut sets: Vec<Bytes> = Vec::new();
            for &b in lit.0.iter() {
                let mut set = [0; 4];
                with(&mut set, b);
                if !sets.contains(&set) {
                    sets.push(set);
                }
            }
            sets
        }
        HirKind::Class(class) => vec![class_bytes(class)],
        HirKind::Repetition(rep) if rep.min == 0 => Vec::new(),
        HirKind::Repetition(rep) => needed(&rep.sub),
        HirKind::Capture(cap) => needed(&cap.sub),
        // Every part of a concatenation is in every match.
        HirKind::Concat(parts) => parts.iter().flat_map(needed).collect(),
        // A match is a match of one branch: the bytes of each branch's rarest set.
        HirKind::Alternation(branches) => {
            let mut union: Bytes = [0; 4];
            for branch in branches {
                let Some(rarest) = needed(branch).into_iter().min_by_key(cost) else {
                    return Vec::new();
                };
                for (u, r) in union.iter_mut().zip(rarest) {
                    *u |= r;
                }
            }
            vec![union]
        }
    }
}

/// The bytes a match of `class` may start with: the class's bytes, or the first bytes of the
/// UTF-8 encodings of its characters (a match of the class holds its character's first byte).
fn class_bytes(class: &Class) -> Bytes {
    let mut set = [0; 4];
    let mut fill = |from: u8, to: u8| {
        for b in from..=to {
            with(&mut set, b);
        }
    };
    match class {
        Class::Bytes(bytes) => bytes.ranges().iter().for_each(|r| fill(r.start(), r.end())),
        // The first byte of a character's encoding grows with the character, so a range of
        // characters starts with bytes in the range of its ends' first bytes.
        Class::Unicode(chars) => chars
            .ranges()
            .iter()
            .for_each(|r| fill(first_byte(r.start()), first_byte(r.end()))),
    }
    set
}

fn first_byte(c: char) -> u8 {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf).as_bytes()[0]
}

/// How often texts hold one of the bytes of `set`, roughly: the sum of their weights.
fn cost(set: &Bytes) -> u32 {
    WEIGHTS
        .iter()
        .map(|(w, bytes)| {
            let n: u32 = set
                .iter()
                .zip(bytes)
                .map(|(s, b)| (s & b).count_ones())
                .sum();
            w * n
        })
        .sum()
}

/// Each [`weight`] and the bytes that have it (a few popcounts, where a loop over the bytes of a
/// set cost more than the rest of the screen).
const WEIGHTS: [(u32, Bytes); 7] = {
    let values = [170, 40, 10, 4, 3, 2, 1];
    let mut table = [(0, [0u64; 4]); 7];
    let mut i = 0;
    while i < values.len() {
        table[i].0 = values[i];
        let mut b = 0;
        while b < 256 {
            if weight(b as u8) == values[i] {
                table[i].1[b >> 6] |= 1 << (b & 63);
            }
            b += 1;
        }
        i += 1;
    }
    table
};

/// A byte's rough share of English newspaper text, per mille. It only chooses which set of a
/// branch the screen looks for (the rarest), so a rough figure does: a space is in every line, a
/// lower-case letter in most, a capital or a digit in few.
const fn weight(b: u8) -> u32 {
    match b {
        b' ' => 170,
        b'a'..=b'z' => 40,
        b'.' | b',' => 10,
        b'A'..=b'Z' => 4,
        b'0'..=b'9' => 3,
        0..=0x7F => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(patterns: &[&str]) -> Screen {
        Screen::of(patterns.iter().copied())
    }

    #[test]
    fn every_byte_has_one_of_the_weights() {
        for b in 0..=255u8 {
            let mut set = [0; 4];
            with(&mut set, b);
            assert_eq!(cost(&set), weight(b), "{b}");
        }
    }

    #[test]
    fn a_folio_needs_a_capital_and_a_digit() {
        let s = screen(&["[A-Z][0-9]{1,3}"]);
        assert!(s.admits(b"A4") && s.admits(b"B12 and more"));
        assert!(!s.admits(b"The council voted on Monday") && !s.admits(b"in 1990"));
    }

    #[test]
    fn a_literal_needs_all_its_bytes() {
        let s = screen(&["Printed and distributed by PressReader"]);
        assert!(s.admits(b"Printed and distributed by PressReader"));
        assert!(!s.admits(b"Printed and distributed by the press"));
    }

    #[test]
    fn one_pattern_is_enough() {
        let s = screen(&["[0-9]+", "@"]);
        assert!(s.admits(b"page 4") && s.admits(b"a@b"));
        assert!(!s.admits(b"the end"));
    }

    #[test]
    fn a_branch_is_enough() {
        let s = screen(&["(?:Cont|see) [0-9]"]);
        assert!(s.admits(b"see 4") && s.admits(b"Cont 4"));
        assert!(!s.admits(b"the 4"));
    }

    #[test]
    fn non_ascii_classes_need_their_first_bytes() {
        let s = screen(&["[•·■◆]"]);
        for c in ["•", "·", "■", "◆"] {
            assert!(s.admits(c.as_bytes()), "{c}");
        }
        assert!(!s.admits(b"plain ascii"));
    }

    #[test]
    fn patterns_that_need_nothing_let_every_text_through() {
        for p in [".*", "a?", "(?:x|)", r"\b", "(unclosed"] {
            assert!(screen(&["[0-9]", p]).admits(b"the end"), "{p}");
        }
    }

    #[test]
    fn a_whole_line_is_as_long_as_a_match() {
        let hir = regex_syntax::parse("[A-Z][0-9]{1,3}").unwrap();
        let whole = Screen::of_parsed([Some(&hir)], Anchoring::Whole);
        assert!(whole.admits(b"A4") && whole.admits(b"B123"));
        assert!(!whole.admits(b"A1234") && !whole.admits(b"THE NORTHERN STAR, 14 May"));
        let within = Screen::of_parsed([Some(&hir)], Anchoring::Within);
        assert!(within.admits(b"THE NORTHERN STAR, 14 May") && !within.admits(b"A"));
    }

    /// Lines the built-in furniture and byline patterns match pass their screens; ordinary lines
    /// do not.
    #[test]
    fn the_builtin_patterns_matches_pass() {
        let book = crate::rules::RuleBook::builtin();
        let mut patterns: Vec<String> = book
            .rules()
            .iter()
            .filter_map(|r| match &r.matcher {
                crate::rules::Matcher::Lines { patterns, .. } => Some(patterns.clone()),
                _ => None,
            })
            .flatten()
            .map(|p| format!("^(?:{p})$"))
            .collect();
        let furniture = patterns.len();
        for list in book.data(crate::rules::StageName::Layout) {
            if list.name == "byline-patterns" {
                patterns.extend(list.values.iter().cloned());
            }
        }
        let lines = [
            "A4",
            "Page 12",
            "12 | THE TIMES",
            "Continued on Page 6",
            "See FIRE, Page A6",
            "Printed and distributed by PressReader",
            "PressReader.com +1 604 278 4604",
            "Monday, March 4, 2024 • The Gazette • A3",
            "4 THE GAZETTE Tuesday 5 March 2024",
            "By Ana Ruiz",
            "- Ana Ruiz",
            "ana.ruiz@example.com",
            "Lee Wong, Staff Writer",
        ];
        let compiled: Vec<regex::Regex> = patterns
            .iter()
            .map(|p| regex::Regex::new(p).expect("built-in patterns compile"))
            .collect();
        for line in lines {
            let mut matched = false;
            for (p, re) in patterns.iter().zip(&compiled) {
                if re.is_match(line) {
                    matched = true;
                    assert!(
                        Screen::of([p.as_str()]).admits(line.as_bytes()),
                        "{p} {line}"
                    );
                }
            }
            assert!(matched, "{line}");
        }
        let all = Screen::of(patterns[..furniture].iter().map(String::as_str));
        assert!(!all.admits(b"The council voted on Monday."));
        assert!(!all.admits(b"THE TIMES"));
    }
}
