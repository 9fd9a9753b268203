//! NFC composition.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};

use crate::code::builtin::unicode::NFC;
use crate::edit::Edit;
use crate::rules::StageName;
use crate::stage::{Context, Stage};

use super::narrow;

/// Pass 2 of the unicode stage: lines that are not NFC are composed.
pub struct Normalize;

impl Stage for Normalize {
    fn name(&self) -> StageName {
        StageName::Unicode
    }

    fn reads_batch(&self) -> bool {
        false
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        if text.is_ascii() || !ctx.selection.enabled(NFC) || quick_nfc(text) {
            return Vec::new();
        }
        let mut edits = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            if !is_nfc(line) {
                let composed: String = line.nfc().collect();
                let (range, to) = narrow(line, &composed);
                edits.push(Edit::replace(
                    start + range.start..start + range.end,
                    to.to_string(),
                    NFC,
                    "not in Unicode NFC",
                ));
            }
            start += line.len();
        }
        edits
    }
}

/// Whether the NFC quick check says the text is NFC, as `is_nfc_quick(text.chars())` does,
/// reading only its runs of non-ASCII characters. The check keeps one state from a character to
/// the next (the last combining class) and an ASCII character resets it, so each run is checked
/// alone; the ASCII between runs, most of an English text, is skipped eight bytes at a time
/// instead of decoded a character at a time (the whole check was 3 % of a clean-prose run).
fn quick_nfc(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(start) = next_non_ascii(bytes, at) {
        let end = bytes[start..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| start + n);
        if is_nfc_quick(text[start..end].chars()) != IsNormalized::Yes {
            return false;
        }
        at = end;
    }
    true
}

/// The first byte at or after `at` that is not ASCII.
fn next_non_ascii(bytes: &[u8], mut at: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if u64::from_le_bytes(word) & HIGH != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|b| !b.is_ascii())
        .map(|n| at + n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Texts mixing ASCII, precomposed letters, combining marks in and out of order, and
    /// characters that are never NFC or only maybe.
    fn text() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "a",
            " ",
            "the ",
            "\n",
            "é",
            "e\u{301}",
            "\u{301}",
            "\u{316}",
            "\u{301}\u{316}",
            "\u{316}\u{301}",
            "Å",
            "\u{212B}",
            "\u{2019}",
            "\u{FB01}",
            "\u{1161}",
            "\u{3099}",
            "“",
            "ü",
            "abcdefghij",
        ]);
        prop::collection::vec(piece, 0..32).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The run-by-run check answers as the check of the whole text.
        #[test]
        fn quick_check_by_runs_is_the_quick_check(text in text()) {
            prop_assert_eq!(quick_nfc(&text), is_nfc_quick(text.chars()) == IsNormalized::Yes);
        }
    }
}
