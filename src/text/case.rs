//! How a word is cased.

/// The case of a word: what the lexicon's case rules and the batch's tallies tell apart.
///
/// ```
/// use ocrclean::text::Case;
/// assert_eq!(Case::of("the"), Case::Lower);
/// assert_eq!(Case::of("The"), Case::Capitalised);
/// assert_eq!(Case::of("THE"), Case::Upper);
/// assert_eq!(Case::of("I"), Case::Upper);
/// assert_eq!(Case::of("iPhone"), Case::Mixed);
/// assert_eq!(Case::of("Zürich"), Case::Capitalised);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// No capital, and some lower-case letter: `the`, `don't`, `long-term`.
    Lower = 0,
    /// A capital first, no other, and some lower-case letter: `The`, `Jinping`, `Long-term`.
    Capitalised = 1,
    /// Capitals and no lower-case letter: `THE`, `I`, `BBC`.
    Upper = 2,
    /// Anything else: `iPhone`, `McDonald`, `Russia-China`, `aB`, or no cased letter at all.
    Mixed = 3,
}

impl Case {
    /// The case of `word`.
    #[inline]
    pub fn of(word: &str) -> Case {
        if word.is_ascii() {
            return Case::of_ascii(word.as_bytes());
        }
        let mut chars = word.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        let (mut rest_upper, mut lower) = (false, word.starts_with(char::is_lowercase));
        for c in chars {
            rest_upper |= c.is_uppercase();
            lower |= c.is_lowercase();
        }
        Case::from_flags(first_upper, rest_upper, lower)
    }

    /// The case of an ASCII word (other bytes are neither capitals nor lower-case letters).
    #[inline]
    pub fn of_ascii(word: &[u8]) -> Case {
        let Some((&first, rest)) = word.split_first() else {
            return Case::Mixed;
        };
        let (mut rest_upper, mut lower) = (false, first.is_ascii_lowercase());
        for &b in rest {
            rest_upper |= b.is_ascii_uppercase();
            lower |= b.is_ascii_lowercase();
        }
        Case::from_flags(first.is_ascii_uppercase(), rest_upper, lower)
    }

    /// The case of a word from where its letters are: whether its first is a capital, whether
    /// another is, whether some letter is lower case.
    #[inline]
    pub(crate) fn from_flags(first_upper: bool, rest_upper: bool, lower: bool) -> Case {
        match (first_upper || rest_upper, lower) {
            (false, true) => Case::Lower,
            (true, false) => Case::Upper,
            (true, true) if first_upper && !rest_upper => Case::Capitalised,
            _ => Case::Mixed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        for (word, case) in [
            ("the", Case::Lower),
            ("a", Case::Lower),
            ("don't", Case::Lower),
            ("long-term", Case::Lower),
            ("x1", Case::Lower),
            ("The", Case::Capitalised),
            ("I'm", Case::Capitalised),
            ("Long-term", Case::Capitalised),
            ("THE", Case::Upper),
            ("I", Case::Upper),
            ("A1", Case::Upper),
            ("ÉCOLE", Case::Upper),
            ("iPhone", Case::Mixed),
            ("McDonald", Case::Mixed),
            ("Russia-China", Case::Mixed),
            ("'Tis", Case::Mixed),
            ("aB", Case::Mixed),
            ("123", Case::Mixed),
            ("", Case::Mixed),
            ("École", Case::Capitalised),
            ("élan", Case::Lower),
        ] {
            assert_eq!(Case::of(word), case, "{word}");
            if word.is_ascii() {
                assert_eq!(Case::of_ascii(word.as_bytes()), case, "{word}");
            }
        }
    }
}
