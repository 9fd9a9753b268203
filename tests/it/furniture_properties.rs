//! Invariants of furniture removal, on random documents made of body lines, furniture lines and
//! blank lines: the report replays to the output, a second run changes nothing, every body line
//! survives, and no run of blank lines is left where a line was taken out.

use std::sync::LazyLock;

use ocrclean::Pipeline;
use ocrclean::edit::replay;
use proptest::prelude::*;

const BODY: &[&str] = &[
    "The council met on Monday.",
    "Talks resume next month, officials said.",
    "the vote was close and",
    "Harbour ferry fares to rise",
    "“We will see,” she said.",
];
const FURNITURE: &[&str] = &[
    "Newspapers in English",
    "Newspapers from Canada",
    "Page 4",
    "12 | THE TIMES",
    "Continued on Page 6",
    "PressReader.com +1 604 278 4604",
];

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(BODY).prop_map(str::to_string),
        2 => prop::sample::select(FURNITURE).prop_map(str::to_string),
        2 => Just(String::new()),
        1 => Just("  ".to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..14), any::<bool>()).prop_map(|(lines, final_newline)| {
        let mut text = lines.join("\n");
        if final_newline {
            text.push('\n');
        }
        text
    })
}

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(pipeline);

fn pipeline() -> Pipeline {
    Pipeline::builder()
        .unsafe_fixes(true)
        .build()
        .expect("built-in rules compile")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn furniture_removal_is_consistent(input in document()) {
        let p = &*PIPELINE;
        let once = p.clean(&input);
        prop_assert_eq!(replay(&input, &once.changes), once.text.as_ref());
        let twice = p.clean(&once.text);
        let applied: Vec<_> = twice.applied().collect();
        prop_assert!(applied.is_empty(), "second run on {:?} changed {:#?}", once.text, applied);
        // Body lines are never removed: each occurs as often as it did.
        for body in BODY {
            prop_assert_eq!(
                once.text.matches(body).count(),
                input.matches(body).count(),
                "{:?} -> {:?}", input, once.text
            );
        }
        prop_assert!(!once.text.contains("\n\n\n"), "{:?} -> {:?}", input, once.text);
        // (A text that was all furniture and blank lines keeps one newline, as the whitespace
        // stage leaves it.)
        prop_assert!(
            !once.text.starts_with('\n') || once.text == "\n",
            "{:?} -> {:?}", input, once.text
        );
    }
}
