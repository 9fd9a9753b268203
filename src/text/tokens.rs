//! The one tokenizer: the words of running text, with their offsets.
//!
//! A **raw token** is a run of characters between whitespace (Unicode whitespace, as
//! [`char::is_whitespace`] says). An em or en dash inside a raw token separates words
//! (`tbe—and` is two), so a raw token is cut at them into **pieces**. A piece's **word** is the
//! piece without the punctuation print puts around words: quotes, brackets, sentence
//! punctuation, ellipses, a hyphen after it, `*` and `_` for emphasis (`(“tbe,”)` is `tbe`, and
//! so is `.tbe`, a full stop the OCR engine set before the space). Other marks stay: `£ioo` is a
//! sum (`£100`), not the word `ioo`, and a `«` or `^` beside letters is more often a misread
//! letter than punctuation. A possessive ending (`'s`, `’s`, `'S`, `’S`) stays in the word and is
//! told apart as its [`Token::stem`].
//!
//! The batch counts these words and the stages look them up, so both see the same forms. What a
//! token is besides its word is in its flags: whether it is a word at all ([`Token::is_word`]:
//! it has a letter and is not an address, a handle, an abbreviation with inner dots, or a dash
//! written `--`), whether it is a piece of a word broken by a hyphen ([`Token::broken`],
//! [`Token::line_broken`]), whether it is hyphenated within.

/// A token's word and what is known of it; offsets are bytes of the scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Where the word starts (after the punctuation that opens its piece).
    pub start: usize,
    /// Where the word ends (before the punctuation that closes its piece), its possessive
    /// ending included.
    pub end: usize,
    /// Bytes of the possessive ending at the end of the word (0 when it has none).
    pub possessive: u8,
    flags: u8,
}

/// The piece has a letter, and none of the marks of an address or code (see [`Token::is_word`]).
const WORD: u8 = 1;
/// A hyphen (or a soft hyphen) follows the word in its piece (`frag-`, `pre-`, `frag-,`).
const HYPHEN_END: u8 = 2;
/// The piece before this one ended in a hyphen.
const AFTER_HYPHEN: u8 = 4;
/// The raw token is the last of a line that ends in a hyphen after a letter, or the first of the
/// line after one (`frag-⏎ment`).
const LINE_BROKEN: u8 = 8;
/// The stem has a hyphen inside (`long-term`).
const HYPHENATED: u8 = 16;

impl Token {
    /// The word in `text` (the text that was scanned).
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// The word without its possessive ending (`Jinping` in `Jinping’s`).
    #[inline]
    pub fn stem<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.stem_end()]
    }

    /// Where the stem ends.
    #[inline]
    pub fn stem_end(&self) -> usize {
        self.end - usize::from(self.possessive)
    }

    /// Whether the token is a word: it has a letter, its piece holds none of `@ # / \ =`
    /// (addresses, handles, code) and no `--`, and its stem no `_` (`snake_case`) and no dot
    /// (`U.S`, `example.com`).
    #[inline]
    pub fn is_word(&self) -> bool {
        self.flags & WORD != 0
    }

    /// Whether the token may be a piece of a word broken by a hyphen: a hyphen follows its word
    /// (`frag-`, or a suspended `pre-`), or it follows such a piece (`decla- ration`, where the
    /// line breaks were lost). The word repair stages leave those to the hyphen stage.
    #[inline]
    pub fn broken(&self) -> bool {
        self.flags & (HYPHEN_END | AFTER_HYPHEN) != 0
    }

    /// Whether a hyphen follows its word: a suspended prefix (`pre-` in `pre- and post-war`) or
    /// the first half of a broken word. Not a word of its own.
    #[inline]
    pub fn ends_in_hyphen(&self) -> bool {
        self.flags & HYPHEN_END != 0
    }

    /// Whether it is one of the two pieces of a word broken at a line end (`frag-⏎ment`): the
    /// last raw token of a line that ends in a hyphen (or a soft hyphen) after a letter, or the
    /// first raw token of the line after it.
    #[inline]
    pub fn line_broken(&self) -> bool {
        self.flags & LINE_BROKEN != 0
    }

    /// Whether it is a word and not a piece of one: not [`Token::line_broken`] and not
    /// [`Token::ends_in_hyphen`]. The batch counts these.
    #[inline]
    pub fn is_whole(&self) -> bool {
        self.flags & (WORD | LINE_BROKEN | HYPHEN_END) == WORD
    }

    /// Whether the stem holds a hyphen (`long-term`, `Russia-China`).
    #[inline]
    pub fn hyphenated(&self) -> bool {
        self.flags & HYPHENATED != 0
    }
}

