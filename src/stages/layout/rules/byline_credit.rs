//! LAY003 `byline-credit`: a photo credit glued to a byline.
//!
//! ## What it does
//! Splits the credit off the byline's line; the byline keeps its line and the credit goes with
//! the photo's caption (the first moved caption without a credit of its own), or where
//! `--captions` puts captions.
//!
//! ## Why
//! Page layout sets the lead photo's credit beside the byline, and OCR reads them as one line:
//! `- Jane Doe jane.doe@example.com Photo: Handout` names a photographer as if they were a
//! writer, and the caption loses its credit.
//!
//! ## Example
//! ```text
//! By JANE DOE Staff Writer Photo by AP Photo/Lee Kim
//! ```
//! becomes `By JANE DOE Staff Writer`, and `Photo by AP Photo/Lee Kim` joins the caption
//! (`rules/layout.toml` holds the examples that run as tests).
//!
//! A line is a byline with a credit when its start matches a byline pattern (`^By\s+\p{Lu}`),
//! holds no sentence end, and what follows the credit marker is a name or a short phrase, with no
//! second marker.

use std::ops::Range;

use super::super::Captions;
use crate::code::builtin::layout::BYLINE_CREDIT;
use crate::edit::Edit;

use super::super::page::Page;
use super::super::text::{ends_sentence, is_lowercase_word, one_line, tokens};
use super::super::vocab::Vocab;

/// Most words in the byline part of a line.
const MAX_BYLINE_TOKENS: usize = 12;
/// Most words in the credit part.
const MAX_CREDIT_TOKENS: usize = 10;

/// Separators that may stand between a byline and its credit (`Jane Doe | Photo: AP`).
fn is_separator(c: char) -> bool {
    matches!(c, '|' | '/' | ',' | ';' | '·' | '•' | '-' | '–' | '—')
}

/// `s` without trailing spaces and the separators that stand on their own at its end (the `|`
/// of `Jane Doe |`, the comma of `Jane Doe,`), but not a hyphen that belongs to a word.
fn without_separators(s: &str) -> &str {
    let mut s = s.trim_end();
    loop {
        let Some(c) = s.chars().next_back() else {
            return s;
        };
        let rest = &s[..s.len() - c.len_utf8()];
        let apart = c == ',' || c == ';' || rest.is_empty() || rest.ends_with(char::is_whitespace);
        if !is_separator(c) || !apart {
            return s;
        }
        s = rest.trim_end();
    }
}

/// A credit split off a byline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(in crate::stages::layout) struct BylineCredit {
    /// Index of the line.
    pub line: usize,
    /// The byline as it stays.
    pub byline: Range<usize>,
    /// The credit.
    pub credit: Range<usize>,
    /// What is removed from the line: the credit and what separated it from the byline.
    pub removal: Range<usize>,
}

/// Whether `from..to` is a photo credit and nothing more: a marker, then a name (`Photo: AP
/// Photo/Lee Kim`), perhaps followed by the kind of source it is (`Photo: Police handout`, a
/// `credit-nouns` word), or a short phrase (`Photo: courtesy of the family`), with no sentence
/// ending inside it (an initial's full stop ends none).
fn is_credit(text: &str, from: usize, to: usize, v: &Vocab) -> bool {
    let Some((marker_end, _)) = super::super::caption::marker_at(text, from, v) else {
        return false;
    };
    // One credit: a second marker (`Photo: AP Picture: Reuters`) makes the split a guess.
    if v.credit_finder.find(&text[marker_end..to]).is_some() {
        return false;
    }
    let name: Vec<&str> = tokens(text, marker_end, to).map(|r| &text[r]).collect();
    let Some((&first, &last)) = name.first().zip(name.last()) else {
        return false;
    };
    let stop = |t: &&str| ends_sentence(t) && !super::super::caption::is_abbreviation(t, v);
    if name.len() > MAX_CREDIT_TOKENS || name[..name.len() - 1].iter().any(stop) {
        return false;
    }
    // `Police handout`, `Smith family`: a name, then the kind of source it is.
    let kind = name.len() > 1 && is_lowercase_word(last) && Vocab::has(&v.credit_nouns, last);
    let own = if kind {
        &name[..name.len() - 1]
    } else {
        &name[..]
    };
    let named = own
        .last()
        .is_some_and(|t| t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()));
    is_lowercase_word(first)
        || (own
            .iter()
            .all(|t| super::super::caption::is_credit_token(t, v))
            && named)
}

