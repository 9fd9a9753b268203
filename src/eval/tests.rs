//! End-to-end checks of `evaluate` and `clean_prose` on small texts whose figures can be counted
//! by hand.

use std::path::Path;

use super::*;
use crate::rules::{RuleBook, parse_pack};

/// The built-in rules plus an unsafe rule that reads every `0` as `o`: right inside words,
/// wrong in numbers.
fn pipeline(unsafe_fixes: bool) -> Pipeline {
    let pack = r#"
[[rule]]
code = "UNI990"
name = "zero-as-o"
stage = "unicode"
safe = false
description = "Reads 0 as o."
chars = { "0" = "o" }

[[rule.example]]
input = "g0od"
output = "good"

[[rule.example]]
input = "good"
"#;
    let mut book = RuleBook::builtin();
    for rule in parse_pack(Path::new("test.toml"), pack, false).unwrap() {
        book.add(rule).unwrap();
    }
    Pipeline::builder()
        .rules(book)
        .unsafe_fixes(unsafe_fixes)
        .build()
        .unwrap()
}

fn rule<'r>(report: &'r EvalReport, code: &str) -> &'r RuleScore {
    report
        .rules
        .iter()
        .find(|r| r.code.as_str() == code)
        .unwrap_or_else(|| panic!("no {code} in {:?}", report.rules))
}

#[test]
fn rates_and_verdicts_counted_by_hand() {
    // Input errors: `ﬁ` for `fi` (2), the double space (1), `g0od` (1), `1O` for `10` (1) = 5
    // in 34 gold characters; words wrong: `ﬁrst`, `g0od`, `1O` = 3 of 8.
    let samples = [Sample::whole(
        "a",
        "The ﬁrst  ferry was g0od at 1O am.".into(),
        "The first ferry was good at 10 am.".into(),
    )];
    let report = evaluate(&pipeline(false), &samples, &EvalOptions::default());
    assert_eq!(
        report.input.chars,
        metrics::Errors {
            errors: 5,
            total: 34
        }
    );
    assert_eq!(
        report.input.words,
        metrics::Errors {
            errors: 3,
            total: 8
        }
    );
    // Safe fixes remove 3 errors; the unsafe `0` -> `o` is pending, so `g0od` stays.
    assert_eq!(report.output.chars.errors, 2);
    assert_eq!(report.output.words.errors, 2);
    assert_eq!((report.better, report.worse), (1, 0));
    assert_eq!(rule(&report, "UNI001").applied.toward, 1);
    assert_eq!(rule(&report, "UNI001").applied.gain, 2);
    assert_eq!(rule(&report, "WSP002").applied.toward, 1);
    let zero = rule(&report, "UNI990");
    assert_eq!(zero.applied, Verdicts::default());
    assert_eq!((zero.pending.toward, zero.pending.away), (1, 0));
    assert!(!zero.safe);
}

#[test]
fn unsafe_fixes_can_make_documents_worse() {
    let samples = [
        Sample::whole("good", "g0od".into(), "good".into()),
        Sample::whole("number", "in 1900".into(), "in 1900".into()),
        Sample::whole("clean", "plain".into(), "plain".into()),
    ];
    let report = evaluate(&pipeline(true), &samples, &EvalOptions::default());
    assert!(report.unsafe_fixes);
    assert_eq!((report.better, report.worse), (1, 1));
    let zero = rule(&report, "UNI990");
    // `1900` has two zeros: two edits, both away.
    assert_eq!((zero.applied.toward, zero.applied.away), (1, 2));
    assert_eq!(zero.applied.precision(), Some(1.0 / 3.0));
    assert_eq!(zero.away_examples.len(), 2);
    assert_eq!(zero.away_examples[0].document, "number");
    assert_eq!(zero.away_examples[0].gold, "in 1900");
    let text = render::text(&report, true);
    assert!(
        text.contains("made worse:\n  number  CER 0.00 % -> 28.57 % (+2 characters)"),
        "{text}"
    );
}