/// The tokens of `text`, in order.
///
/// ```
/// use ocrclean::text::tokens;
/// let text = "“Jinping’s” long-term (plan), frag-\nment of pre- and post-war—1990.";
/// let words: Vec<&str> = tokens(text).map(|t| t.text(text)).collect();
/// assert_eq!(
///     words,
///     ["Jinping’s", "long-term", "plan", "frag", "ment", "of", "pre", "and", "post-war", "1990"]
/// );
/// let t: Vec<_> = tokens(text).collect();
/// assert_eq!(t[0].stem(text), "Jinping");
/// assert!(t[1].hyphenated() && t[3].line_broken() && t[4].line_broken());
/// assert!(t[6].ends_in_hyphen() && t[7].broken() && !t[7].line_broken());
/// assert!(!t[9].is_word());
/// ```
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens {
        text,
        pos: 0,
        piece: 0,
        raw_end: 0,
        raw_flags: 0,
        raw_bytes: 0,
        after_hyphen: false,
        broken_above: false,
    }
}

/// Iterator of the [`Token`]s of a text.
#[derive(Debug, Clone)]
pub struct Tokens<'t> {
    text: &'t str,
    /// Where scanning for the next raw token starts.
    pos: usize,
    /// Where the next piece of the current raw token starts (`raw_end` when it has none left).
    piece: usize,
    raw_end: usize,
    /// [`LINE_BROKEN`] when the current raw token is a piece of a word broken at a line end.
    raw_flags: u8,
    /// The [`CLASSES`] of the current raw token's bytes, or-ed together.
    raw_bytes: u8,
    /// The last piece ended in a hyphen.
    after_hyphen: bool,
    /// The last raw token ended its line, broken after a letter.
    broken_above: bool,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    #[inline]
    fn next(&mut self) -> Option<Token> {
        loop {
            if self.piece < self.raw_end {
                let (start, end) = self.next_piece();
                if let Some(token) = self.piece_token(start, end) {
                    return Some(token);
                }
                continue;
            }
            if !self.next_raw() {
                return None;
            }
        }
    }
}

