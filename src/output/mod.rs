//! Everything that prints: the pipeline never does. Each renderer takes a document's name, its
//! original text and its [`Cleaned`](crate::Cleaned) result and returns text to print.

pub mod check;
pub mod diff;
pub mod html;
pub mod json;

use std::collections::BTreeMap;

use crate::code::RuleCode;

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
    /// Reverse video that ends without resetting the colour around it.
    pub(crate) fn marker(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[7m{s}\x1b[27m")
        } else {
            s.to_string()
        }
    }
}

/// Whether a report must name `c` to show it: a control character, a soft hyphen, a zero-width
/// or direction mark, a byte-order mark. Spaces, however odd, are not in this set.
pub(crate) fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}')
}

/// The short name reports give an invisible character: `SHY`, `ZWSP`, `CR`, else `U+XXXX`.
pub(crate) fn invisible_name(c: char) -> std::borrow::Cow<'static, str> {
    match c {
        '\u{ad}' => "SHY".into(),
        '\u{200b}' => "ZWSP".into(),
        '\u{200c}' => "ZWNJ".into(),
        '\u{200d}' => "ZWJ".into(),
        '\u{2060}' => "WJ".into(),
        '\u{feff}' => "BOM".into(),
        '\r' => "CR".into(),
        c => format!("U+{:04X}", c as u32).into(),
    }
}

/// `UNI001 ×2, WSP003 ×1`.
pub fn format_counts(counts: &BTreeMap<RuleCode, usize>) -> String {
    counts
        .iter()
        .map(|(code, n)| format!("{code} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
