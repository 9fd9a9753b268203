//! ftfy's own test cases (tests/data/ftfy/, from rspeer/python-ftfy: see SOURCE.md there) run
//! through the mojibake rule alone, as `ocrclean clean --select UNI008` runs it.
//!
//! Of the 151 cases ftfy passes, `ftfy.fix_encoding` changes 103 (checked with ftfy 6.3.1: each
//! `fixed-encoding`, or `fixed` where that is missing, differs from `original` exactly then).
//! ftfy files one of them under its negatives (`negative.json`: "we only need to fix C1 control
//! characters"), so the positives are the other 102, and the negatives are that one and the 48
//! that `fix_encoding` leaves: 49. A positive must come out as its `fixed-encoding` says, a
//! negative unchanged. One positive holds nothing but C1 controls (Windows-1252 punctuation read
//! as Latin-1); reading those is UNI006's rule, so UNI008 alone leaves it, and the test checks
//! that UNI006 fixes it instead. ftfy's `known-failures.json` is reported, not required.

use std::path::Path;
use std::sync::Arc;

use ocrclean::{Options, Pipeline, RuleBook, Selection};

struct Case {
    /// The file's name; `negative.json` holds ftfy's negatives.
    file: String,
    label: String,
    original: String,
    expected: String,
    known_failure: bool,
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ftfy");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/data/ftfy exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let data: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        let field = |case: &serde_json::Value, name: &str| case[name].as_str().map(str::to_string);
        for case in data.as_array().expect("a list of cases") {
            let fixed = field(case, "fixed").expect("every case has `fixed`");
            out.push(Case {
                file: path.file_name().unwrap().to_string_lossy().into_owned(),
                label: field(case, "label").unwrap_or_default(),
                original: field(case, "original").expect("every case has `original`"),
                expected: field(case, "fixed-encoding").unwrap_or(fixed),
                known_failure: case["expect"] == "fail",
            });
        }
    }
    out
}

fn pipeline(code: &str) -> Pipeline {
    let book = Arc::new(RuleBook::builtin());
    let selection = Selection::resolve(&book, Some(&[code.to_string()]), &[], &[]).expect("code");
    let options = Options {
        selection,
        unsafe_fixes: false,
        captions: Default::default(),
        words: Default::default(),
    };
    Pipeline::new(book, options).expect("pipeline builds")
}

#[test]
fn ftfy_cases() {
    let mojibake = pipeline("UNI008");
    let c1_controls = pipeline("UNI006");
    let (mut positives, mut fixed, mut negatives, mut untouched) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for case in cases() {
        let out = mojibake.clean(&case.original).text.into_owned();
        let show = |what: &str| {
            format!(
                "{what} [{}] {}\n    original {:?}\n    expected {:?}\n    got      {:?}",
                case.file, case.label, case.original, case.expected, out
            )
        };
        if case.known_failure {
            let status = match &out {
                o if *o == case.expected => "fixed",
                o if *o == case.original => "unchanged",
                _ => "changed",
            };
            notes.push(show(&format!("known failure ({status})")));
        } else if case.expected != case.original && case.file != "negative.json" {
            positives += 1;
            if out == case.expected {
                fixed += 1;
            } else if out == case.original
                && c1_controls.clean(&case.original).text == case.expected
            {
                notes.push(show("C1 controls only: left to UNI006, which fixes it"));
            } else {
                failures.push(show("positive not fixed"));
            }
        } else {
            negatives += 1;
            if out == case.original {
                untouched += 1;
            } else {
                failures.push(show("negative changed"));
            }
        }
    }
    println!("{}\n{}", notes.join("\n"), failures.join("\n"));
    println!(
        "ftfy cases through UNI008 alone: positives fixed {fixed}/{positives}, negatives \
         untouched {untouched}/{negatives}"
    );
    // The data pins its own split: a changed file shows here first.
    assert_eq!(
        (positives, negatives),
        (102, 49),
        "the cases split differently"
    );
    assert!(
        fixed >= 100,
        "{fixed} of 102 fixed:\n{}",
        failures.join("\n")
    );
    assert_eq!(untouched, negatives, "\n{}", failures.join("\n"));
}

/// ftfy's own check of double encodings: every case it passes, mis-read as Latin-1 once more,
/// comes out as its `fixed-encoding` (ftfy 6.3.1 does so for all 151).
#[test]
fn ftfy_cases_read_as_latin1_once_more() {
    let mojibake = pipeline("UNI008");
    let mut failures = Vec::new();
    let mut total = 0;
    for case in cases().into_iter().filter(|c| !c.known_failure) {
        total += 1;
        let worse: String = case.original.bytes().map(char::from).collect();
        let out = mojibake.clean(&worse).text.into_owned();
        if out != case.expected {
            failures.push(format!(
                "[{}] {}\n    input    {worse:?}\n    expected {:?}\n    got      {out:?}",
                case.file, case.label, case.expected
            ));
        }
    }
    println!(
        "one layer deeper: {}/{total} fixed\n{}",
        total - failures.len(),
        failures.join("\n")
    );
    assert_eq!(total, 151);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
