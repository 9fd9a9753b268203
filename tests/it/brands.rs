//! Brand and company names written as one word (`GlaxoSmithKline`, `BlackRock`) come out of every
//! mode unchanged: the defaults, unsafe fixes, every stage alone and everything at once.

use std::sync::Arc;

use ocrclean::{Options, Pipeline, RuleBook, Selection, StageName};

fn names() -> Vec<String> {
    let text = include_str!("../data/brands.txt");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

fn pipeline(select: Option<&str>, unsafe_fixes: bool) -> Pipeline {
    let book = RuleBook::builtin();
    let selection = match select {
        None => Selection::defaults(&book),
        Some(s) => Selection::resolve(&book, Some(&[s.to_string()]), &[], &[]).expect("selects"),
    };
    Pipeline::new(
        Arc::new(book),
        Options {
            selection,
            unsafe_fixes,
            captions: Default::default(),
            words: Arc::default(),
        },
    )
    .expect("built-in rules compile")
}

#[test]
fn brand_names_survive_every_mode() {
    let names = names();
    assert!(names.len() >= 200, "only {} names", names.len());
    // Each name in a sentence of its own paragraph, as a business page prints them.
    let paragraphs: Vec<String> = names
        .iter()
        .map(|n| format!("Shares in {n} rose 2.4 per cent on Tuesday, its best day this year."))
        .collect();
    let text = paragraphs.join("\n\n") + "\n";
    let mut modes: Vec<(Option<&str>, bool)> =
        vec![(None, false), (None, true), (Some("ALL"), true)];
    let book = RuleBook::builtin();
    for stage in StageName::ALL {
        if book.rules().iter().any(|r| r.stage == stage) {
            modes.push((Some(stage.prefix()), true));
        }
    }
    for (select, unsafe_fixes) in modes {
        let cleaned = pipeline(select, unsafe_fixes).clean(&text);
        let touched: Vec<String> = cleaned
            .changes
            .iter()
            .filter(|c| c.status != ocrclean::Status::Flagged)
            .map(|c| format!("{} {:?} -> {:?}", c.code, c.before, c.after))
            .collect();
        assert!(
            touched.is_empty(),
            "select {select:?}, unsafe fixes {unsafe_fixes}: {touched:#?}"
        );
    }
}
