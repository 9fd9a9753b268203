//! Mojibake: UTF-8 that was decoded as Windows-1252 or Latin-1 somewhere upstream.

use crate::code::RuleCode;
use crate::edit::Edit;
use crate::rules::{RuleBook, StageName};
use crate::stage::{Context, Stage};

use super::narrow;

/// Pass 1 of the unicode stage: lines with a mojibake signature go through plsfix.
pub struct Mojibake {
    code: RuleCode,
    config: plsfix::TextFixerConfig,
}

impl Mojibake {
    /// The pass, with plsfix limited to encoding repair: our own rules do ligatures, controls
    /// and normalisation, and quotes and character widths are never changed.
    pub fn new(book: &RuleBook) -> Mojibake {
        let config = plsfix::TextFixerConfig {
            unescape_html: Some(false),
            remove_terminal_escapes: false,
            fix_encoding: true,
            restore_byte_a0: true,
            replace_lossy_sequences: false,
            decode_inconsistent_utf8: true,
            fix_c1_controls: false,
            fix_latin_ligatures: false,
            fix_character_width: false,
            uncurl_quotes: false,
            fix_line_breaks: false,
            remove_control_chars: false,
            normalization: None,
            max_decode_length: 1_000_000,
        };
        Mojibake {
            code: book.builtin_code(StageName::Unicode, "mojibake"),
            config,
        }
    }
}

/// Whether `line` holds a character of U+00C0-U+00FF (the Latin-1 reading of a UTF-8 lead byte)
/// followed by one that a UTF-8 continuation byte reads as in Windows-1252 or Latin-1.
fn has_signature(line: &str) -> bool {
    let bytes = line.as_bytes();
    // U+00C0-U+00FF are 0xC3 0x80-0xBF in UTF-8: look only where a 0xC3 byte is.
    memchr::memchr_iter(0xC3, bytes).any(|i| {
        line.get(i + 2..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_continuation_reading)
    })
}

/// Characters a byte 0x80-0xBF decodes to under Windows-1252 or Latin-1.
fn is_continuation_reading(c: char) -> bool {
    matches!(
        c,
        '\u{80}'
            ..='\u{BF}'
                | '€'
                | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
    )
}

impl Stage for Mojibake {
    fn name(&self) -> StageName {
        StageName::Unicode
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        if !ctx.selection.enabled(self.code) || !has_signature(text) {
            return Vec::new();
        }
        let mut edits = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            if has_signature(line) {
                let fixed = plsfix::fix_text(line, Some(&self.config));
                if fixed != line {
                    let (range, to) = narrow(line, &fixed);
                    edits.push(Edit::replace(
                        start + range.start..start + range.end,
                        to.to_string(),
                        self.code,
                        "mojibake: UTF-8 read as Windows-1252",
                    ));
                }
            }
            start += line.len();
        }
        edits
    }
}

#[cfg(test)]
mod tests {
    use super::has_signature;

    #[test]
    fn signature() {
        assert!(has_signature("cafÃ©"));
        assert!(has_signature("Itâ€™s"));
        assert!(!has_signature("café Ãlvaro São"));
        assert!(!has_signature("plain"));
    }
}
