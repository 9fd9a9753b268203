//! The word lists the stages read are checked as one kind of data, as typos checks its
//! dictionary: the layout stage's `[data.layout]` word lists are sorted and free of duplicates,
//! and the one-entry-a-line lists under `rules/split/` are free of duplicates. (The
//! `[data.unicode]` lists are the mojibake screen's character classes, ordered as their comments
//! explain them: not word lists.)

use std::collections::HashSet;
use std::path::Path;

use ocrclean::{RuleBook, StageName};

/// Lists kept in an order of their own: regular expressions, in the order their comment explains
/// them (the stage tries them all, so the order changes nothing).
const IN_OWN_ORDER: &[&str] = &["byline-patterns"];

#[test]
fn pack_lists_are_sorted_and_free_of_duplicates() {
    let book = RuleBook::builtin();
    let mut lists = 0;
    for stage in [StageName::Layout] {
        for list in book.data(stage) {
            lists += 1;
            let place = format!(
                "{} [data.{stage}] {}",
                list.origin.file.display(),
                list.name
            );
            let mut seen = HashSet::new();
            for value in &list.values {
                // Case folded: the stages match these lists ignoring case.
                assert!(
                    seen.insert(value.to_lowercase()),
                    "{place}: `{value}` is listed twice"
                );
            }
            if IN_OWN_ORDER.contains(&list.name.as_str()) {
                continue;
            }
            if let Some(pair) = list.values.windows(2).find(|w| w[0] > w[1]) {
                panic!(
                    "{place}: not sorted, `{}` comes before `{}`; keep the list sorted",
                    pair[0], pair[1]
                );
            }
        }
    }
    assert!(lists >= 10, "only {lists} lists found");
}

#[test]
fn split_lists_are_free_of_duplicates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/split");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("rules/split/ exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).expect("readable list");
        let mut seen = HashSet::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            assert!(
                seen.insert(line),
                "{}:{}: `{line}` is listed twice",
                path.display(),
                n + 1
            );
        }
    }
    assert!(files >= 5, "only {files} lists under rules/split/");
}
