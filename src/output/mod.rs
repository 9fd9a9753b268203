//! Everything that prints: the pipeline never does. Each renderer takes a document's name, its
//! original text and its [`Cleaned`](crate::Cleaned) result and returns text to print.

pub mod check;
pub mod diff;
pub mod html;
pub mod json;

use std::collections::BTreeMap;

use crate::code::RuleCode;
use crate::edit::{Change, Status};

/// Terminal styling, on only when printing to a terminal (and `NO_COLOR` is unset).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Whether to emit ANSI colours.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub(crate) fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }
    pub(crate) fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }
    pub(crate) fn cyan(&self, s: &str) -> String {
        self.paint("36", s)
    }
    pub(crate) fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }
    pub(crate) fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
}

/// Counts per rule code over `changes` with the given status, every code of a merged change
/// counted once.
pub fn counts<'c>(
    changes: impl IntoIterator<Item = &'c Change>,
    status: Status,
) -> BTreeMap<RuleCode, usize> {
    let mut map = BTreeMap::new();
    for c in changes.into_iter().filter(|c| c.status == status) {
        for code in c.codes() {
            *map.entry(code).or_default() += 1;
        }
    }
    map
}

/// `UNI001 ×2, WSP003 ×1`.
pub fn format_counts(counts: &BTreeMap<RuleCode, usize>) -> String {
    counts
        .iter()
        .map(|(code, n)| format!("{code} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