impl<'t> Tokens<'t> {
    /// The tokens of `text` from byte `at` on (a line start, or the start of a raw token), as
    /// [`tokens`] reads them there: what the text before `at` says of the first ones (whether
    /// they follow a hyphen, or continue a word broken at the line end above) is read from it.
    pub fn resume(text: &'t str, at: usize) -> Tokens<'t> {
        let mut t = tokens(text);
        let before = text[..at].trim_end();
        if before.is_empty() {
            t.pos = at;
            return t;
        }
        let prev_end = before.len();
        let prev_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let (after, newlines) = skip_space(text, prev_end, 1);
        let last_on_line = newlines > 0 || after >= text.len();
        t.broken_above = last_on_line && ends_broken(&text[prev_start..prev_end]);
        t.after_hyphen = before.ends_with('-');
        t.pos = prev_end;
        t
    }

    /// Moves to the next raw token; false at the end of the text.
    #[inline]
    fn next_raw(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let (start, newlines) = skip_space(self.text, self.pos, usize::MAX);
        if start >= bytes.len() {
            self.pos = start;
            return false;
        }
        let (end, classes) = raw_end(self.text, start);
        // The first raw token of a line goes on with a word broken at the end of the line above
        // it; a blank line between them ends the word.
        let continues = newlines == 1 && self.broken_above;
        let (after, newlines_after) = skip_space(self.text, end, 1);
        let last_on_line = newlines_after > 0 || after >= bytes.len();
        let breaks = last_on_line && ends_broken(&self.text[start..end]);
        self.broken_above = breaks;
        self.raw_flags = if continues || breaks { LINE_BROKEN } else { 0 };
        self.raw_bytes = classes;
        self.piece = start;
        self.raw_end = end;
        self.pos = end;
        true
    }

    /// The next piece of the current raw token: up to an em or en dash, or its end.
    #[inline]
    fn next_piece(&mut self) -> (usize, usize) {
        let start = self.piece;
        if self.raw_bytes & NON_ASCII != 0 {
            let bytes = &self.text.as_bytes()[start..self.raw_end];
            let mut at = 0;
            while let Some(i) = memchr::memchr(0xE2, &bytes[at..]) {
                let i = at + i;
                if matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x93 | 0x94])) {
                    self.piece = start + i + 3;
                    return (start, start + i);
                }
                at = i + 1;
            }
        }
        self.piece = self.raw_end;
        (start, self.raw_end)
    }

    /// The token of the piece `start..end`, if it has a letter or a digit.
    #[inline]
    fn piece_token(&mut self, start: usize, end: usize) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let Some((s, e)) = trim(self.text, start, end) else {
            self.after_hyphen = false;
            return None;
        };
        let hyphen_end = e < end && matches!(bytes[e..end], [b'-', ..] | [0xC2, 0xAD, ..]);
        let after_hyphen = std::mem::replace(&mut self.after_hyphen, hyphen_end);
        let word = &bytes[s..e];
        let possessive = possessive_len(word);
        let stem = &word[..word.len() - possessive];
        let mut flags = self.raw_flags;
        if hyphen_end {
            flags |= HYPHEN_END;
        }
        if after_hyphen {
            flags |= AFTER_HYPHEN;
        }
        let piece = &bytes[start..end];
        let word = if self.raw_bytes & NON_ASCII == 0 {
            // The piece is the whole raw token: what its bytes hold is known without reading
            // them again.
            if self.raw_bytes & HYPHEN != 0 && stem.contains(&b'-') {
                flags |= HYPHENATED;
            }
            is_ascii_word(self.raw_bytes, piece, stem)
        } else {
            if stem.contains(&b'-') {
                flags |= HYPHENATED;
            }
            is_word(&self.text[s..e], piece, stem)
        };
        if word {
            flags |= WORD;
        }
        Some(Token {
            start: s,
            end: e,
            possessive: possessive as u8,
            flags,
        })
    }
}

/// The raw tokens of `text` (runs of characters between whitespace), as byte ranges.
///
/// ```
/// use ocrclean::text::raw_tokens;
/// let text = "  “Our  leaders …\nsaid";
/// let raw: Vec<&str> = raw_tokens(text).map(|r| &text[r]).collect();
/// assert_eq!(raw, ["“Our", "leaders", "…", "said"]);
/// ```
pub fn raw_tokens(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let (start, _) = skip_space(text, pos, usize::MAX);
        if start >= text.len() {
            pos = start;
            return None;
        }
        let (end, _) = raw_end(text, start);
        pos = end;
        Some(start..end)
    })
}

/// Skips whitespace from `at`: where the next non-whitespace character is (or the text's end),
/// and how many line breaks lie before it. Stops early once `max_newlines` line breaks are seen.
#[inline]
fn skip_space(text: &str, mut at: usize, max_newlines: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut newlines = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b == b'\n' {
            newlines += 1;
            at += 1;
            if newlines >= max_newlines {
                break;
            }
        } else if b.is_ascii() {
            if !is_ascii_space(b) {
                break;
            }
            at += 1;
        } else {
            match space_len(text, at) {
                0 => break,
                n => at += n,
            }
        }
    }
    (at, newlines)
}

