use std::sync::Arc;

use crate::batch::Batch;
use crate::edit::Status;
use crate::pipeline::{Options, Pipeline};
use crate::rules::RuleBook;
use crate::stage::{Context, Selection};

fn pipeline(unsafe_fixes: bool) -> Pipeline {
    let book = RuleBook::builtin();
    let selection = Selection::defaults(&book);
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

fn clean(text: &str) -> String {
    pipeline(true).clean(text).text.into_owned()
}

#[test]
fn seed_like_footer_goes_and_leaves_no_blank_line() {
    let text = "Headline\n\nFirst paragraph.\n\nLast paragraph.\n\nNewspapers in English\n\nNewspapers from China";
    let cleaned = pipeline(true).clean(text);
    assert_eq!(
        cleaned.text,
        "Headline\n\nFirst paragraph.\n\nLast paragraph."
    );
    let removed: Vec<_> = cleaned.changes.iter().map(|c| c.before.as_str()).collect();
    assert_eq!(
        removed,
        ["\n\nNewspapers in English", "\n\nNewspapers from China"]
    );
    assert!(
        cleaned
            .changes
            .iter()
            .all(|c| c.reason == "PressReader export footer")
    );
}

/// A folio (FUR101, unsafe) is pending by default; the PressReader footer (FUR001, safe by
/// measurement) is applied.
#[test]
fn unsafe_removals_are_pending_by_default() {
    let text = "A4\n\nCouncil votes to close the pool\n\nThe council voted on Monday.\n\nNewspapers in English\n";
    let cleaned = pipeline(false).clean(text);
    assert_eq!(
        cleaned.text,
        "A4\n\nCouncil votes to close the pool\n\nThe council voted on Monday.\n"
    );
    let statuses: Vec<_> = cleaned
        .changes
        .iter()
        .map(|c| (c.code.as_str(), c.status))
        .collect();
    assert_eq!(
        statuses,
        [("FUR101", Status::Pending), ("FUR001", Status::Applied)]
    );
}

#[test]
fn furniture_at_the_top_takes_its_blank_lines() {
    assert_eq!(clean("A4\n\n\nHeadline\n\nBody.\n"), "Headline\n\nBody.\n");
    assert_eq!(
        clean("Page 2\nTHE TIMES | Monday, March 4, 2024\nHeadline\nBody.\n"),
        "Headline\nBody.\n"
    );
}

#[test]
fn furniture_between_paragraphs() {
    assert_eq!(
        clean("One.\n\nContinued on Page 6\n12 | THE TIMES\n\nTwo.\n"),
        "One.\n\nTwo.\n"
    );
}

#[test]
fn a_text_of_furniture_only_becomes_empty() {
    assert_eq!(clean("Newspapers in English\nNewspapers from China\n"), "");
}

#[test]
fn crlf_text() {
    let text = "Body.\r\n\r\nNewspapers in English\r\n";
    assert_eq!(clean(text), "Body.\r\n");
}

#[test]
fn spaces_inside_a_footer_line_do_not_hide_it() {
    assert_eq!(
        clean("Body.\n\n  Newspapers   from\tHong Kong  \n"),
        "Body.\n"
    );
}

#[test]
fn learned_lines_need_a_batch() {
    let docs: Vec<String> = (1..=6)
        .map(|i| {
            let story = ["Pool", "Tram", "Bridge", "Library", "Market", "Harbour"][i - 1];
            format!("Ledger p{i}\n\n{story} news.\n\nMorning Ledger — ledger.example\n")
        })
        .collect();
    let p = pipeline(true);
    let batch = Batch::gather(&docs);
    let ctx = Context {
        batch: Some(&batch),
        ..p.context()
    };
    let cleaned = p.clean_with(&docs[2], &ctx);
    assert_eq!(cleaned.text, "Bridge news.\n");
    assert!(cleaned.changes[0].reason.contains("template `ledger p#`"));
    assert!(cleaned.changes[0].reason.contains("6 of the 6 documents"));
    // Alone, the same document keeps its lines.
    assert_eq!(p.clean(&docs[2]).text, docs[2]);
}

#[test]
fn learned_lines_never_empty_a_document() {
    let docs: Vec<String> = (1..=6).map(|i| format!("Notice {i}.\n")).collect();
    let p = pipeline(true);
    let batch = Batch::gather(&docs);
    let ctx = Context {
        batch: Some(&batch),
        ..p.context()
    };
    assert_eq!(p.clean_with(&docs[2], &ctx).text, docs[2]);
}

#[test]
fn nothing_to_do_allocates_nothing() {
    let p = pipeline(true);
    let text = "A headline\n\nA paragraph of text.\nAnother line.\n\nThe end.\n";
    let cleaned = p.clean(text);
    assert!(matches!(cleaned.text, std::borrow::Cow::Borrowed(_)));
}

#[test]
fn paragraphs_are_runs_of_non_blank_lines() {
    use super::Paragraphs;
    /// The same, the slow way: every line looked at.
    fn reference(text: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        let mut end = 0;
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let content = line.strip_suffix('\n').unwrap_or(line);
            if content.trim_matches([' ', '\t', '\r']).is_empty() {
                if let Some(s) = start.take() {
                    out.push(s..end);
                }
            } else {
                start.get_or_insert(pos);
                end = pos + content.len();
            }
            pos += line.len();
        }
        if let Some(s) = start {
            out.push(s..end);
        }
        out
    }
    let texts = [
        "",
        "\n",
        "\n\n\n",
        "one",
        "one\n",
        "one\ntwo",
        "one\ntwo\n\nthree\n",
        "\n\none\n\n\n\ntwo\nthree\n\n",
        "one\n\n\ntwo",
        "a\nb\nc\n\nd",
        "one\n  \ntwo \n\t\n\r\nthree\n   ",
        "trailing \nspaces \n",
    ];
    for text in texts {
        let got: Vec<_> = Paragraphs::new(text).collect();
        assert_eq!(got, reference(text), "{text:?}");
    }
}
