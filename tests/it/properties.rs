//! Invariants of the pipeline, on random text built from the characters OCR output is made of.

use std::sync::LazyLock;

use ocrclean::Pipeline;
use ocrclean::edit::replay;
use proptest::prelude::*;

/// Built once: compiling the rule packs for each of the thousands of cases dominates the run.
static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::default);

/// Pieces that exercise every stage: words, spaces, line breaks, and the characters the unicode
/// stage repairs.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "the",
        "word",
        "Beijing",
        "frag",
        "ment",
        "a",
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        "\n\n",
        "\n\n\n",
        "\r\n",
        "-",
        "- ",
        ".",
        ",",
        "\u{201C}",
        "\u{2019}",
        "ﬁ",
        "ﬂ",
        "ﬃ",
        "\u{00AD}",
        "\u{00A0}",
        "\u{2009}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{0007}",
        "\u{0093}",
        "\u{0081}",
        "\u{3000}",
        "e\u{0301}",
        "\u{0301}",
        "Ã©",
        "â€™",
        "caf",
        "é",
        "香港",
        "\u{000C}",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn applied_changes_replay_to_the_output(input in text()) {
        let cleaned = PIPELINE.clean(&input);
        prop_assert_eq!(replay(&input, &cleaned.changes), cleaned.text.as_ref());
    }

    #[test]
    fn cleaning_twice_changes_nothing(input in text()) {
        let once = PIPELINE.clean(&input);
        let twice = PIPELINE.clean(&once.text);
        let applied: Vec<_> = twice.applied().collect();
        prop_assert!(applied.is_empty(), "second run changed {:?}: {:#?}", once.text, applied);
    }

    #[test]
    fn spans_are_ordered_and_within_the_input(input in text()) {
        let cleaned = PIPELINE.clean(&input);
        let mut last = 0;
        for c in cleaned.applied() {
            prop_assert!(c.span.start >= last && c.span.end <= input.len());
            prop_assert!(input.is_char_boundary(c.span.start) && input.is_char_boundary(c.span.end));
            prop_assert_eq!(&input[c.span.clone()], c.before.as_str());
            last = c.span.end;
        }
    }
}

#[test]
fn plain_prose_is_untouched() {
    let prose = "China and Russia have pledged to cooperate.\n\nThe talks, held in Beijing \
                 yesterday, lasted two hours; officials said little.\n";
    let cleaned = Pipeline::default().clean(prose);
    assert!(cleaned.changes.is_empty(), "{:#?}", cleaned.changes);
}