/// Where the raw token starting at `start` ends, and the [`CLASSES`] of its bytes or-ed together
/// (with [`NON_ASCII`] when it is not ASCII).
#[inline]
fn raw_end(text: &str, start: usize) -> (usize, u8) {
    let bytes = text.as_bytes();
    let mut at = start;
    let mut classes = 0;
    while at < bytes.len() {
        let class = CLASSES[usize::from(bytes[at])];
        if class & (SPACE | NON_ASCII) == 0 {
            classes |= class;
        } else if class & SPACE != 0 {
            break;
        } else {
            classes |= NON_ASCII;
            if space_len(text, at) > 0 {
                break;
            }
        }
        at += 1;
    }
    (at, classes)
}

/// An ASCII space ([`is_ascii_space`]).
const SPACE: u8 = 1;
/// An ASCII letter.
const LETTER: u8 = 2;
/// A mark of an address or code: `@ # / \ =`.
const ADDRESS: u8 = 4;
/// `-`.
const HYPHEN: u8 = 8;
/// `.` or `_`.
const DOT: u8 = 16;
/// A byte of a character that is not ASCII.
const NON_ASCII: u8 = 32;

/// What each byte is to the tokenizer: one table lookup a byte while a raw token is read, so
/// that whether it is a word is mostly known without reading it again.
static CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            NON_ASCII
        } else if is_ascii_space(c) {
            SPACE
        } else if c.is_ascii_alphabetic() {
            LETTER
        } else if matches!(c, b'@' | b'#' | b'/' | b'\\' | b'=') {
            ADDRESS
        } else if c == b'-' {
            HYPHEN
        } else if c == b'.' || c == b'_' {
            DOT
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The ASCII characters [`char::is_whitespace`] takes.
#[inline]
const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r' | 0x0b | 0x0c)
}

/// The length of the whitespace character at byte `at` (not ASCII), or 0. Only characters whose
/// UTF-8 starts with C2, E1, E2 or E3 can be whitespace: others are rejected on that byte.
#[inline]
fn space_len(text: &str, at: usize) -> usize {
    let b = text.as_bytes()[at];
    if !matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
        return 0;
    }
    match text[at..].chars().next() {
        Some(c) if c.is_whitespace() => c.len_utf8(),
        _ => 0,
    }
}

/// Whether a raw token ends a word broken at the line end: a hyphen or a soft hyphen (or both)
/// after a letter.
#[inline]
fn ends_broken(raw: &str) -> bool {
    let t = raw.strip_suffix('\u{00AD}').unwrap_or(raw);
    if t.len() == raw.len() && !t.ends_with('-') {
        return false;
    }
    let t = t.strip_suffix('-').unwrap_or(t);
    t.ends_with(char::is_alphabetic)
}

/// The piece `start..end` without the punctuation around its word (see the [module
/// docs](self)); `None` when nothing is left.
#[inline]
fn trim(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut s = start;
    while s < end {
        let n = punctuation_len(&bytes[s..end], true);
        if n == 0 {
            break;
        }
        s += n;
    }
    let mut e = end;
    while e > s {
        let n = punctuation_back(&bytes[s..e]);
        if n == 0 {
            break;
        }
        e -= n;
    }
    (s < e).then_some((s, e))
}

/// The length of the punctuation at the start of `bytes` that may stand before a word
/// (`opening`) or after one, or 0.
#[inline]
fn punctuation_len(bytes: &[u8], opening: bool) -> usize {
    match bytes {
        // Curly quotes (U+2018-U+201F) and the ellipsis.
        [0xE2, 0x80, 0x98..=0x9F | 0xA6, ..] => 3,
        // A soft hyphen after the word, as a hyphen.
        [0xC2, 0xAD, ..] if !opening => 2,
        [b, ..] if is_ascii_punctuation(*b, opening) => 1,
        _ => 0,
    }
}

