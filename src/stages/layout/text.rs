//! The structure the layout rules read: lines, paragraphs, words and sentence ends.
//!
//! Everything here works on byte offsets into the stage's input, so the rules can turn what they
//! find straight into edits.

use std::ops::Range;

// Lines are the shared text model's: one definition of indentation and trailing space.
pub(crate) use crate::text::{Line, lines};

/// A paragraph or, in a text without blank lines, a line: the unit a caption can interrupt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// First byte of its text.
    pub start: usize,
    /// End of its text (trailing spaces trimmed).
    pub end: usize,
    /// Index of its first line.
    pub first_line: usize,
    /// Index of its last line.
    pub last_line: usize,
}

impl Unit {
    /// Whether line `i` is one of its lines.
    pub fn holds_line(&self, i: usize) -> bool {
        (self.first_line..=self.last_line).contains(&i)
    }

    /// Whether it starts the way a sentence goes on, not the way one starts (see
    /// [`goes_on`]).
    pub fn goes_on(&self, text: &str) -> bool {
        tokens(text, self.start, self.end)
            .next()
            .is_some_and(|t| goes_on(&text[t]))
    }

    /// Whether it overlaps `range`.
    pub fn overlaps(&self, range: &Range<usize>) -> bool {
        range.start < self.end && self.start < range.end
    }
}

/// Groups `lines` into units: blocks of lines between blank lines when `by_blank_lines`, else one
/// unit per non-blank line.
pub(crate) fn units(lines: &[Line], by_blank_lines: bool) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut open = false;
    for (i, line) in lines.iter().enumerate() {
        if line.is_blank() {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(u) if open && by_blank_lines => {
                u.end = line.end;
                u.last_line = i;
            }
            _ => out.push(Unit {
                start: line.text,
                end: line.end,
                first_line: i,
                last_line: i,
            }),
        }
        open = true;
    }
    out
}

/// A whitespace-separated token: its byte range.
pub(crate) fn tokens(
    text: &str,
    from: usize,
    to: usize,
) -> impl Iterator<Item = Range<usize>> + '_ {
    let slice = &text[from..to];
    let bytes = slice.as_bytes();
    let mut at = 0;
    // Bytes, with a character decoded only where a byte is not ASCII: text is mostly ASCII.
    let space_at = move |i: usize| -> Option<usize> {
        let b = bytes[i];
        if b.is_ascii() {
            // The ASCII characters `char::is_whitespace` takes (with the vertical tab).
            return matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ').then_some(1);
        }
        let c = slice[i..].chars().next()?;
        c.is_whitespace().then(|| c.len_utf8())
    };
    std::iter::from_fn(move || {
        while at < bytes.len() {
            match space_at(at) {
                Some(n) => at += n,
                None => break,
            }
        }
        if at >= bytes.len() {
            return None;
        }
        let s = at;
        while at < bytes.len() && space_at(at).is_none() {
            at += 1;
            while at < bytes.len() && !slice.is_char_boundary(at) {
                at += 1;
            }
        }
        Some(from + s..from + at)
    })
}

/// Closing quotes and brackets that may follow the end of a sentence.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

/// Opening quotes and brackets that may stand before a word.
pub(crate) fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹')
}

/// Hyphens and dashes: a line that ends on one is the hyphen stage's business.
pub(crate) fn is_hyphen_like(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{00AD}' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '⁃' | '−'
    )
}

/// Sentence-ending punctuation.
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// The word inside a token: leading openers and trailing punctuation stripped.
pub(crate) fn word_of(token: &str) -> &str {
    token
        .trim_start_matches(is_opener)
        .trim_end_matches(|c: char| !c.is_alphanumeric())
}

/// Whether the token is a word written wholly in lower case (`justice`, `that's`), the way a
/// sentence goes on; `iPhone` and `eBay` are not.
pub(crate) fn is_lowercase_word(token: &str) -> bool {
    let w = word_of(token);
    !w.is_empty()
        && w.chars().next().is_some_and(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_lowercase() || c == '\'' || c == '’' || c == '-')
}