/// Every line that is a byline followed by a photo credit.
pub(in crate::stages::layout) fn find(page: &Page, v: &Vocab) -> Vec<BylineCredit> {
    let (text, lines) = (page.text, &page.lines);
    let mut out: Vec<BylineCredit> = Vec::new();
    for m in v.credit_finder.find_iter(text) {
        let at = m.start();
        let li = lines.partition_point(|l| l.next <= at);
        let Some(&line) = lines.get(li) else {
            continue;
        };
        if out.last().is_some_and(|c| c.line == li) || at <= line.text || at >= line.end {
            continue;
        }
        if super::super::caption::marker_at(text, at, v).is_none()
            || !text[..at].ends_with(|c: char| c.is_whitespace() || is_separator(c))
            || (text[..at].ends_with(is_separator) && !text[..at].ends_with(['|', '/']))
        {
            continue;
        }
        let byline = without_separators(&text[line.text..at]);
        if byline.is_empty()
            // Counted up to one over the limit: the line before each credit marker of a long
            // line is read once per marker, so an unbounded count is quadratic in its length.
            || tokens(byline, 0, byline.len())
                .take(MAX_BYLINE_TOKENS + 1)
                .count()
                > MAX_BYLINE_TOKENS
            || v.credit_finder.find(byline).is_some()
            || tokens(byline, 0, byline.len()).any(|r| {
                let t = &byline[r];
                ends_sentence(t) && !super::super::caption::is_abbreviation(t, v)
            })
        {
            continue;
        }
        if !v.is_byline(byline) {
            continue;
        }
        if !is_credit(text, at, line.end, v) {
            continue;
        }
        let byline_end = line.text + byline.len();
        out.push(BylineCredit {
            line: li,
            byline: line.text..byline_end,
            credit: at..line.end,
            removal: byline_end..line.end,
        });
    }
    out
}

/// The edits that take the credits off their bylines. `paired` says whether a credit goes with a
/// moved caption.
pub(in crate::stages::layout) fn removals(
    page: &Page,
    bylines: &[BylineCredit],
    paired: impl Fn(&BylineCredit) -> bool,
    captions: Captions,
) -> Vec<Edit> {
    let text = page.text;
    let mut edits = Vec::with_capacity(bylines.len());
    for b in bylines {
        let credit = one_line(&text[b.credit.clone()]);
        let (replacement, reason) = match (captions, paired(b)) {
            (Captions::Drop, _) => (
                "",
                format!(
                    "photo credit “{credit}” split from the byline and dropped with the captions"
                ),
            ),
            (Captions::Keep, false) => (
                if page.shape.blank_lines { "\n\n" } else { "\n" },
                format!("photo credit “{credit}” split from the byline onto a line of its own"),
            ),
            (_, true) => (
                "",
                format!("photo credit “{credit}” split from the byline; it goes with the caption"),
            ),
            (Captions::End, false) => (
                "",
                format!(
                    "photo credit “{credit}” split from the byline and moved to the end of the article"
                ),
            ),
        };
        let removal = if replacement.is_empty() {
            b.removal.clone()
        } else {
            b.removal.start..b.credit.start
        };
        edits.push(Edit::replace(removal, replacement, BYLINE_CREDIT, reason));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleBook;
    use crate::stages::layout::shape::scan;

    fn split(text: &str) -> Vec<(String, String)> {
        let v = Vocab::new(&RuleBook::builtin()).unwrap();
        find(&Page::plain(text, scan(text)), &v)
            .into_iter()
            .map(|c| (text[c.byline].to_string(), text[c.credit].to_string()))
            .collect()
    }

    #[test]
    fn splits_bylines() {
        assert_eq!(
            split("Headline\n\n- Ana Silva ana.silva@example.com Photo: Handout\n\nBody.\n"),
            [(
                "- Ana Silva ana.silva@example.com".to_string(),
                "Photo: Handout".to_string()
            )]
        );
        assert_eq!(
            split("By JANE DOE Staff Writer Photo by AP Photo/Lee Kim\n"),
            [(
                "By JANE DOE Staff Writer".to_string(),
                "Photo by AP Photo/Lee Kim".to_string()
            )]
        );
        assert_eq!(
            split("By Tom Berg | Picture: Reuters\n"),
            [("By Tom Berg".to_string(), "Picture: Reuters".to_string())]
        );
        assert_eq!(
            split("- Ana Silva Photo: Police handout\n"),
            [(
                "- Ana Silva".to_string(),
                "Photo: Police handout".to_string()
            )]
        );
        assert_eq!(
            split("From Leung Ka-wai in Hong Kong PHOTO: REUTERS\n"),
            [(
                "From Leung Ka-wai in Hong Kong".to_string(),
                "PHOTO: REUTERS".to_string()
            )]
        );
        assert_eq!(
            split("By Tom Berg Photo: J. R. Moreau-Smith family\n"),
            [(
                "By Tom Berg".to_string(),
                "Photo: J. R. Moreau-Smith family".to_string()
            )]
        );
    }

    #[test]
    fn leaves_sentences() {
        assert!(split("By the end of the day the Photo: caption was gone.\n").is_empty());
        assert!(split("The agency said a Photo: Reuters label was wrong.\n").is_empty());
        assert!(split("By Tom Berg\n\nPhoto: Reuters\n").is_empty());
        assert!(split("By Tom Berg Photo: Reuters Workers inspect the channel.\n").is_empty());
        assert!(split("By Tom Berg Photo: Reuters Picture: Jon Pike\n").is_empty());
        assert!(split("By Tom Berg Photo: Reuters staff say\n").is_empty());
        // `From` opens a byline only before a name and where it was filed from.
        assert!(split("From the archives in London Photo: Reuters\n").is_empty());
        assert!(split("From Monday Photo: Reuters\n").is_empty());
    }
}
