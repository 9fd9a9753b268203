//! Bylines glued to a photo credit: `- Jane Doe jane.doe@example.com Photo: Handout`,
//! `By JANE DOE Staff Writer Photo by AP Photo/Lee Kim`. The byline keeps its line; the credit
//! belongs with the photo's caption.

use std::ops::Range;

use super::text::{Line, ends_sentence, tokens};
use super::vocab::Vocab;

/// Most words in the byline part of a line.
const MAX_BYLINE_TOKENS: usize = 12;
/// Most words in the credit part.
const MAX_CREDIT_TOKENS: usize = 10;

/// Separators that may stand between a byline and its credit (`Jane Doe | Photo: AP`).
fn is_separator(c: char) -> bool {
    matches!(c, '|' | '/' | ',' | ';' | '·' | '•' | '-' | '–' | '—') || c.is_whitespace()
}

/// A credit split off a byline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BylineCredit {
    /// Index of the line.
    pub line: usize,
    /// The byline as it stays.
    pub byline: Range<usize>,
    /// The credit.
    pub credit: Range<usize>,
    /// What is removed from the line: the credit and what separated it from the byline.
    pub removal: Range<usize>,
}

/// Every line that is a byline followed by a photo credit.
pub(crate) fn byline_credits(text: &str, lines: &[Line], v: &Vocab) -> Vec<BylineCredit> {
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
        if super::captions::marker_at(text, at, v).is_none()
            || !text[..at].ends_with(|c: char| c.is_whitespace() || is_separator(c))
        {
            continue;
        }
        let head = &text[line.text..at];
        let byline = head.trim_end_matches(is_separator);
        if byline.is_empty() || tokens(byline, 0, byline.len()).count() > MAX_BYLINE_TOKENS {
            continue;
        }
        if !v.byline_patterns().iter().any(|p| p.is_match(byline)) {
            continue;
        }
        let credit = &text[at..line.end];
        let credit_tokens: Vec<Range<usize>> = tokens(credit, 0, credit.len()).collect();
        if credit_tokens.len() > MAX_CREDIT_TOKENS
            || credit_tokens[..credit_tokens.len().saturating_sub(1)]
                .iter()
                .any(|r| ends_sentence(&credit[r.clone()]))
        {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleBook;
    use crate::stages::layout::text::lines;

    fn split(text: &str) -> Vec<(String, String)> {
        let v = Vocab::new(&RuleBook::builtin()).unwrap();
        let ls: Vec<Line> = lines(text).collect();
        byline_credits(text, &ls, &v)
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
    }

    #[test]
    fn leaves_sentences() {
        assert!(split("By the end of the day the Photo: caption was gone.\n").is_empty());
        assert!(split("The agency said a Photo: Reuters label was wrong.\n").is_empty());
        assert!(split("By Tom Berg\n\nPhoto: Reuters\n").is_empty());
    }
}
