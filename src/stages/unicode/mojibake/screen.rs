//! The screen in front of the repair: sequences of characters that UTF-8 read in a single-byte
//! code page leaves behind and that right text almost never holds (`Ã©`, `â€™`, `Ð´Ð¾`, `√©`).
//! Modelled on ftfy's badness heuristic; the character classes and the sequences are data, the
//! `mojibake-classes` and `mojibake-sequences` lists of `[data.unicode]` in rules/unicode.toml.
//!
//! Every sequence holds an element that only non-ASCII characters match (its anchor), so the
//! screen looks only around non-ASCII characters: text without any costs one scan.

use rustc_hash::FxHashMap;

/// Characters below this index their classes in a table; the rest (punctuation, symbols, box
/// drawing) in a map.
const TABLE: usize = 0x800;

/// The compiled classes and sequences.
pub(super) struct Screen {
    /// What the screen knows of each character below [`TABLE`].
    table: Vec<Cell>,
    /// The same for the characters above that any class holds.
    others: FxHashMap<char, Cell>,
    /// The smallest character in `others`: Vietnamese letters and most scripts are below it,
    /// so they need no lookup.
    others_from: char,
    sequences: Vec<Sequence>,
}

/// A character's classes, and what must follow it for a sequence to be anchored on it.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    classes: u64,
    /// The classes one of which the next character must have, for every sequence anchored on
    /// this character; 0 when none is.
    follow: u64,
    /// Some sequence anchored on it has no plain element after the anchor (`'Œœ' !latin`, a
    /// lone `c1`): the next character alone cannot rule it out.
    always: bool,
}

/// One sequence: elements in order, one of them the anchor.
#[derive(Debug, Clone)]
struct Sequence {
    /// Whether it must start a line.
    at_start: bool,
    elements: Vec<Element>,
    anchor: usize,
}

impl Sequence {
    /// The classes of the element after the anchor, when it is a plain set of classes.
    fn follow(&self) -> Option<u64> {
        self.elements
            .get(self.anchor + 1)
            .filter(|e| e.is_plain())
            .map(|e| e.classes)
    }
}

/// One position of a sequence: a set of characters.
#[derive(Debug, Clone, Copy, Default)]
struct Element {
    classes: u64,
    /// `space`: any white space.
    space: bool,
    /// `word`: a letter, digit or `_` of any script.
    word: bool,
    /// `any`: anything but a line break.
    any: bool,
    /// `!`: every character but these.
    negate: bool,
    /// `?`: the position may be absent.
    optional: bool,
}

impl Element {
    fn accepts(&self, c: char, classes: u64) -> bool {
        let hit = self.classes & classes != 0
            || (self.space && c.is_whitespace())
            || (self.word && (c.is_alphanumeric() || c == '_'))
            || (self.any && c != '\n');
        hit != self.negate
    }

    /// Only classes: no `space`, `word`, `any`, `!` or `?`.
    fn is_plain(&self) -> bool {
        !(self.space || self.word || self.any || self.negate || self.optional)
    }

    /// Whether only non-ASCII characters can match, given the classes ASCII characters have.
    fn is_anchor(&self, ascii_classes: u64) -> bool {
        self.is_plain() && self.classes & ascii_classes == 0 && self.classes != 0
    }
}

/// A class or sequence the screen cannot compile: the message says which and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BadData(pub String);

/// Builds the screen: collects class names, assigns bits, then compiles each sequence.
#[derive(Default)]
pub(super) struct ScreenBuilder {
    names: FxHashMap<String, u64>,
    members: Vec<(u64, Vec<char>)>,
    literals: FxHashMap<Vec<char>, u64>,
    /// The classes that hold an ASCII character: an element of them cannot be an anchor.
    ascii_classes: u64,
    sequences: Vec<Sequence>,
}

impl ScreenBuilder {
    pub fn new() -> ScreenBuilder {
        let mut b = ScreenBuilder::default();
        // The two ASCII classes sequences need, named like the data's classes.
        let lower: Vec<char> = ('a'..='z').collect();
        let latin: Vec<char> = ('a'..='z').chain('A'..='Z').collect();
        for (name, chars) in [("lower", lower), ("latin", latin)] {
            let bit = b.bit();
            b.names.insert(name.to_string(), bit);
            b.add(bit, chars);
        }
        b
    }

    fn add(&mut self, bit: u64, chars: Vec<char>) {
        if chars.iter().any(char::is_ascii) {
            self.ascii_classes |= bit;
        }
        self.members.push((bit, chars));
    }

    fn bit(&self) -> u64 {
        1u64.checked_shl(self.members.len() as u32).unwrap_or(0)
    }

