//! `clean --report FILE.html` from the command line: with every mode, files and JSON Lines,
//! without changing what the mode itself prints. (The page itself is tested in a browser in
//! `report_browser.rs`.)

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const NOISY: &str = "The ﬁrst\u{00A0}ferry  left at dawn.   \n";

fn ocrclean() -> Command {
    Command::cargo_bin("ocrclean").expect("binary builds")
}

fn folder() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("noisy.txt"), NOISY).expect("write");
    fs::write(dir.path().join("clean.txt"), "Clean text.\n").expect("write");
    dir
}

fn page(path: &Path) -> String {
    fs::read_to_string(path).expect("the review page was written")
}

#[test]
fn every_mode_writes_the_page_and_prints_what_it_would_without_it() {
    for mode in ["--check", "--diff", "--format=json"] {
        let dir = folder();
        let report = dir.path().join("out/review.html");
        let without = ocrclean()
            .args(["clean", mode])
            .arg(dir.path().join("noisy.txt"))
            .output()
            .expect("runs");
        ocrclean()
            .args(["clean", mode, "--report"])
            .arg(&report)
            .arg(dir.path().join("noisy.txt"))
            .assert()
            .code(without.status.code().expect("exit code"))
            .stdout(String::from_utf8(without.stdout).expect("UTF-8"))
            .stderr(predicate::str::contains("review page: "));
        let html = page(&report);
        assert!(html.contains(">UNI001</abbr>"), "{mode}");
        assert!(html.contains(">WSP002</abbr>"), "{mode}");
    }
}

#[test]
fn write_mode_and_stdin() {
    let dir = folder();
    let report = dir.path().join("review.html");
    ocrclean()
        .args(["clean", "--write", "--report"])
        .arg(&report)
        .arg(dir.path())
        .assert()
        .code(1);
    assert!(page(&report).contains("noisy.txt"));
    assert!(
        !page(&report).contains("clean.txt</a>"),
        "unchanged files are only counted"
    );
    assert!(page(&report).contains("2 documents: 1 changed"));
    // No temporary file is left beside the page.
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.starts_with(".ocrclean")),
        "{names:?}"
    );

    ocrclean()
        .args(["clean", "-", "--quiet", "--report"])
        .arg(&report)
        .write_stdin(NOISY)
        .assert()
        .success()
        .stdout("The first ferry left at dawn.\n")
        .stderr("");
    assert!(page(&report).contains("<a href=\"#d0\">-</a>"));
}

#[test]
fn corpus_records_are_reviewed_by_line() {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let noisy = serde_json::json!({"id": "a", "text": NOISY}).to_string();
    let clean = serde_json::json!({"id": "b", "text": "Clean.\n"}).to_string();
    fs::write(&corpus, format!("{clean}\n{noisy}\n")).unwrap();
    let report = dir.path().join("review.html");
    ocrclean()
        .args(["clean", "--jsonl", "--check", "--report"])
        .arg(&report)
        .arg(&corpus)
        .assert()
        .code(1);
    let html = page(&report);
    assert!(
        html.contains("corpus.jsonl:2</a>"),
        "named by file and line"
    );
    assert!(!html.contains("corpus.jsonl:1</a>"));
    assert!(html.contains(">UNI004</abbr>"));
}

#[test]
fn unwritable_page_is_an_error() {
    let dir = folder();
    fs::write(dir.path().join("file"), "").unwrap();
    ocrclean()
        .args(["clean", "--check", "--report"])
        .arg(dir.path().join("file/review.html"))
        .arg(dir.path().join("noisy.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("writing the review page"));
}