/// ASCII punctuation that may stand before a word (`opening`) or after one.
#[inline]
fn is_ascii_punctuation(b: u8, opening: bool) -> bool {
    match b {
        b'"' | b'\'' | b'*' | b'_' | b'.' | b',' | b';' | b':' | b'!' | b'?' => true,
        b'(' | b'[' | b'{' | b'<' => opening,
        b')' | b']' | b'}' | b'>' | b'-' => !opening,
        _ => false,
    }
}

/// The length of the punctuation at the end of `bytes` that may stand after a word, or 0.
#[inline]
fn punctuation_back(bytes: &[u8]) -> usize {
    match bytes {
        [.., 0xE2, 0x80, 0x98..=0x9F | 0xA6] => 3,
        [.., 0xC2, 0xAD] => 2,
        [.., b] if is_ascii_punctuation(*b, false) => 1,
        _ => 0,
    }
}

/// Splits a possessive ending (`'s`, `’s`, `'S`, `’S`) off a word, when something is left:
/// (stem, ending).
///
/// ```
/// use ocrclean::text::split_possessive;
/// assert_eq!(split_possessive("Russia’s"), ("Russia", "’s"));
/// assert_eq!(split_possessive("'s"), ("'s", ""));
/// ```
#[inline]
pub fn split_possessive(word: &str) -> (&str, &str) {
    word.split_at(word.len() - possessive_len(word.as_bytes()))
}

/// Bytes of the possessive ending of `word`, if it has one and something before it.
#[inline]
fn possessive_len(word: &[u8]) -> usize {
    match word {
        [_, .., b'\'', b's' | b'S'] => 2,
        [_, .., 0xE2, 0x80, 0x99, b's' | b'S'] => 4,
        _ => 0,
    }
}

/// [`is_word`] for the piece of an ASCII raw token (the whole of it), whose bytes' [`CLASSES`]
/// are `classes`: the piece is read again only when it holds a hyphen, a dot or an underscore.
/// Trimming takes no letter off, so the word has a letter when the piece does.
#[inline]
fn is_ascii_word(classes: u8, piece: &[u8], stem: &[u8]) -> bool {
    classes & LETTER != 0
        && classes & ADDRESS == 0
        && (classes & HYPHEN == 0 || !piece.windows(2).any(|w| w == b"--"))
        && (classes & DOT == 0 || !stem.iter().any(|&b| b == b'.' || b == b'_'))
}

