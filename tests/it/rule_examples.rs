//! Every example of every rule pack is a test: built-in packs, and the sample user packs under
//! `tests/packs/`.

use std::path::Path;
use std::sync::Arc;

use ocrclean::RuleBook;
use ocrclean::rules::check_examples;

#[test]
fn builtin_examples_hold() {
    let book = RuleBook::builtin();
    let failures = check_examples(Arc::new(book), |_| true).expect("pipeline builds");
    let report: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(report.is_empty(), "\n{}", report.join("\n\n"));
}

#[test]
fn every_rule_has_a_positive_and_a_negative_example() {
    let book = RuleBook::builtin();
    for rule in book.rules() {
        assert!(
            rule.examples.iter().any(|e| e.is_negative()),
            "{} ({}) has no negative example",
            rule.code,
            rule.origin
        );
        assert!(
            rule.examples.iter().any(|e| !e.is_negative()),
            "{} ({}) has no positive example",
            rule.code,
            rule.origin
        );
    }
}

#[test]
fn user_pack_examples_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/packs");
    let mut book = RuleBook::builtin();
    let before = book.rules().len();
    book.load_user_packs(&dir).expect("sample packs load");
    let user: Vec<_> = book.rules()[before..].iter().map(|r| r.code).collect();
    assert!(!user.is_empty());
    let failures = check_examples(Arc::new(book), |r| user.contains(&r.code)).expect("builds");
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn builtin_pack_list_names_every_pack_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut on_disk = Vec::new();
    let mut dirs = vec![root.join("rules")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("rules/ readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path.strip_prefix(root).expect("under root");
                on_disk.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = ocrclean::rules::BUILTIN_PACKS
        .iter()
        .map(|(p, _)| p.to_string())
        .collect();
    listed.sort();
    assert_eq!(on_disk, listed, "rules/ and BUILTIN_PACKS disagree");
}
