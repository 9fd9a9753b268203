//! The words of running text as the word repair stages read them: the words of
//! [`crate::text::tokens`] (the one tokenizer, which the batch pass counts with too).

use crate::text::tokens;

/// A token's word: the token without the punctuation around it, and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// Byte offset of `text` in the scanned text.
    pub start: usize,
    /// The word (never empty), its possessive ending included.
    pub text: &'a str,
    /// Whether it is a piece of a word broken by a hyphen (see [`crate::text::Token::broken`]):
    /// the hyphen stage's business, not a word of its own.
    pub broken: bool,
}

/// The words of `text`, in order: every token (the stages check what they accept).
pub(crate) fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    tokens(text).map(|t| Word {
        start: t.start,
        text: t.text(text),
        broken: t.broken(),
    })
}

/// Splits a possessive ending (`'s`, `’s`) off a word: (stem, ending).
pub(crate) fn possessive(word: &str) -> (&str, &str) {
    crate::text::split_possessive(word)
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
            vec!["RussiaChina", "tothe", "a", "x.y", "end"]
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
