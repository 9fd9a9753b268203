//! The layout stage through the whole pipeline.

use std::sync::Arc;

use crate::edit::{Status, replay};
use crate::pipeline::{Captions, Options, Pipeline};
use crate::rules::{RuleBook, StageName};
use crate::stage::Selection;

fn pipeline(captions: Captions) -> Pipeline {
    let book = RuleBook::builtin();
    let options = Options {
        selection: Selection::defaults(&book),
        unsafe_fixes: true,
        captions,
    };
    Pipeline::new(Arc::new(book), options).unwrap()
}

#[test]
fn pack_examples_hold() {
    let p = pipeline(Captions::End);
    let book = RuleBook::builtin();
    let mut failures = Vec::new();
    for rule in book.stage(StageName::Layout) {
        for ex in &rule.examples {
            let got = p.clean(&ex.input);
            if got.text != ex.output {
                failures.push(format!(
                    "{} example at rules/layout.toml:{}\n--- expected\n{}\n--- got\n{}\n--- changes\n{:?}",
                    rule.code,
                    ex.line,
                    ex.output,
                    got.text,
                    got.changes
                        .iter()
                        .map(|c| (c.code.as_str(), &c.before, &c.after))
                        .collect::<Vec<_>>()
                ));
            }
            assert_eq!(replay(&ex.input, &got.changes), got.text);
            let again = p.clean(&got.text);
            if !again.changes.is_empty() {
                failures.push(format!(
                    "{} example at rules/layout.toml:{}: a second run changes {:?}",
                    rule.code,
                    ex.line,
                    again
                        .changes
                        .iter()
                        .map(|c| (&c.before, &c.after))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn unsafe_fixes_are_pending_by_default() {
    let book = RuleBook::builtin();
    let rule = book.stage(StageName::Layout).next().unwrap();
    let ex = rule.examples.iter().find(|e| !e.is_negative()).unwrap();
    let got = Pipeline::default().clean(&ex.input);
    assert_eq!(got.text, ex.input);
    assert!(got.changes.iter().all(|c| c.status == Status::Pending));
    assert!(!got.changes.is_empty());
}
