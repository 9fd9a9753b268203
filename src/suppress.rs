//! Suppressions for prose: text a rule must leave alone, since newspaper text cannot carry
//! `# noqa` comments. `RussiaChina` in a file about a company of that name, say.

use std::ops::Range;

use crate::code::{RuleCode, Selector};
use crate::rules::RegexBudget;

/// What a suppression protects: an exact text or a pattern.
#[derive(Debug, Clone)]
pub enum Protected {
    /// This exact text.
    Text(String),
    /// Any match of this pattern (on the lines the edit touches).
    Regex(regex_automata::meta::Regex),
}

/// One suppression: edits of rules matching `code` that touch `protected` text are dropped.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// Index in the list the configuration gave, for reporting which ones went unused.
    pub id: usize,
    /// The rules it holds back: a code or prefix (`SPL001`, `SPL`), or `ALL`.
    pub code: Selector,
    /// The text left alone.
    pub protected: Protected,
    /// Where it was written (`ocrclean.toml:12`), for messages.
    pub origin: String,
}

/// A suppression that cannot be used.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct SuppressionError {
    /// Where it was written.
    pub origin: String,
    /// What is wrong.
    pub message: String,
}

impl Suppression {
    /// Builds one; the code must be a code or prefix, and exactly one of `text` / `regex` given.
    /// A pattern is compiled within `budget`, which all of a run's suppressions share.
    pub fn new(
        id: usize,
        code: &str,
        text: Option<&str>,
        regex: Option<&str>,
        origin: String,
        budget: &mut RegexBudget,
    ) -> Result<Suppression, SuppressionError> {
        let err = |message: String| SuppressionError {
            origin: origin.clone(),
            message,
        };
        // Codes are written in capitals; `spl001` is the same selector.
        let code = code.to_ascii_uppercase();
        let selector = code.parse::<Selector>().map_err(|_| {
            err(format!(
                "`{code}` is not a rule code or prefix (like `SPL001` or `SPL`)"
            ))
        })?;
        let protected = match (text, regex) {
            (Some(t), None) if !t.is_empty() => Protected::Text(t.to_string()),
            (None, Some(r)) => Protected::Regex(budget.compile(r).map_err(err)?),
            _ => return Err(err("give exactly one of `text` or `regex`".into())),
        };
        Ok(Suppression {
            id,
            code: selector,
            protected,
            origin,
        })
    }

    /// Whether an edit by `rule` over `range` of `text` touches protected text.
    pub fn covers(&self, rule: RuleCode, text: &str, range: &Range<usize>) -> bool {
        if !self.code.matches(rule) {
            return false;
        }
        let touches = |m: Range<usize>| {
            if range.is_empty() {
                m.start <= range.start && range.start <= m.end
            } else {
                m.start < range.end && range.start < m.end
            }
        };
        match &self.protected {
            Protected::Text(t) => {
                let from = floor_boundary(text, range.start.saturating_sub(t.len()));
                let to = ceil_boundary(text, (range.end + t.len()).min(text.len()));
                text[from..to]
                    .match_indices(t.as_str())
                    .any(|(i, m)| touches(from + i..from + i + m.len()))
            }
            Protected::Regex(re) => {
                let from = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
                let to = text[range.end..]
                    .find('\n')
                    .map_or(text.len(), |i| range.end + i);
                re.find_iter(&text[from..to])
                    .any(|m| touches(from + m.start()..from + m.end()))
            }
        }
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Reads an `.ocrclean-ignore` file: one suppression a line, `PATH-GLOB CODE TEXT`, where TEXT is
/// the rest of the line, or a pattern between slashes (`/Sino-?Russian/`). `#` starts a comment
/// line. Returns the path globs beside the suppressions; patterns are compiled within `budget`.
pub fn parse_ignore_file(
    name: &str,
    source: &str,
    first_id: usize,
    budget: &mut RegexBudget,
) -> Result<Vec<(String, Suppression)>, SuppressionError> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let origin = format!("{name}:{}", n + 1);
        let mut parts = line.splitn(3, char::is_whitespace);
        let (Some(glob), Some(code), Some(rest)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(SuppressionError {
                origin,
                message: "expected `PATH-GLOB CODE TEXT` (or `/REGEX/` for TEXT)".into(),
            });
        };
        let rest = rest.trim();
        let (text, regex) = match rest.strip_prefix('/').and_then(|r| r.strip_suffix('/')) {
            Some(pattern) if rest.len() >= 2 => (None, Some(pattern)),
            _ => (Some(rest), None),
        };
        let id = first_id + out.len();
        out.push((
            glob.to_string(),
            Suppression::new(id, code, text, regex, origin, budget)?,
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RuleCode {
        s.parse().expect("code")
    }

    #[test]
    fn text_protects_overlapping_edits_only() {
        let s = Suppression::new(
            0,
            "SPL",
            Some("RussiaChina"),
            None,
            "t".into(),
            &mut RegexBudget::new(1),
        )
        .unwrap();
        let text = "The RussiaChina Trading Co and RussiaChina relations";
        assert!(s.covers(code("SPL001"), text, &(4..15)));
        assert!(s.covers(code("SPL001"), text, &(10..10)));
        assert!(!s.covers(code("HYP001"), text, &(4..15)));
        assert!(!s.covers(code("SPL001"), text, &(16..23)));
    }

    #[test]
    fn regex_protects_matches_on_the_line() {
        let s = Suppression::new(
            0,
            "HYP",
            None,
            Some(r"Sino-?Russian"),
            "t".into(),
            &mut RegexBudget::new(1),
        )
        .unwrap();
        assert!(!s.covers(code("HYP002"), "a Sino-\nRussian pact", &(6..8)));
        assert!(s.covers(code("HYP002"), "a SinoRussian pact", &(2..13)));
    }

    #[test]
    fn ignore_file_lines() {
        let src = "# comment\nreports/*.txt SPL001 RussiaChina Trading\n* HYP /Sino-?Russian/\n";
        let got = parse_ignore_file(".ocrclean-ignore", src, 5, &mut RegexBudget::new(2)).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, "reports/*.txt");
        assert!(matches!(&got[0].1.protected, Protected::Text(t) if t == "RussiaChina Trading"));
        assert!(matches!(&got[1].1.protected, Protected::Regex(_)));
        assert_eq!(got[1].1.id, 6);
        assert_eq!(got[1].1.origin, ".ocrclean-ignore:3");
        let err = parse_ignore_file("f", "onlyglob\n", 0, &mut RegexBudget::new(1)).unwrap_err();
        assert_eq!(err.origin, "f:1");
    }
}
