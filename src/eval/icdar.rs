//! The ICDAR 2017 post-OCR correction format: one file per document, three lines.
//!
//! ```text
//! [OCR_toInput] the raw OCR, which is what gets cleaned
//! [OCR_aligned] the same OCR with `@` where the gold has a character the OCR lacks
//! [ GS_aligned] the gold, aligned character by character, `@` where the OCR has an extra
//!               character, `#` where no gold exists
//! ```
//!
//! The two aligned lines have the same number of characters. A `#` column has no reference: the
//! OCR under it is not scored, so a document becomes one [`Piece`] per stretch between `#`s, each
//! with its input range and its gold with the `@` gaps taken out.
//!
//! ```
//! use ocrclean::eval::icdar;
//! // The OCR lost an `a` and gained a `,`; nobody transcribed the last word.
//! let file = "[OCR_toInput] Tbe ct, sat\n[OCR_aligned] Tbe c@t, sat\n[ GS_aligned] The cat@ ###\n";
//! let sample = icdar::parse("1.txt", file).unwrap();
//! assert_eq!(sample.input, "Tbe ct, sat");
//! let piece = &sample.pieces[0];
//! assert_eq!((&sample.input[piece.input.clone()], piece.gold.as_str()), ("Tbe ct, ", "The cat "));
//! assert_eq!(sample.pieces.len(), 1);
//! ```

use super::sample::{Piece, Sample};

/// The label of the raw OCR line.
pub const INPUT: &str = "[OCR_toInput]";
const OCR_ALIGNED: &str = "[OCR_aligned]";
const GOLD_ALIGNED: &str = "[ GS_aligned]";
/// An alignment gap.
const GAP: char = '@';
/// No reference here.
const UNKNOWN: char = '#';

/// Whether `text` looks like an ICDAR 2017 file.
pub fn detect(text: &str) -> bool {
    text.trim_start_matches('\u{FEFF}').starts_with(INPUT)
}

/// Reads one ICDAR 2017 file; `name` is how errors and reports call it.
pub fn parse(name: &str, text: &str) -> Result<Sample, String> {
    let text = text.trim_start_matches('\u{FEFF}');
    let line = |label: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(label))
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .ok_or_else(|| format!("no `{label}` line"))
    };
    let input = line(INPUT)?;
    let ocr = line(OCR_ALIGNED)?;
    let gold = line(GOLD_ALIGNED)?;
    if ocr.chars().count() != gold.chars().count() {
        return Err(format!(
            "`{OCR_ALIGNED}` has {} characters and `{GOLD_ALIGNED}` {}: they must be aligned one to one",
            ocr.chars().count(),
            gold.chars().count()
        ));
    }
    let mut pieces = Vec::new();
    let mut open: Option<Piece> = None;
    let mut pos = 0;
    let mut rest = input;
    for (o, g) in ocr.chars().zip(gold.chars()) {
        if o != GAP {
            if !rest.starts_with(o) {
                return Err(format!(
                    "`{OCR_ALIGNED}` without its `@` gaps differs from `{INPUT}` at byte {pos}"
                ));
            }
            rest = &rest[o.len_utf8()..];
        }
        if g == UNKNOWN {
            if let Some(mut p) = open.take() {
                p.input.end = pos;
                pieces.push(p);
            }
        } else {
            let p = open.get_or_insert_with(|| Piece {
                input: pos..pos,
                gold: String::new(),
            });
            if g != GAP {
                p.gold.push(g);
            }
        }
        if o != GAP {
            pos += o.len_utf8();
        }
    }
    if !rest.is_empty() {
        return Err(format!(
            "`{INPUT}` goes on after the end of `{OCR_ALIGNED}`, at byte {pos}"
        ));
    }
    if let Some(mut p) = open {
        p.input.end = pos;
        pieces.push(p);
    }
    pieces.retain(|p| !(p.input.is_empty() && p.gold.is_empty()));
    Ok(Sample {
        name: name.to_string(),
        input: input.to_string(),
        pieces,
        baseline: None,
        labels: None,
        group: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(input: &str, ocr: &str, gold: &str) -> String {
        format!("{INPUT} {input}\n{OCR_ALIGNED} {ocr}\n{GOLD_ALIGNED} {gold}")
    }

    fn pieces(s: &Sample) -> Vec<(&str, &str)> {
        s.pieces
            .iter()
            .map(|p| (&s.input[p.input.clone()], p.gold.as_str()))
            .collect()
    }

    #[test]
    fn gaps_are_dropped_from_both_sides() {
        // The OCR lost an `h` (gap in the OCR line) and gained a `,` (gap in the gold line).
        let s = parse("a", &file("Tle ca,t", "T@le ca,t", "The@ ca@t")).unwrap();
        assert_eq!(pieces(&s), [("Tle ca,t", "The cat")]);
    }

    #[test]
    fn unknown_gold_is_not_scored() {
        let s = parse(
            "a",
            &file("xx the end yy", "xx the end yy", "## the end ##"),
        )
        .unwrap();
        assert_eq!(pieces(&s), [(" the end ", " the end ")]);
        // A `#` under an OCR gap splits the pieces without consuming input.
        let s = parse("a", &file("ab", "a@b", "a#b")).unwrap();
        assert_eq!(pieces(&s), [("a", "a"), ("b", "b")]);
    }

    #[test]
    fn non_ascii_text_keeps_byte_ranges_right() {
        // `ﬁ` is three bytes; `é` two; the gold has `fi` where the OCR has the ligature.
        let s = parse("a", &file("ﬁné ##", "ﬁ@né ##", "fine #a")).unwrap();
        assert_eq!(s.input, "ﬁné ##");
        assert_eq!(pieces(&s), [("ﬁné ", "fine "), ("#", "a")]);
    }

    #[test]
    fn a_real_hash_in_the_ocr_is_just_a_character() {
        let s = parse("a", &file("No #5", "No #5", "No. 5")).unwrap();
        assert_eq!(pieces(&s), [("No #5", "No. 5")]);
    }

    #[test]
    fn malformed_files_say_what_is_wrong() {
        let err = parse("a", "[OCR_toInput] abc\n").unwrap_err();
        assert_eq!(err, "no `[OCR_aligned]` line");
        let err = parse("a", &file("abc", "abd", "abc")).unwrap_err();
        assert!(
            err.contains("differs from `[OCR_toInput]` at byte 2"),
            "{err}"
        );
        let err = parse("a", &file("abc", "abc", "ab")).unwrap_err();
        assert!(err.contains("3 characters"), "{err}");
        let err = parse("a", &file("abcd", "abc", "abc")).unwrap_err();
        assert!(err.contains("goes on after"), "{err}");
    }

    #[test]
    fn detection() {
        assert!(detect("\u{FEFF}[OCR_toInput] x"));
        assert!(!detect("plain text"));
    }
}
