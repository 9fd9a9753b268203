//! Sentence ends and the punctuation around words.

/// Closing quotes and brackets that may follow the end of a sentence.
#[inline]
pub fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

/// Opening quotes and brackets that may stand before a word.
#[inline]
pub fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹')
}

/// Sentence-ending punctuation.
#[inline]
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Whether `s` ends a sentence: terminal punctuation, possibly inside closing quotes and
/// brackets, and trailing whitespace.
///
/// ```
/// use ocrclean::text::ends_sentence;
/// assert!(ends_sentence("said.”") && ends_sentence("Really?) ") && ends_sentence("Wait…"));
/// assert!(!ends_sentence("and") && !ends_sentence("Mr") && !ends_sentence(""));
/// ```
#[inline]
pub fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .trim_end_matches(is_closer)
        .chars()
        .next_back()
        .is_some_and(is_terminal)
}
