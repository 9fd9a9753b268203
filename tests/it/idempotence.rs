//! A second run changes nothing: inputs the fuzz harness (`benches/fuzz.sh`) found where it did,
//! cut down to what makes the rule's trigger and its own output disagree.

use std::sync::LazyLock;

use ocrclean::{Pipeline, RuleBook, Selection};

/// Every rule, the opt-in ones too, with unsafe fixes applied: the fuzz target's pipeline.
static ALL: LazyLock<Pipeline> = LazyLock::new(|| {
    let book = RuleBook::builtin();
    let all = ["ALL".to_string()];
    let selection = Selection::resolve(&book, Some(&all), &[], &[]).expect("ALL selects");
    Pipeline::builder()
        .rules(book)
        .selection(selection)
        .unsafe_fixes(true)
        .build()
        .expect("built-in rules compile")
});

/// Cleans `text`, then cleans the output again: the second run must apply nothing.
fn assert_settles(text: &str) -> String {
    let once = ALL.clean(text);
    let again: Vec<_> = ALL.clean(&once.text).applied().cloned().collect();
    assert!(
        again.is_empty(),
        "a second run over {:?} changes it: {again:#?}",
        once.text
    );
    once.text.into_owned()
}

#[test]
fn mixed_line_endings_made_lf_lose_every_carriage_return_before_the_break() {
    // Mostly LF, one line ending `\r\r\n`: removing one `\r` left a CRLF, and each run removed
    // one more (a form feed made a line break after a run of bare CRs in the fuzz input).
    let out = assert_settles("First line.\nSecond line.\nThird\r\r\nFourth line.\n");
    assert_eq!(out, "First line.\nSecond line.\nThird\nFourth line.\n");
}
