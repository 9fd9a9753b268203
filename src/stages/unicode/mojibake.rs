//! Mojibake: UTF-8 that was decoded as Windows-1252 or Latin-1 somewhere upstream.

use crate::code::RuleCode;
use crate::edit::Edit;
use crate::rules::{RuleBook, StageName};
use crate::stage::{Context, Stage};

use super::chars::CharTable;
use super::narrow;

/// Pass 1 of the unicode stage: words with a mojibake signature go through plsfix.
pub struct Mojibake {
    code: RuleCode,
    config: plsfix::TextFixerConfig,
    /// The character table: plsfix sees each word as the table will leave it (C1 punctuation
    /// read, invisible characters gone, odd spaces plain), since a stray soft hyphen or no-break
    /// space inside a mis-decoded word hides half the mix-up.
    view: CharTable,
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
            code: crate::code::builtin::unicode::MOJIBAKE,
            config,
            view: CharTable::new(book),
        }
    }
}

/// Whether `text` holds a character of U+00C0-U+00FF (the Latin-1 reading of a UTF-8 lead byte)
/// followed by one that a UTF-8 continuation byte reads as in Windows-1252 or Latin-1.
fn has_signature(text: &str) -> bool {
    let bytes = text.as_bytes();
    // U+00C0-U+00FF are 0xC3 0x80-0xBF in UTF-8: look only where a 0xC3 byte is.
    memchr::memchr_iter(0xC3, bytes).any(|i| {
        text.get(i + 2..)
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

impl Mojibake {
    /// The repaired word, if plsfix finds a mix-up in it. The table's view can turn an odd space
    /// inside the word into a plain one; each resulting piece is judged on its own.
    fn fix(&self, word: &str) -> Option<String> {
        let view = self.view.map_str(word);
        let mut fixed = String::with_capacity(view.len());
        let mut any = false;
        for piece in view.split_inclusive([' ', '\t', '\n']) {
            let bare = piece.trim_end_matches([' ', '\t', '\n']);
            match self.settle(bare) {
                Some(f) if has_signature(bare) => {
                    fixed.push_str(&f);
                    fixed.push_str(&piece[bare.len()..]);
                    any = true;
                }
                _ => fixed.push_str(piece),
            }
        }
        any.then_some(fixed)
    }

    /// plsfix until it changes nothing more: a word that mixes mis-decoded and right text can
    /// need a second look once the first mix-up is gone, and one clean run must be final.
    fn settle(&self, text: &str) -> Option<String> {
        let mut cur = plsfix::fix_text(text, Some(&self.config));
        if cur == text {
            return None;
        }
        for _ in 0..4 {
            let next = plsfix::fix_text(&cur, Some(&self.config));
            if next == cur {
                break;
            }
            cur = next;
        }
        Some(cur)
    }
}

impl Stage for Mojibake {
    fn name(&self) -> StageName {
        StageName::Unicode
    }

    fn reads_batch(&self) -> bool {
        false
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        if !ctx.selection.enabled(self.code) || !has_signature(text) {
            return Vec::new();
        }
        // Each word that carries the signature is judged on its own, so the verdict on `cafÃ©`
        // does not depend on what else stands on its line.
        let bytes = text.as_bytes();
        let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
        let mut edits = Vec::new();
        let mut done = 0;
        for hit in memchr::memchr_iter(0xC3, bytes) {
            if hit < done {
                continue;
            }
            let start = bytes[..hit].iter().rposition(is_space).map_or(0, |i| i + 1);
            let end = bytes[hit..]
                .iter()
                .position(is_space)
                .map_or(bytes.len(), |i| hit + i);
            done = end;
            let word = &text[start..end];
            if !has_signature(word) {
                continue;
            }
            if let Some(fixed) = self.fix(word) {
                let (range, to) = narrow(word, &fixed);
                edits.push(Edit::replace(
                    start + range.start..start + range.end,
                    to.to_string(),
                    self.code,
                    "mojibake: UTF-8 read as Windows-1252",
                ));
            }
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
