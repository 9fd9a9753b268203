//! Size limits (issue 14, point 9): one document, one line and one JSON Lines record are capped,
//! with an error naming the file and the setting to raise, and binary data is refused after its
//! first block, so `/dev/zero` cannot exhaust memory in any mode.

use predicates::prelude::*;

use crate::util::{clean, folder};

#[test]
fn dev_zero_is_refused_as_binary_in_every_mode() {
    for mode in [&[][..], &["--check"][..], &["--diff"][..]] {
        clean()
            .args(mode)
            .arg("/dev/zero")
            .assert()
            .code(2)
            .stderr(predicate::str::contains("/dev/zero").and(predicate::str::contains("binary")));
    }
    // A JSON Lines "record" of NULs without end stops at the line limit.
    clean()
        .args(["--jsonl", "--max-line-length", "1M", "/dev/zero"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a line longer than 1048576 bytes"));
}

#[test]
fn a_document_over_the_limit_is_refused_naming_the_setting() {
    let dir = folder(&[("big.txt", "word ".repeat(400).as_bytes())]);
    clean()
        .current_dir(dir.path())
        .args(["--max-document-size", "1K", "big.txt"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("big.txt: larger than 1024 bytes")
                .and(predicate::str::contains("--max-document-size")),
        );
    clean()
        .current_dir(dir.path())
        .args(["--max-document-size", "1K", "-"])
        .write_stdin("word ".repeat(400))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("larger than 1024 bytes"));
}

#[test]
fn a_line_over_the_limit_is_refused_with_its_number() {
    let text = format!("short\n{}\n", "x".repeat(300));
    let dir = folder(&[("long.txt", text.as_bytes())]);
    clean()
        .current_dir(dir.path())
        .args(["--max-line-length", "256", "long.txt"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("long.txt:2: a line longer than 256 bytes")
                .and(predicate::str::contains("--max-line-length")),
        );
}

#[test]
fn a_json_lines_record_over_the_line_limit_is_refused() {
    let record = format!("{{\"text\":\"{}\"}}\n", "a ".repeat(200));
    let corpus = format!("{{\"text\":\"ok\"}}\n{record}");
    let dir = folder(&[("c.jsonl", corpus.as_bytes())]);
    // The document limit does not apply to one record: the line limit does.
    clean()
        .current_dir(dir.path())
        .args(["--jsonl", "--max-document-size", "64", "c.jsonl"])
        .assert()
        .success();
    clean()
        .current_dir(dir.path())
        .args(["--jsonl", "--max-line-length", "256", "c.jsonl"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("c.jsonl:2")
                .and(predicate::str::contains("a line longer than 256 bytes")),
        );
}
