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
        if text.is_ascii()
            || !ctx.selection.enabled(NFC)
            || is_nfc_quick(text.chars()) == IsNormalized::Yes
        {
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
