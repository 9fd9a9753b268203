//! Words of running text for the word repair stages: whitespace-separated tokens with their
//! surrounding punctuation stripped, found by scanning bytes.

/// A token's word: the token without the punctuation around it, and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// Byte offset of `text` in the scanned text.
    pub start: usize,
    /// The word (never empty).
    pub text: &'a str,
    /// Whether it is a piece of a word broken by a hyphen (`frag-⏎ment`, or `decla- ration` where
    /// the line breaks were lost): its token ends with a hyphen, or follows one that does. The
    /// hyphen stage's business, not a word of its own.
    pub broken: bool,
}

/// The words of `text`, in order.
pub(crate) fn words(text: &str) -> Words<'_> {
    Words {
        text,
        at: 0,
        after_hyphen: false,
    }
}

/// Iterator over the [`Word`]s of a text.
pub(crate) struct Words<'a> {
    text: &'a str,
    at: usize,
    after_hyphen: bool,
}

#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\t' | b'\r' | b'\x0c' | b'\x0b')
}

/// ASCII punctuation that may open a token around a word.
#[inline]
fn is_opening(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b'(' | b'[' | b'{' | b'<' | b'*' | b'_')
}

/// ASCII punctuation that may close a token around a word.
#[inline]
fn is_closing(b: u8) -> bool {
    matches!(
        b,
        b'.' | b','
            | b';'
            | b':'
            | b'!'
            | b'?'
            | b'"'
            | b'\''
            | b')'
            | b']'
            | b'}'
            | b'>'
            | b'*'
            | b'_'
    )
}

/// Curly quotes (all three bytes long in UTF-8, starting E2 80) that may open or close a token.
#[inline]
fn quote_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xE2, 0x80, 0x98..=0x9F, ..] | [0xE2, 0x80, 0xA6, ..] => 3,
        _ => 0,
    }
}

#[inline]
fn ends_with_quote(bytes: &[u8]) -> bool {
    bytes.len() >= 3 && quote_len(&bytes[bytes.len() - 3..]) == 3
}

impl<'a> Iterator for Words<'a> {
    type Item = Word<'a>;

    #[inline]
    fn next(&mut self) -> Option<Word<'a>> {
        let bytes = self.text.as_bytes();
        loop {
            let mut i = self.at;
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            if i >= bytes.len() {
                self.at = i;
                return None;
            }
            let mut end = i;
            while end < bytes.len() && !is_space(bytes[end]) {
                end += 1;
            }
            self.at = end;
            let hyphen = bytes[end - 1] == b'-';
            let broken = hyphen || self.after_hyphen;
            self.after_hyphen = hyphen;
            let mut s = i;
            let mut e = end;
            loop {
                if s < e && is_opening(bytes[s]) {
                    s += 1;
                } else if quote_len(&bytes[s..e]) == 3 {
                    s += 3;
                } else {
                    break;
                }
            }
            loop {
                if e > s && (is_closing(bytes[e - 1]) || bytes[e - 1] == b'-') {
                    e -= 1;
                } else if e >= s + 3 && ends_with_quote(&bytes[s..e]) {
                    e -= 3;
                } else {
                    break;
                }
            }
            if s < e {
                return Some(Word {
                    start: s,
                    text: &self.text[s..e],
                    broken,
                });
            }
        }
    }
}

/// Splits a possessive ending (`'s`, `’s`) off a word: (stem, ending).
pub(crate) fn possessive(word: &str) -> (&str, &str) {
    for ending in ["'s", "\u{2019}s"] {
        if let Some(stem) = word.strip_suffix(ending)
            && !stem.is_empty()
        {
            return (stem, &word[stem.len()..]);
        }
    }
    (word, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        words(s).map(|w| w.text).collect()
    }

    #[test]
    fn strips_punctuation_around_words() {
        assert_eq!(
            texts("“RussiaChina,” (tothe) 'a' — x.y end."),
            vec!["RussiaChina", "tothe", "a", "—", "x.y", "end"]
        );
        assert_eq!(texts("... , -- “”"), Vec::<&str>::new());
        let w: Vec<_> = words("a frag-\nment b-").collect();
        assert_eq!(w[1].text, "frag");
        assert!(w[1].broken && w[2].broken && !w[0].broken && w[3].broken);
        assert_eq!(w[2].start, 8);
    }

    #[test]
    fn possessives() {
        assert_eq!(possessive("RussiaChina's"), ("RussiaChina", "'s"));
        assert_eq!(possessive("Russia’s"), ("Russia", "’s"));
        assert_eq!(possessive("'s"), ("'s", ""));
        assert_eq!(possessive("is"), ("is", ""));
    }
}