#[test]
fn icdar_unknown_stretches_are_not_scored() {
    // `##` in the gold: the `ﬁ` and the double space under it are not scored, and the ligature
    // edit there is unscored; the one in the scored stretch is judged.
    let file =
        "[OCR_toInput] ﬁne  day ﬁne\n[OCR_aligned] ﬁ@ne  day ﬁ@ne\n[ GS_aligned] ######day fine\n";
    let sample = icdar::parse("1.txt", file).unwrap();
    let report = evaluate(&pipeline(false), &[sample], &EvalOptions::default());
    // Scored: "day ﬁne" against "day fine": 2 errors in 8 characters; the output has none.
    assert_eq!(
        report.input.chars,
        metrics::Errors {
            errors: 2,
            total: 8
        }
    );
    assert_eq!(report.output.chars.errors, 0);
    let lig = rule(&report, "UNI001");
    assert_eq!((lig.applied.toward, lig.applied.unscored), (1, 1));
    assert_eq!(rule(&report, "WSP002").applied.unscored, 1);
}

#[test]
fn unwrap_makes_line_break_decisions_free() {
    // The trailing space is a real error against this gold, either way.
    let samples = [Sample::whole(
        "a",
        "parish of Thorns- \nhope, near".into(),
        "parish of Thorns-\nhope, near".into(),
    )];
    let raw = evaluate(&pipeline(false), &samples, &EvalOptions::default());
    assert_eq!((raw.input.chars.errors, raw.output.chars.errors), (1, 0));
    let unwrapped = EvalOptions {
        unwrap: true,
        ..EvalOptions::default()
    };
    let report = evaluate(&pipeline(false), &samples, &unwrapped);
    // Unwrapped, both sides read "parish of Thornshope, near".
    assert_eq!(
        (report.input.chars.errors, report.output.chars.errors),
        (0, 0)
    );
    assert_eq!(rule(&report, "WSP001").applied.neutral, 1);
}

#[test]
fn a_hyphen_kept_at_a_line_end_is_not_scored() {
    // A gold with printed lines cannot say whether `Gold-⏎fields` is `Goldfields`; the output
    // keeps the hyphen (the text prints `Gold-fields` within a line), and that costs nothing.
    let text = "the Gold-fields and the Western Gold-\nfields at Sofala\n";
    let samples = [Sample::whole("a", text.into(), text.into())];
    let unwrapped = EvalOptions {
        unwrap: true,
        ..EvalOptions::default()
    };
    let report = evaluate(&pipeline(false), &samples, &unwrapped);
    let keep = rule(&report, "HYP002");
    assert_eq!((keep.applied.away, keep.applied.neutral), (0, 1));
    assert_eq!(report.output.chars.errors, 0);
}

#[test]
fn baselines_are_scored_beside_the_output() {
    let mut s = Sample::whole("a", "Tbe cat".into(), "The cat".into());
    s.baseline = Some("The cat".into());
    let report = evaluate(&pipeline(false), &[s], &EvalOptions::default());
    assert_eq!(report.baseline_documents, 1);
    assert_eq!(report.baseline.unwrap().chars.errors, 0);
    assert_eq!(report.baseline_input.unwrap().chars.errors, 1);
    assert!(render::json(&report).contains("\"baseline\""));
}

#[test]
fn clean_prose_counts_every_edit() {
    let samples = [
        Sample::whole("a", "x".into(), "The 1900 season.\n".into()),
        Sample::whole("b", "x".into(), "A quiet day.\n".into()),
    ];
    let report = clean_prose(&pipeline(false), &samples, &EvalOptions::default());
    assert_eq!(report.words, 6);
    assert_eq!((report.applied, report.pending, report.touched), (0, 2, 1));
    let zero = &report.rules[0];
    assert_eq!((zero.code.as_str(), zero.pending), ("UNI990", 2));
    assert_eq!(zero.examples[0].context, "The 1900 season.\n");
    let per_100k = report.per_100k_words(2);
    assert!((per_100k - 33_333.33).abs() < 0.01, "{per_100k}");
    let text = render::prose_text(&report);
    assert!(
        text.contains("0 applied + 2 pending = 33333.33 per 100,000 words"),
        "{text}"
    );
}

#[test]
fn reports_are_deterministic() {
    let samples: Vec<Sample> = (0..40)
        .map(|i| {
            Sample::whole(
                format!("d{i}"),
                format!("ﬁle {i}  g0od\n"),
                format!("file {i} good\n"),
            )
        })
        .collect();
    let a = render::json(&evaluate(
        &pipeline(true),
        &samples,
        &EvalOptions::default(),
    ));
    let b = render::json(&evaluate(
        &pipeline(true),
        &samples,
        &EvalOptions::default(),
    ));
    assert_eq!(a, b);
}
