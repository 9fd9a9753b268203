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
//! A gold that keeps printed lines cannot say whether `Gold-⏎fields` is `Goldfields` or
//! `Gold-fields`: that is the line-break decision itself. So where the output kept a line-end
//! hyphen inside a word (`Gold-fields`), the same form keeps its hyphen on every side
//! ([`Kept`], [`unwrap_keeping`]), and the choice costs nothing either way.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::edit::{Change, Status};

const HYPHENS: [char; 4] = ['-', '\u{2010}', '\u{00AD}', '¬'];

/// Hyphenated forms (`Gold-fields`) that an output made by keeping a hyphen at a line end.
#[derive(Debug, Default, Clone)]
pub struct Kept(HashSet<String>);

impl Kept {
    /// The forms given.
    #[cfg(test)]
    pub fn from_forms<S: Into<String>>(forms: impl IntoIterator<Item = S>) -> Kept {
        Kept(forms.into_iter().map(Into::into).collect())
    }

    /// The forms that `changes` (applied or pending) keep a line-end hyphen in: a change whose text had
    /// `left-⏎right` and whose replacement holds `left-right`.
    pub fn from_changes(changes: &[Change]) -> Kept {
        let mut kept = HashSet::new();
        for c in changes.iter().filter(|c| c.status != Status::Flagged) {
            if !c.before.contains("-\n") {
                continue;
            }
            let closed: String = c.before.chars().filter(|c| !c.is_whitespace()).collect();
            for token in c.after.split_whitespace() {
                // The word as `unwrap_keeping` reads it: letters, digits and hyphens
                // (`to-night's` is read as `to-night`).
                let form = token.trim_start_matches(|c: char| !c.is_alphanumeric());
                let form = &form[..form
                    .find(|c: char| !c.is_alphanumeric() && c != '-')
                    .unwrap_or(form.len())];
                let form = form.trim_end_matches('-');
                if form.contains('-') && closed.contains(form) {
                    kept.insert(form.to_string());
                }
            }
        }
        Kept(kept)
    }

    fn holds(&self, left: &str, right: &str) -> bool {
        !self.0.is_empty() && self.0.contains(&format!("{left}-{right}"))
    }
}

/// Whether replacing `before` by `after` changes only line breaks: the two read the same once
/// unwrapped, spaces aside (`frag-⏎ment of` / `fragment⏎of`, `⏎` / ` `).
pub fn only_line_breaks(before: &str, after: &str, kept: &Kept) -> bool {
    let read = |t: &str| {
        unwrap_keeping(t, kept)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    read(before) == read(after)
}

/// `text` with line-end hyphens joined and lines unwrapped; borrowed when it has no line break.
pub fn unwrap(text: &str) -> Cow<'_, str> {
    unwrap_keeping(text, &Kept::default())
}

/// [`unwrap`], except that a line-end hyphen inside a form in `kept` stays, the halves closed up.
pub fn unwrap_keeping<'a>(text: &'a str, kept: &Kept) -> Cow<'a, str> {
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
            let stem = &before[..before.len() - h];
            let left = &stem[stem
                .rfind(|c: char| !c.is_alphanumeric() && c != '-')
                .map_or(0, |i| {
                    i + stem[i..].chars().next().map_or(1, char::len_utf8)
                })..];
            let right = &after[..after
                .find(|c: char| !c.is_alphanumeric() && c != '-')
                .unwrap_or(after.len())];
            if hyphen == Some('-') && kept.holds(left, right) {
                out.push_str(before);
            } else {
                out.push_str(stem);
            }
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
    fn hyphens_join_and_lines_unwrap() {
        assert_eq!(
            unwrap("parish of Thorns-\nhope, near\nMount Lambie"),
            "parish of Thornshope, near Mount Lambie"
        );
        assert_eq!(unwrap("End.  \n\n\nNext"), "End.\n\nNext");
        let kept = Kept::from_forms(["Gold-fields"]);
        assert_eq!(
            unwrap_keeping("the Gold-\nfields, and a frag-\nment", &kept),
            "the Gold-fields, and a fragment"
        );
    }

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
    fn line_break_changes_are_told_apart() {
        let none = Kept::default();
        assert!(only_line_breaks("frag-\nment of", "fragment\nof", &none));
        assert!(only_line_breaks("\n", " ", &none));
        assert!(only_line_breaks("\n\n\n", "\n\n", &none));
        assert!(!only_line_breaks("gum-\ntree ", "gum-tree\n", &none));
        assert!(only_line_breaks(
            "gum-\ntree ",
            "gum-tree\n",
            &Kept::from_forms(["gum-tree"])
        ));
        assert!(!only_line_breaks("inthe", "in the", &none));
    }

    #[test]
    fn unicode_letters_count() {
        assert_eq!(unwrap("Zürich-\nübung"), "Zürichübung");
        assert_eq!(unwrap("naïve\ncafé"), "naïve café");
    }
}
