//! `ocrclean eval` run as users run it: the three input formats, the report formats, errors.

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn ocrclean() -> Command {
    Command::cargo_bin("ocrclean").expect("binary builds")
}

fn folder(files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, content).expect("write");
    }
    dir
}

fn arg(dir: &TempDir, name: &str) -> std::path::PathBuf {
    dir.path().join(name)
}

#[test]
fn scores_plain_texts_against_a_gold_folder() {
    // 3 character errors (ﬁ: 2, double space: 1) in 16; words: `ﬁrst` wrong, 1 of 3.
    let dir = folder(&[
        ("ocr/a.txt", "The ﬁrst  ferry.\n"),
        ("gold/a.txt", "The first ferry.\n"),
    ]);
    ocrclean()
        .args(["eval", "--no-config", "--gold"])
        .arg(arg(&dir, "gold"))
        .arg(arg(&dir, "ocr"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("1 documents; gold: 17 characters, 3 words")
                .and(predicate::str::is_match(r"input\s+17.65 % \(3\)\s+33.33 % \(1\)").unwrap())
                .and(predicate::str::is_match(r"output\s+0.00 % \(0\)\s+0.00 % \(0\)").unwrap())
                .and(predicate::str::contains("1 better, 0 worse, 0 unchanged"))
                .and(
                    predicate::str::is_match(
                        r"UNI001\s+ligature\s+safe\s+1\s+0\s+0\s+0\s+\+2\s+100.00 %",
                    )
                    .unwrap(),
                ),
        )
        .stderr(predicate::str::contains("evaluated 1 documents"));
}

#[test]
fn a_missing_gold_file_names_both_paths() {
    let dir = folder(&[("ocr/a.txt", "text\n"), ("gold/b.txt", "text\n")]);
    ocrclean()
        .args(["eval", "--no-config", "--gold"])
        .arg(arg(&dir, "gold"))
        .arg(arg(&dir, "ocr"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("ocr/a.txt: no gold file")
                .and(predicate::str::contains("gold/a.txt")),
        );
}

#[test]
fn reads_json_lines_and_reports_json() {
    let dir = folder(&[(
        "set.jsonl",
        concat!(
            r#"{"id": "x1", "ocr": "Oﬀ we go", "gt": "Off we go", "other": ["Off", "we go"]}"#,
            "\n",
            r#"{"id": "x2", "ocr": "Plain", "gt": "Plain.", "other": "Plain."}"#,
            "\n"
        ),
    )]);
    let out = ocrclean()
        .args([
            "eval",
            "--no-config",
            "--format",
            "json",
            "--baseline-field",
            "other",
            "-q",
        ])
        .arg(arg(&dir, "set.jsonl"))
        .assert()
        .success()
        .stderr("")
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).expect("one JSON object");
    assert_eq!(report["documents"], 2);
    assert_eq!(report["input"]["chars"]["errors"], 3);
    assert_eq!(report["output"]["chars"]["errors"], 1);
    assert_eq!(report["baseline"]["chars"]["errors"], 1);
    assert_eq!(report["rules"][0]["code"], "UNI001");
    assert_eq!(report["rules"][0]["applied"]["toward"], 1);
    let name = report["per_document"][1]["name"].as_str().unwrap();
    assert!(name.ends_with("set.jsonl:x2"), "{name}");
}

#[test]
fn reads_icdar_files_and_skips_unknown_gold() {
    let dir = folder(&[(
        "1.txt",
        "[OCR_toInput] ﬁne  day ﬁne\n[OCR_aligned] ﬁ@ne  day ﬁ@ne\n[ GS_aligned] ######day fine\n",
    )]);
    ocrclean()
        .args(["eval", "--no-config"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(
            predicate::str::contains("gold: 8 characters").and(
                predicate::str::is_match(r"UNI001\s+ligature\s+safe\s+1\s+0\s+0\s+1\s").unwrap(),
            ),
        );
}

#[test]
fn plain_text_without_gold_is_refused_with_a_hint() {
    let dir = folder(&[("a.txt", "just text\n")]);
    ocrclean()
        .args(["eval", "--no-config"])
        .arg(arg(&dir, "a.txt"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("not an ICDAR 2017 file")
                .and(predicate::str::contains("--gold DIR")),
        );
}

#[test]
fn clean_prose_counts_edits_on_the_gold() {
    let dir = folder(&[
        ("ocr/a.txt", "anything\n"),
        (
            "gold/a.txt",
            "A clean line.\nAnother  one with a double space.\n",
        ),
    ]);
    ocrclean()
        .args(["eval", "--no-config", "--clean-prose", "--gold"])
        .arg(arg(&dir, "gold"))
        .arg(arg(&dir, "ocr"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("clean prose: 1 documents, 9 words; 1 touched")
                .and(predicate::str::contains(
                    "1 applied + 0 pending = 11111.11 per 100,000 words",
                ))
                .and(predicate::str::contains("WSP002")),
        );
}

#[test]
fn unwrap_does_not_score_line_breaks() {
    let dir = folder(&[
        ("ocr/a.txt", "parish of Thorns-\nhope, near\n"),
        ("gold/a.txt", "parish of Thornshope, near\n"),
    ]);
    let run = |unwrap: bool| {
        let mut cmd = ocrclean();
        cmd.args(["eval", "--no-config", "--format", "json", "-q", "--gold"])
            .arg(arg(&dir, "gold"))
            .arg(arg(&dir, "ocr"));
        if unwrap {
            cmd.arg("--unwrap");
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        let v: serde_json::Value = serde_json::from_slice(&out).expect("json");
        v["input"]["chars"]["errors"].as_u64().expect("number")
    };
    assert_eq!(run(false), 2);
    assert_eq!(run(true), 0);
}

#[test]
fn the_report_does_not_depend_on_threads() {
    let files: Vec<(String, String)> = (0..30)
        .flat_map(|i| {
            [
                (format!("ocr/{i}.txt"), format!("ﬁle {i}  here \n")),
                (format!("gold/{i}.txt"), format!("file {i} here\n")),
            ]
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = folder(&refs);
    let run = |jobs: &str| {
        ocrclean()
            .args([
                "eval",
                "--no-config",
                "-q",
                "--verbose",
                "-j",
                jobs,
                "--gold",
            ])
            .arg(arg(&dir, "gold"))
            .arg(arg(&dir, "ocr"))
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run("1"), run("2"));
}

/// A labelled document: the footer line is a right proposal, applied by default (FUR001 is
/// safe), and the table has the rule's line.
#[test]
fn scores_a_labelled_document_per_rule() {
    let noisy = "Masthead\n\nShares in GlaxoSmithKline fell.\n\nNewspapers in English\n";
    let labels = r#"tail = 41

[[artifact]]
class = "footer"
shape = "own paragraph"
code = "FUR001"
span = [41, 64]
before = "\n\nNewspapers in English"
after = ""
"#;
    let dir = folder(&[
        ("noisy/v1/a.txt", noisy),
        (
            "expected/v1/a.txt",
            "Masthead\n\nShares in GlaxoSmithKline fell.\n",
        ),
        ("labels/v1/a.toml", labels),
    ]);
    let out = ocrclean()
        .args(["eval", "--no-config", "--select", "FUR001,SPL001", "--gold"])
        .arg(arg(&dir, "expected"))
        .arg("--labels")
        .arg(arg(&dir, "labels"))
        .arg(arg(&dir, "noisy"))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        regex::Regex::new(r"FUR001\s+safe\s+1\s+1\s+0\s+0\s+0\s+100.0 %\s+100.0 %\s+1")
            .unwrap()
            .is_match(&stdout),
        "{stdout}"
    );
    assert!(
        stdout.contains("artifacts fixed by this run: 1 of 1"),
        "{stdout}"
    );
    // A missing label file is named.
    fs::remove_file(arg(&dir, "labels/v1/a.toml")).unwrap();
    ocrclean()
        .args(["eval", "--no-config", "--gold"])
        .arg(arg(&dir, "expected"))
        .arg("--labels")
        .arg(arg(&dir, "labels"))
        .arg(arg(&dir, "noisy"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no label file"));
}
