//! Stage `unicode` (UNI): characters that are not what the printer meant.
//!
//! Four passes, in this order: mojibake repair (it must see the raw bytes' mis-decoding before
//! anything else changes them), the character table (ligatures, invisible and odd characters)
//! with the soft-hyphen and ideographic-space logic, mojibake repair once more (a stray soft
//! hyphen or zero-width space the table removed may have hidden a mix-up), then NFC composition
//! last, because removing an invisible character can bring a letter and its combining mark
//! together.

mod chars;
mod mojibake;
mod nfc;

pub use chars::Characters;
pub use mojibake::Mojibake;
pub use nfc::Normalize;

/// The smallest edit that turns `old` into `new`: common prefix and suffix trimmed on character
/// boundaries. Returns the byte range in `old` and the replacement.
pub(crate) fn narrow<'n>(old: &str, new: &'n str) -> (std::ops::Range<usize>, &'n str) {
    let prefix = old
        .char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i);
    let prefix = (0..=prefix)
        .rev()
        .find(|&i| old.is_char_boundary(i) && new.is_char_boundary(i))
        .unwrap_or(0);
    let mut suffix = 0;
    for (a, b) in old[prefix..].chars().rev().zip(new[prefix..].chars().rev()) {
        if a != b {
            break;
        }
        suffix += a.len_utf8();
    }
    (prefix..old.len() - suffix, &new[prefix..new.len() - suffix])
}

#[cfg(test)]
mod tests {
    use super::narrow;

    #[test]
    fn narrows_to_the_difference() {
        assert_eq!(narrow("cafÃ© x", "café x"), (3..7, "é"));
        assert_eq!(narrow("abc", "abc"), (3..3, ""));
        assert_eq!(narrow("aaa", "aa"), (2..3, ""));
    }
}