/// Whether the piece is a word (see [`Token::is_word`]).
#[inline]
fn is_word(word: &str, piece: &[u8], stem: &[u8]) -> bool {
    let has_letter = if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_alphabetic())
    } else {
        word.chars().any(char::is_alphabetic)
    };
    has_letter
        && !piece
            .iter()
            .any(|b| matches!(b, b'@' | b'#' | b'/' | b'\\' | b'='))
        && !piece.windows(2).any(|w| w == b"--")
        && !stem.iter().any(|&b| b == b'.' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text).map(|t| t.text(text)).collect()
    }

    #[test]
    fn punctuation_around_words_is_trimmed() {
        assert_eq!(
            words("“RussiaChina,” (tothe) 'a' — x.y end. .und ?ihat «x» £ioo ■tbe"),
            [
                "RussiaChina",
                "tothe",
                "a",
                "x.y",
                "end",
                "und",
                "ihat",
                "«x»",
                "£ioo",
                "■tbe"
            ]
        );
        assert_eq!(words("... , -- “” — –"), Vec::<&str>::new());
    }

    /// The ASCII shortcut of `is_word` agrees with it on every piece, over pieces made of the
    /// bytes it looks at.
    #[test]
    fn ascii_words_are_judged_as_any_word() {
        let alphabet = b"aZ'-._@/=#\\\".,(s1";
        let mut seed = 7u64;
        for _ in 0..20_000 {
            let mut piece = Vec::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for k in 0..(seed >> 60) as usize + 1 {
                piece.push(alphabet[((seed >> (k * 4 % 56)) % alphabet.len() as u64) as usize]);
            }
            let text = std::str::from_utf8(&piece).unwrap();
            let (end, classes) = raw_end(text, 0);
            assert_eq!(end, piece.len());
            let Some((s, e)) = trim(text, 0, end) else {
                continue;
            };
            let stem = &piece[s..e - possessive_len(&piece[s..e])];
            assert_eq!(
                is_ascii_word(classes, &piece, stem),
                is_word(&text[s..e], &piece, stem),
                "{text}"
            );
        }
    }

    #[test]
    fn dashes_separate_words() {
        assert_eq!(words("x—y a–b tbe—and"), ["x", "y", "a", "b", "tbe", "and"]);
        // Other dashes and hyphens do not.
        assert_eq!(words("a‐b a-b"), ["a‐b", "a-b"]);
    }

    #[test]
    fn whitespace_is_unicode_whitespace() {
        let t = "  Café\u{2003}au lait\u{0b}—  Photo:\u{a0}AP\u{85}x  \n\u{3000}end ";
        assert_eq!(words(t), ["Café", "au", "lait", "Photo", "AP", "x", "end"]);
        let raw: Vec<&str> = raw_tokens(t).map(|r| &t[r]).collect();
        let want: Vec<&str> = t
            .split(char::is_whitespace)
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(raw, want);
    }

    #[test]
    fn broken_words() {
        let text = "a frag-\nment b- c frag\u{AD}\nment d frag-\n\nNew pre- and";
        let t: Vec<Token> = tokens(text).collect();
        let w: Vec<&str> = t.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            w,
            [
                "a", "frag", "ment", "b", "c", "frag", "ment", "d", "frag", "New", "pre", "and"
            ]
        );
        let line_broken: Vec<bool> = t.iter().map(Token::line_broken).collect();
        assert_eq!(
            line_broken,
            [
                false, true, true, false, false, true, true, false, true, false, false, false
            ]
        );
        assert!(t[1].broken() && t[2].broken() && t[3].broken() && t[4].broken());
        assert!(!t[0].broken() && t[10].ends_in_hyphen() && t[11].broken());
        assert_eq!(t[2].start, 8);
        // A word broken over three lines: every piece is broken.
        let text = "inter-\nnation-\nal";
        assert!(tokens(text).all(|t| t.line_broken()));
        // Not after a digit, nor after a dash.
        assert!(tokens("in 1990-\n91 the").all(|t| !t.line_broken()));
        // A hyphen right after the word, with punctuation after it.
        let text = "her hus-,\nban devotedly";
        let t: Vec<Token> = tokens(text).collect();
        assert!(t[1].ends_in_hyphen() && t[2].broken() && !t[2].line_broken());
    }

    #[test]
    fn what_is_not_a_word() {
        let text = "see example.com or @handle a/b U.S. 1990 x=1 snake_case a--b pre- _it_";
        let t: Vec<(&str, bool)> = tokens(text).map(|t| (t.text(text), t.is_word())).collect();
        assert_eq!(
            t,
            [
                ("see", true),
                ("example.com", false),
                ("or", true),
                ("@handle", false),
                ("a/b", false),
                ("U.S", false),
                ("1990", false),
                ("x=1", false),
                ("snake_case", false),
                ("a--b", false),
                ("pre", true),
                ("it", true)
            ]
        );
    }

    #[test]
    fn possessives_and_hyphens() {
        let text = "Jinping's JINPING’S leaders' 's long-term Russia-China's";
        let t: Vec<Token> = tokens(text).collect();
        let stems: Vec<&str> = t.iter().map(|t| t.stem(text)).collect();
        assert_eq!(
            stems,
            [
                "Jinping",
                "JINPING",
                "leaders",
                "s",
                "long-term",
                "Russia-China"
            ]
        );
        assert!(t[4].hyphenated() && t[5].hyphenated() && !t[0].hyphenated());
    }
}