/// Whether the token reads as the rest of a sentence, not the start of one: a lower-case word, a
/// number (news style spells out a number that starts a sentence: `Seventy per cent …`), or a web
/// address (`… can be submitted at https://…`).
pub(crate) fn goes_on(token: &str) -> bool {
    is_lowercase_word(token)
        || token.starts_with(|c: char| c.is_ascii_digit())
        || ["http://", "https://", "www."]
            .iter()
            .any(|p| token.starts_with(p))
}

/// Whether the token starts with a capital letter (after any opening quote or bracket).
pub(crate) fn is_capitalised(token: &str) -> bool {
    token
        .trim_start_matches(is_opener)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// How many characters `s` holds (counts UTF-8 lead bytes, so it vectorises).
pub(crate) fn char_len(s: &[u8]) -> usize {
    s.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Whether `s` ends a sentence: terminal punctuation, possibly inside closing quotes.
pub(crate) fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(is_closer)
        .chars()
        .next_back()
        .is_some_and(is_terminal)
}

/// The last character of `s`, if any.
pub(crate) fn last_char(s: &str) -> Option<char> {
    s.chars().next_back()
}

/// Collapses runs of whitespace (line breaks included) into single spaces.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A short quotation of `s` for a reason: at most `words` words from its start (`from_end`:
/// from its end), with an ellipsis where it was cut.
pub(crate) fn excerpt(s: &str, words: usize, from_end: bool) -> String {
    let all: Vec<&str> = s.split_whitespace().collect();
    if all.len() <= words {
        return all.join(" ");
    }
    if from_end {
        format!("… {}", all[all.len() - words..].join(" "))
    } else {
        format!("{} …", all[..words].join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_on_unicode_whitespace_as_chars_do() {
        let t = "  Café\u{2003}au lait\u{0b}—  Photo:\u{a0}AP\u{85}x  \n\u{3000}end ";
        let got: Vec<&str> = tokens(t, 0, t.len()).map(|r| &t[r]).collect();
        let want: Vec<&str> = t
            .split(char::is_whitespace)
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(got, want);
        let got: Vec<&str> = tokens(t, 7, t.len()).map(|r| &t[r]).collect();
        assert_eq!(got.first(), Some(&"au"));
    }

    #[test]
    fn lines_trim_and_find_blanks() {
        let t = "  a b  \n\n c\n";
        let ls: Vec<Line> = lines(t).collect();
        assert_eq!(ls.len(), 3);
        assert_eq!(&t[ls[0].text..ls[0].end], "a b");
        assert!(ls[1].is_blank());
        assert_eq!(&t[ls[2].text..ls[2].end], "c");
        assert_eq!(ls[2].next, t.len());
    }

    #[test]
    fn units_follow_the_paragraph_style() {
        let t = "a\nb\n\nc\n";
        let ls: Vec<Line> = lines(t).collect();
        assert_eq!(units(&ls, true).len(), 2);
        assert_eq!(units(&ls, false).len(), 3);
    }

    #[test]
    fn token_ranges() {
        let t = "  “Our  leaders …\nsaid";
        let toks: Vec<&str> = tokens(t, 0, t.len()).map(|r| &t[r]).collect();
        assert_eq!(toks, ["“Our", "leaders", "…", "said"]);
    }

    #[test]
    fn words_and_case() {
        assert!(is_lowercase_word("justice"));
        assert!(is_lowercase_word("that’s,"));
        assert!(!is_lowercase_word("iPhone"));
        assert!(!is_lowercase_word("2024"));
        assert!(goes_on("https://www.example.org/testimony"));
        assert!(goes_on("“within"));
        assert!(!goes_on("Https"));
        assert!(is_capitalised("“Our"));
        assert!(ends_sentence("said.”"));
        assert!(!ends_sentence("and"));
        assert_eq!(char_len("é1".as_bytes()), 2);
        assert_eq!(excerpt("a b c d", 2, true), "… c d");
    }
}