    /// Adds a class written `name: characters`, where a `-` between two characters makes a range.
    pub fn class(&mut self, entry: &str) -> Result<(), BadData> {
        let Some((name, chars)) = entry.split_once(':') else {
            return Err(BadData(format!(
                "mojibake-classes: `{entry}` is not `name: characters`"
            )));
        };
        let name = name.trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            || matches!(name, "space" | "word" | "any" | "start")
        {
            return Err(BadData(format!(
                "mojibake-classes: `{name}` cannot name a class: use lower-case letters, digits and `-`, \
                 and not `space`, `word`, `any` or `start`"
            )));
        }
        let chars = expand_ranges(chars.trim_start());
        match self.names.get(name) {
            // A user pack may add characters to a class of the built-in pack.
            Some(&bit) => self.add(bit, chars),
            None => {
                let bit = self.new_bit(entry)?;
                self.names.insert(name.to_string(), bit);
                self.add(bit, chars);
            }
        }
        Ok(())
    }

    fn new_bit(&self, what: &str) -> Result<u64, BadData> {
        match self.bit() {
            0 => Err(BadData(format!(
                "`{what}`: the screen holds at most 64 classes and quoted sets"
            ))),
            bit => Ok(bit),
        }
    }

    /// Adds a sequence: elements separated by spaces, each a `|`-separated union of class names,
    /// quoted sets of characters (`'ÂÃ'`), `space`, `word` and `any`, with `!` before it to
    /// negate it and `?` after it to make it optional; `start` first ties it to a line start.
    /// Classes must all be added first.
    pub fn sequence(&mut self, source: &str) -> Result<(), BadData> {
        let bad = |why: &str| BadData(format!("mojibake-sequences: `{source}`: {why}"));
        let mut at_start = false;
        let mut elements = Vec::new();
        for (i, token) in tokens(source).map_err(|e| bad(&e))?.into_iter().enumerate() {
            if token == "start" {
                if i != 0 {
                    return Err(bad("`start` can only come first"));
                }
                at_start = true;
                continue;
            }
            elements.push(self.element(&token).map_err(|e| bad(&e))?);
        }
        let anchor = elements
            .iter()
            .position(|e| e.is_anchor(self.ascii_classes))
            .ok_or_else(|| {
                bad("no element only non-ASCII characters match; the screen looks only around them")
            })?;
        self.sequences.push(Sequence {
            at_start,
            elements,
            anchor,
        });
        Ok(())
    }

    fn element(&mut self, token: &str) -> Result<Element, String> {
        let mut e = Element::default();
        let mut rest = token;
        if let Some(r) = rest.strip_prefix('!') {
            e.negate = true;
            rest = r;
        }
        if let Some(r) = rest.strip_suffix('?') {
            e.optional = true;
            rest = r;
        }
        for term in split_terms(rest) {
            match term {
                "space" => e.space = true,
                "word" => e.word = true,
                "any" => e.any = true,
                _ if term.len() >= 3 && term.starts_with('\'') && term.ends_with('\'') => {
                    let set: Vec<char> = term[1..term.len() - 1].chars().collect();
                    e.classes |= match self.literals.get(&set) {
                        Some(&bit) => bit,
                        None => {
                            let bit = self.new_bit(term).map_err(|b| b.0)?;
                            self.literals.insert(set.clone(), bit);
                            self.add(bit, set);
                            bit
                        }
                    };
                }
                _ => match self.names.get(term) {
                    Some(&bit) => e.classes |= bit,
                    None => return Err(format!("no class is called `{term}`")),
                },
            }
        }
        Ok(e)
    }

    /// The screen.
    pub fn build(self) -> Screen {
        let mut table = vec![Cell::default(); TABLE];
        let mut others: FxHashMap<char, Cell> = FxHashMap::default();
        for (bit, chars) in &self.members {
            for &c in chars {
                match table.get_mut(c as usize) {
                    Some(cell) => cell.classes |= bit,
                    None => others.entry(c).or_default().classes |= bit,
                }
            }
        }
        for cell in table.iter_mut().chain(others.values_mut()) {
            for seq in &self.sequences {
                if seq.elements[seq.anchor].classes & cell.classes == 0 {
                    continue;
                }
                match seq.follow() {
                    Some(follow) => cell.follow |= follow,
                    None => cell.always = true,
                }
            }
        }
        let others_from = others.keys().copied().min().unwrap_or(char::MAX);
        Screen {
            table,
            others,
            others_from,
            sequences: self.sequences,
        }
    }
}

