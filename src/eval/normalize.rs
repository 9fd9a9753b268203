//! Line-break normalisation before scoring (`--unwrap`).
//!
//! Some references keep the printed lines: overProof's gold has `Thorns-⏎hope` where the page
//! broke the word. Scored raw, every dehyphenation and every unwrapped line would count as an
//! error. Normalised, the same transformation is applied to the input, the output and the gold
//! alike, so line-break decisions cost nothing and everything else is scored as before:
//!
//! - a hyphen (`-`, U+2010, U+00AD or `¬`) at a line end between two letters is removed and the
//!   two halves joined (`Thorns-⏎hope` -> `Thornshope`);
//! - any other line break with the spaces around it becomes one space;
//! - a paragraph break (two or more line breaks) becomes exactly `\n\n`.
//!
//! The cost: a real compound split at a line end (`gum-⏎tree`) is joined in the gold as well, so
//! an output that rightly keeps `gum-tree` loses one character against it.
//!
//! ```
//! use ocrclean::eval::normalize::unwrap;
//! assert_eq!(unwrap("parish of Thorns-\nhope, near\nMount Lambie"), "parish of Thornshope, near Mount Lambie");
//! assert_eq!(unwrap("End.  \n\n\nNext"), "End.\n\nNext");
//! ```

use std::borrow::Cow;

const HYPHENS: [char; 4] = ['-', '\u{2010}', '\u{00AD}', '¬'];

/// `text` with line-end hyphens joined and lines unwrapped; borrowed when it has no line break.
pub fn unwrap(text: &str) -> Cow<'_, str> {
    if !text.contains('\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(nl) = rest.find('\n') {
        // The horizontal space before the break, and the whole run of whitespace around it.
        let before = rest[..nl].trim_end_matches(is_blank);
        let tail = &rest[nl..];
        let after = tail.trim_start_matches(char::is_whitespace);
        let run = &tail[..tail.len() - after.len()];
        let breaks = run.matches('\n').count();
        let mut head = before.chars();
        let hyphen = head.next_back().filter(|c| HYPHENS.contains(c));
        let letter_before = head.next_back().is_some_and(char::is_alphabetic);
        let letter_after = after.chars().next().is_some_and(char::is_alphabetic);
        if breaks == 1 && hyphen.is_some() && letter_before && letter_after {
            let h = hyphen.map_or(0, char::len_utf8);
            out.push_str(&before[..before.len() - h]);
        } else {
            out.push_str(before);
            // Whitespace at the very start or end of the text stays out, as trailing spaces do.
            if !before.is_empty() || !out.is_empty() {
                if after.is_empty() {
                    // Nothing follows: no separator to keep.
                } else if breaks >= 2 {
                    out.push_str("\n\n");
                } else {
                    out.push(' ');
                }
            }
        }
        rest = after;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn is_blank(c: char) -> bool {
    c != '\n' && c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_line_end_hyphens_between_letters() {
        assert_eq!(unwrap("Thorns-\nhope"), "Thornshope");
        assert_eq!(unwrap("Thorns- \n  hope"), "Thornshope");
        assert_eq!(unwrap("Thorns\u{00AD}\nhope"), "Thornshope");
        assert_eq!(unwrap("Thorns-\r\nhope"), "Thornshope");
    }

    #[test]
    fn keeps_hyphens_that_are_not_word_breaks() {
        // Before a digit, after a digit, a dash standing alone, and across a paragraph break.
        assert_eq!(unwrap("pages 10-\n12"), "pages 10- 12");
        assert_eq!(unwrap("1843-\nyear"), "1843- year");
        assert_eq!(unwrap("said -\nthen"), "said - then");
        assert_eq!(unwrap("word-\n\nnext"), "word-\n\nnext");
    }

    #[test]
    fn unwraps_lines_and_keeps_paragraphs() {
        assert_eq!(unwrap("one\ntwo  \n three"), "one two three");
        assert_eq!(unwrap("one\n\ntwo\n \n\nthree\n"), "one\n\ntwo\n\nthree");
        assert_eq!(unwrap("\n\none"), "one");
        assert_eq!(unwrap("no breaks"), "no breaks");
    }

    #[test]
    fn unicode_letters_count() {
        assert_eq!(unwrap("Zürich-\nübung"), "Zürichübung");
        assert_eq!(unwrap("naïve\ncafé"), "naïve café");
    }
}
