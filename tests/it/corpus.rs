//! Corpus mode: JSON Lines in, JSON Lines out, other fields untouched, bad records handled.

use std::fs;
use std::io::{Read, Write};

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const CORPUS: &str = concat!(
    r#"{"id":"a1","text":"The ﬁrst  ferry.","meta":{"k":[1,2.50],"é":"\u00e9"}}"#,
    "\n",
    r#"{"id":2,"text":"Clean text.","x":null}"#,
    "\n",
    "not json\n",
    r#"{"body":"no text field"}"#,
    "\n",
    r#"{"text":"Oﬃce  hours"}"#,
    "\n",
);

const CLEANED: &str = concat!(
    r#"{"id":"a1","text":"The first ferry.","meta":{"k":[1,2.50],"é":"\u00e9"}}"#,
    "\n",
    r#"{"id":2,"text":"Clean text.","x":null}"#,
    "\n",
    "not json\n",
    r#"{"body":"no text field"}"#,
    "\n",
    r#"{"text":"Office hours"}"#,
    "\n",
);

fn ocrclean() -> Command {
    let mut cmd = Command::cargo_bin("ocrclean").expect("binary");
    cmd.arg("clean").arg("--no-config");
    cmd
}

#[test]
fn stdin_to_stdout_keeps_other_fields_and_passes_bad_records_through() {
    ocrclean()
        .args(["--jsonl", "-"])
        .write_stdin(CORPUS)
        .assert()
        .success()
        .stdout(CLEANED)
        .stderr(
            predicate::str::contains("-:3: not a JSON object")
                .and(predicate::str::contains("-:4: no `text` field")),
        );
}

#[test]
fn strict_makes_bad_records_an_error_and_writes_nothing() {
    let dir = TempDir::new().expect("tmp");
    let path = dir.path().join("c.jsonl");
    fs::write(&path, CORPUS).expect("write");
    ocrclean()
        .args(["--jsonl", "--strict", "--write"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("c.jsonl:3: not a JSON object"));
    assert_eq!(fs::read_to_string(&path).expect("read"), CORPUS);
}

#[test]
fn other_field_and_annotation() {
    let input = "{\"body\":\"A ﬁne day\",\"text\":\"untouched  here\"}\n";
    ocrclean()
        .args(["--jsonl", "--field", "body", "--annotate=oc", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(
            "{\"body\":\"A fine day\",\"text\":\"untouched  here\",\"oc\":{\"counts\":{\"UNI001\":1}}}\n",
        );
}

#[test]
fn check_and_json_reports_are_keyed_by_record() {
    let dir = TempDir::new().expect("tmp");
    let path = dir.path().join("c.jsonl");
    fs::write(&path, CORPUS).expect("write");
    ocrclean()
        .args(["--jsonl", "--check"])
        .arg(&path)
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("c.jsonl:1: would change (UNI001 ×1, WSP002 ×1)")
                .and(predicate::str::contains("c.jsonl:5: would change"))
                .and(predicate::str::contains("c.jsonl:2").not()),
        );
    let out = ocrclean()
        .args(["--jsonl", "--check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("runs");
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8(out.stdout)
            .expect("utf8")
            .lines()
            .next()
            .expect("a line"),
    )
    .expect("json");
    assert_eq!(first["record"], 1);
    assert_eq!(first["id"], "a1");
    assert_eq!(first["code"], "UNI001");
}

#[test]
fn gzip_and_zstd_are_written_back_compressed() {
    let dir = TempDir::new().expect("tmp");
    let gz = dir.path().join("c.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(CORPUS.as_bytes()).expect("gz");
    fs::write(&gz, enc.finish().expect("gz")).expect("write");
    let zst = dir.path().join("c.jsonl.zst");
    fs::write(&zst, zstd::encode_all(CORPUS.as_bytes(), 3).expect("zstd")).expect("write");
    ocrclean()
        .args(["--jsonl", "--write"])
        .arg(dir.path())
        .assert()
        .code(1);
    let mut back = String::new();
    flate2::read::MultiGzDecoder::new(fs::File::open(&gz).expect("open"))
        .read_to_string(&mut back)
        .expect("gunzip");
    assert_eq!(back, CLEANED);
    let back = zstd::decode_all(fs::File::open(&zst).expect("open")).expect("unzstd");
    assert_eq!(String::from_utf8(back).expect("utf8"), CLEANED);
    // Clean now: a second run changes nothing.
    ocrclean()
        .args(["--jsonl", "--write"])
        .arg(dir.path())
        .assert()
        .code(0);
}

#[test]
fn many_chunks_come_out_in_order() {
    let mut input = String::new();
    let mut expected = String::new();
    for i in 0..5000 {
        input.push_str(&format!("{{\"n\":{i},\"text\":\"record {i}  ﬁne\"}}\n"));
        expected.push_str(&format!("{{\"n\":{i},\"text\":\"record {i} fine\"}}\n"));
    }
    ocrclean()
        .args(["--jsonl", "--jobs", "2", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .stdout(expected);
}

/// A footer in 20 % of a file's records, but unevenly: 420 of the first chunk's 2,048 (enough for
/// that chunk to learn it) and 100 of the last 512 (not enough for that one). A file is read once
/// for the evidence of all its records, so the footer is learned from the whole corpus and leaves
/// every record, in both chunks.
#[test]
fn a_file_is_one_batch_across_chunks() {
    let dir = TempDir::new().expect("tmp");
    let path = dir.path().join("c.jsonl");
    let footer = |i: usize| match i.checked_sub(2048) {
        None => i % 5 == 0 || (i % 5 == 1 && i < 50),
        Some(j) => j % 5 == 1 && j < 500,
    };
    let mut input = String::new();
    let mut with_footer = 0;
    for i in 0..2560 {
        let tail = if footer(i) {
            with_footer += 1;
            "\\n\\nThe Bay Herald · bayherald.example"
        } else {
            ""
        };
        input.push_str(&format!(
            "{{\"n\":{i},\"text\":\"The story was filed by the desk on day {i}.{tail}\\n\"}}\n"
        ));
    }
    assert_eq!(with_footer, 520);
    fs::write(&path, &input).expect("write");
    let out = ocrclean()
        .args(["--jsonl", "--unsafe-fixes"])
        .arg(&path)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = String::from_utf8(out.stdout).expect("utf8");
    assert_eq!(out.lines().count(), 2560);
    assert!(!out.contains("Bay Herald"), "a footer was left");
    // From standard input, each chunk is its own batch: the last one keeps its footers.
    let piped = ocrclean()
        .args(["--jsonl", "--unsafe-fixes", "-"])
        .write_stdin(input)
        .output()
        .expect("run");
    let piped = String::from_utf8(piped.stdout).expect("utf8");
    assert_eq!(piped.matches("Bay Herald").count(), 100);
}