/// The characters of a class entry, with `X-Y` ranges expanded.
fn expand_ranges(text: &str) -> Vec<char> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 2 < chars.len() && chars[i + 1] == '-' && chars[i] < chars[i + 2] {
            out.extend(chars[i]..=chars[i + 2]);
            i += 3;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Splits a sequence at spaces outside quotes.
fn tokens(source: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in source.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                cur.push(c);
            }
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if quoted {
        return Err("a quote is not closed".into());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Splits an element at `|` outside quotes.
fn split_terms(element: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut start = 0;
    for (i, c) in element.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '|' if !quoted => {
                out.push(&element[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&element[start..]);
    out
}

impl Screen {
    fn cell(&self, c: char) -> Cell {
        match self.table.get(c as usize) {
            Some(&cell) => cell,
            None if c < self.others_from => Cell::default(),
            None => self.others.get(&c).copied().unwrap_or_default(),
        }
    }

    fn classes(&self, c: char) -> u64 {
        self.cell(c).classes
    }

    /// Whether `text` holds any of the sequences.
    pub fn is_bad(&self, text: &str) -> bool {
        self.find(text, 0).is_some()
    }

    /// The byte offset of the first anchor at or after `from` that completes a sequence.
    pub fn find(&self, text: &str, from: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut i = from;
        while let Some(at) = next_non_ascii(bytes, i) {
            let c = text[at..].chars().next()?;
            i = at + c.len_utf8();
            let cell = self.cell(c);
            if !cell.always && cell.follow == 0 {
                continue;
            }
            // Accented letters of right text are anchors too, but what follows them (a plain
            // letter, mostly) rules every sequence out at once.
            let next = text[i..].chars().next().map_or(0, |n| self.classes(n));
            if !cell.always && cell.follow & next == 0 {
                continue;
            }
            if self.sequences.iter().any(|s| {
                s.elements[s.anchor].classes & cell.classes != 0 && self.around(s, text, at)
            }) {
                return Some(at);
            }
        }
        None
    }

    /// Whether `seq`, its anchor at `at`, matches.
    fn around(&self, seq: &Sequence, text: &str, at: usize) -> bool {
        let anchor_len = text[at..].chars().next().map_or(0, char::len_utf8);
        self.backward(seq, &seq.elements[..seq.anchor], text, at)
            && self.forward(&seq.elements[seq.anchor + 1..], text, at + anchor_len)
    }

    fn forward(&self, elements: &[Element], text: &str, at: usize) -> bool {
        let Some((first, rest)) = elements.split_first() else {
            return true;
        };
        let next = text[at..]
            .chars()
            .next()
            .filter(|&c| first.accepts(c, self.classes(c)));
        (first.optional && self.forward(rest, text, at))
            || next.is_some_and(|c| self.forward(rest, text, at + c.len_utf8()))
    }

    fn backward(&self, seq: &Sequence, elements: &[Element], text: &str, end: usize) -> bool {
        let Some((last, rest)) = elements.split_last() else {
            return !seq.at_start || end == 0 || text.as_bytes()[end - 1] == b'\n';
        };
        let prev = text[..end]
            .chars()
            .next_back()
            .filter(|&c| last.accepts(c, self.classes(c)));
        (last.optional && self.backward(seq, rest, text, end))
            || prev.is_some_and(|c| self.backward(seq, rest, text, end - c.len_utf8()))
    }
}

/// The offset of the first byte at or after `from` above 0x7F, eight bytes at a time.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        if word & HIGH != 0 {
            return Some(i + (word & HIGH).trailing_zeros() as usize / 8);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| b >= 0x80)
        .map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(classes: &[&str], sequences: &[&str]) -> Screen {
        let mut b = ScreenBuilder::new();
        for c in classes {
            b.class(c).unwrap();
        }
        for s in sequences {
            b.sequence(s).unwrap();
        }
        b.build()
    }

    #[test]
    fn finds_a_sequence_around_its_anchor() {
        let s = screen(
            &["accented: à-ÿ", "currency: ¢£¥€"],
            &["lower accented currency", "start 'Ã' ' '", "'Œœ' !latin"],
        );
        assert!(s.is_bad("caf¥ ré€"));
        assert!(!s.is_bad("café €"));
        assert!(s.is_bad("Ã la"));
        assert!(s.is_bad("x\nÃ la"));
        assert!(!s.is_bad("xÃ la"));
        assert!(s.is_bad("œ."));
        assert!(!s.is_bad("cœur"));
        assert!(!s.is_bad("œ"));
    }

    #[test]
    fn optional_elements_and_spaces() {
        let s = screen(&[], &["lower space? 'ÃÂ' ' '"]);
        assert!(s.is_bad("eÃ x"));
        assert!(s.is_bad("e Ã x"));
        assert!(!s.is_bad("E Ã x"));
    }

    #[test]
    fn refuses_bad_data() {
        let mut b = ScreenBuilder::new();
        assert!(b.class("no colon").is_err());
        assert!(b.class("space: x").is_err());
        assert!(b.sequence("nosuch").is_err());
        assert!(b.sequence("'abc").is_err());
        assert!(b.sequence("lower start").is_err());
        assert!(
            b.sequence("lower latin").is_err(),
            "a sequence of ASCII classes has no anchor"
        );
    }

    #[test]
    fn skips_ascii_eight_bytes_at_a_time() {
        let text = "plain ascii text é and more";
        assert_eq!(next_non_ascii(text.as_bytes(), 0), text.find('é'));
        assert_eq!(next_non_ascii(b"abc", 0), None);
        assert_eq!(next_non_ascii("abcdefghé".as_bytes(), 3), Some(8));
    }
}
