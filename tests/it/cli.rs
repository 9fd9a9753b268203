//! The `ocrclean` binary, run as users run it: modes, exit codes, stdin, folders, bad input.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const NOISY: &str = "The ﬁrst\u{00A0}ferry  left at dawn.   \n\n\n\nIt was oﬀ schedule.\n";
const CLEAN: &str = "The first ferry left at dawn.\n\nIt was off schedule.\n";

fn ocrclean() -> Command {
    Command::cargo_bin("ocrclean").expect("binary builds")
}

fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, content).expect("write");
    }
    dir
}

#[test]
fn filters_stdin_to_stdout() {
    ocrclean()
        .args(["clean", "-"])
        .write_stdin(NOISY)
        .assert()
        .success()
        .stdout(CLEAN);
}

#[test]
fn diff_names_rule_codes_and_exits_1() {
    let dir = folder(&[("a.txt", NOISY.as_bytes())]);
    ocrclean()
        .args(["clean", "--diff"])
        .arg(dir.path().join("a.txt"))
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("@@ -1,5 +1,3 @@ UNI001 UNI004 WSP001 WSP002 WSP003")
                .and(predicate::str::contains("-The ﬁrst"))
                .and(predicate::str::contains("+The first ferry left at dawn.")),
        );
}

#[test]
fn diff_of_clean_text_is_silent() {
    let dir = folder(&[("a.txt", CLEAN.as_bytes())]);
    ocrclean()
        .args(["clean", "--diff"])
        .arg(dir.path().join("a.txt"))
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn diff_of_the_bundled_sample_and_its_golden_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ocrclean()
        .args(["clean", "--diff"])
        .arg(root.join("samples/ferry-fares-export.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("UNI001").and(predicate::str::contains("UNI002")));
    ocrclean()
        .args(["clean", "--diff"])
        .arg(root.join("samples/expected/ferry-fares-export.txt"))
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn check_lists_files_with_counts() {
    let dir = folder(&[
        ("noisy.txt", NOISY.as_bytes()),
        ("clean.txt", CLEAN.as_bytes()),
    ]);
    ocrclean()
        .args(["clean", "--check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("noisy.txt: would change (UNI001 ×2, UNI004 ×1")
                .and(predicate::str::contains("clean.txt").not()),
        );
    ocrclean()
        .args(["clean", "--check"])
        .arg(dir.path().join("clean.txt"))
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn write_is_in_place_keeps_permissions_and_reports() {
    let dir = folder(&[("a.txt", NOISY.as_bytes()), ("b.txt", CLEAN.as_bytes())]);
    let a = dir.path().join("a.txt");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&a, fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    ocrclean()
        .args(["clean", "--write"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("a.txt: fixed (").and(predicate::str::contains("b.txt").not()),
        );
    assert_eq!(fs::read_to_string(&a).expect("read"), CLEAN);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&a).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    // No temporary files left behind, and a second run has nothing to do.
    let names: Vec<_> = fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    ocrclean()
        .args(["clean", "--write"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn out_dir_mirrors_the_tree_and_leaves_inputs_alone() {
    let dir = folder(&[
        ("in/a.txt", NOISY.as_bytes()),
        ("in/sub/b.txt", CLEAN.as_bytes()),
    ]);
    let out = dir.path().join("out");
    ocrclean()
        .args(["clean", "--out-dir"])
        .arg(&out)
        .arg(dir.path().join("in"))
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(out.join("a.txt")).expect("copy"), CLEAN);
    assert_eq!(
        fs::read_to_string(out.join("sub/b.txt")).expect("copy"),
        CLEAN
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("in/a.txt")).expect("input"),
        NOISY
    );
}

#[test]
fn folders_take_txt_files_and_respect_gitignore() {
    let dir = folder(&[
        ("a.txt", NOISY.as_bytes()),
        ("notes.md", NOISY.as_bytes()),
        ("skip/b.txt", NOISY.as_bytes()),
        (".gitignore", b"skip/\n"),
    ]);
    let out = ocrclean()
        .args(["clean", "--check"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    assert!(stdout.contains("a.txt"), "{stdout}");
    assert!(
        !stdout.contains("notes.md") && !stdout.contains("b.txt"),
        "{stdout}"
    );
    let out = ocrclean()
        .args(["clean", "--check", "--glob", "*.md"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    assert!(
        stdout.contains("notes.md") && !stdout.contains("a.txt"),
        "{stdout}"
    );
}

#[test]
fn bad_utf8_is_named_with_its_offset_and_the_rest_is_processed() {
    let bad: &[u8] = b"Good start\n\xff\xfe bad bytes\n";
    let dir = folder(&[
        ("a.txt", NOISY.as_bytes()),
        ("bad.txt", bad),
        ("c.txt", NOISY.as_bytes()),
    ]);
    ocrclean()
        .args(["clean", "--write"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.txt: not valid UTF-8 at byte 11",
        ))
        .stdout(
            predicate::str::contains("a.txt: fixed").and(predicate::str::contains("c.txt: fixed")),
        );
    assert_eq!(fs::read(dir.path().join("bad.txt")).expect("read"), bad);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.txt")).expect("read"),
        CLEAN
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("c.txt")).expect("read"),
        CLEAN
    );
}

#[test]
fn missing_path_is_exit_2() {
    ocrclean()
        .args(["clean", "--check", "no/such/file.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/file.txt: no such file or folder",
        ));
}

#[test]
fn json_report_replays_to_the_written_output() {
    let dir = folder(&[("a.txt", NOISY.as_bytes())]);
    let out = ocrclean()
        .args(["clean", "--check", "--format", "json"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert!(
        records
            .iter()
            .all(|r| r["path"].as_str().is_some_and(|p| p.ends_with("a.txt")))
    );
    assert_eq!(replay_json(NOISY, &records), CLEAN);
    let first = &records[0];
    for key in [
        "code", "span", "start", "end", "before", "after", "reason", "safe", "status",
    ] {
        assert!(first.get(key).is_some(), "record lacks {key}: {first}");
    }
}

/// Applies the applied records' `after` over their original byte spans.
fn replay_json(original: &str, records: &[serde_json::Value]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for r in records.iter().filter(|r| r["status"] == "applied") {
        let start = r["span"]["start"].as_u64().expect("start") as usize;
        let end = r["span"]["end"].as_u64().expect("end") as usize;
        out.push_str(&original[last..start]);
        out.push_str(r["after"].as_str().expect("after"));
        last = end;
    }
    out.push_str(&original[last..]);
    out
}

#[test]
fn a_thousand_files_come_out_the_same_with_one_or_two_jobs() {
    let variants = [
        NOISY,
        CLEAN,
        "Oﬃcial  notice\u{200B}\n\n\n",
        "caf\u{00C3}\u{00A9} \u{0093}open\u{0094}\n",
        "line one\r\nline two  \r\n\r\n\r\n\r\nend\r\n",
    ];
    let mut files = Vec::new();
    for i in 0..1000 {
        files.push((
            format!("d{}/f{i:04}.txt", i % 7),
            variants[i % variants.len()],
        ));
    }
    let make = || {
        let dir = TempDir::new().expect("tmp");
        for (name, text) in &files {
            let p = dir.path().join(name);
            fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
            fs::write(p, text).expect("write");
        }
        dir
    };
    let (one, two) = (make(), make());
    let report = |dir: &TempDir, jobs: &str| {
        let out = ocrclean()
            .args(["clean", "--write", "--format", "json", "--jobs", jobs])
            .arg(dir.path())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout)
            .expect("utf8")
            .replace(&dir.path().display().to_string(), "ROOT")
    };
    let (r1, r2) = (report(&one, "1"), report(&two, "2"));
    assert_eq!(r1, r2, "reports differ between --jobs 1 and --jobs 2");
    let records: Vec<serde_json::Value> = r1
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    for (name, text) in &files {
        let a = fs::read(one.path().join(name)).expect("read");
        let b = fs::read(two.path().join(name)).expect("read");
        assert_eq!(a, b, "{name} differs");
        let path = format!("ROOT/{name}");
        let mine: Vec<_> = records
            .iter()
            .filter(|r| r["path"] == path.as_str())
            .cloned()
            .collect();
        assert_eq!(
            replay_json(text, &mine).as_bytes(),
            a.as_slice(),
            "{name}: report does not replay"
        );
    }
}

#[test]
fn rules_lists_codes_and_explain_shows_examples() {
    ocrclean().arg("rules").assert().success().stdout(
        predicate::str::contains("UNI001  unicode    safe   ligature")
            .and(predicate::str::contains("WSP003")),
    );
    ocrclean()
        .args(["explain", "UNI001"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("UNI001 (ligature)")
                .and(predicate::str::contains("before: \"The ﬁnal"))
                .and(predicate::str::contains("Left unchanged")),
        );
    ocrclean()
        .args(["explain", "ZZZ999"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no rule ZZZ999"));
}

#[test]
fn select_and_ignore_change_what_runs() {
    ocrclean()
        .args(["clean", "--ignore", "UNI001", "-"])
        .write_stdin("the ﬁrst  day\n")
        .assert()
        .stdout("the ﬁrst day\n");
    ocrclean()
        .args(["clean", "--select", "UNI", "-"])
        .write_stdin("the ﬁrst  day\n")
        .assert()
        .stdout("the first  day\n");
    ocrclean()
        .args(["clean", "--select", "NOPE", "-"])
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`NOPE` selects no rule"));
}

#[test]
fn user_pack_adds_a_rule_and_rules_check_reports_broken_examples() {
    let pack = r#"
[[rule]]
code = "UNI950"
name = "long-s"
stage = "unicode"
safe = true
description = "Long s as s."
chars = { "ſ" = "s" }

[[rule.example]]
input = "Houſe\n"
output = "House\n"

[[rule.example]]
input = "House\n"
"#;
    let dir = folder(&[("pack.toml", pack.as_bytes())]);
    ocrclean()
        .args(["clean", "--rules"])
        .arg(dir.path())
        .arg("-")
        .write_stdin("the Houſe\n")
        .assert()
        .success()
        .stdout("the House\n");
    ocrclean()
        .args(["rules", "--check"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("1 rules, 2 examples, 0 failed"));

    let broken = pack.replace("output = \"House\\n\"", "output = \"Hovse\\n\"");
    let bad = folder(&[("pack.toml", broken.as_bytes())]);
    ocrclean()
        .args(["rules", "--check"])
        .arg(bad.path())
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("pack.toml:10: UNI950 example: output differs")
                .and(predicate::str::contains("1 failed")),
        );
}

#[test]
fn duplicate_user_code_names_both_files() {
    let pack = r#"
[[rule]]
code = "UNI001"
name = "dup"
stage = "unicode"
safe = true
description = "Clash."
chars = { "ſ" = "s" }

[[rule.example]]
input = "Houſe\n"
output = "House\n"
"#;
    let dir = folder(&[("mine.toml", pack.as_bytes())]);
    ocrclean()
        .args(["clean", "--rules"])
        .arg(dir.path())
        .arg("-")
        .write_stdin("x\n")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("rules/unicode.toml")
                .and(predicate::str::contains("mine.toml")),
        );
}

/// The filter skips stages whose fixes are all unsafe (it would neither apply nor show them): what
/// it prints must still be exactly what `--out-dir` writes, which finds them and holds them back.
#[test]
fn filter_prints_what_write_writes_with_unsafe_fixes_pending() {
    // `Tbe` and `rnatter` are OCR confusions: `rnatter` is read beyond doubt (`OCR004`, safe),
    // `Tbe` (capitalised, no word before it) only probably (unsafe, and selected by hand with
    // `--extend-select OCR`); the ligature and spaces are safe fixes.
    let noisy = "Tbe \u{fb01}rst  ferry left at dawn.\n\nIt was a rnatter of time.\n";
    let dir = folder(&[("a.txt", noisy.as_bytes())]);
    let out = TempDir::new().expect("temp dir");
    ocrclean()
        .args(["clean", "--extend-select", "OCR", "--out-dir"])
        .arg(out.path())
        .arg(dir.path().join("a.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unsafe fixes not applied"));
    let written = fs::read_to_string(out.path().join("a.txt")).expect("copy written");
    assert_eq!(
        written,
        "Tbe first ferry left at dawn.\n\nIt was a matter of time.\n"
    );
    ocrclean()
        .args(["clean", "--extend-select", "OCR"])
        .arg(dir.path().join("a.txt"))
        .assert()
        .success()
        .stdout(written.clone());
    ocrclean()
        .args(["clean", "--extend-select", "OCR", "-"])
        .write_stdin(noisy)
        .assert()
        .success()
        .stdout(written);
}

/// A folder larger than a window is read twice (evidence, then cleaning) a window at a time:
/// the output is the same as when it is read at once, in the same order, stdin included.
#[test]
fn windowed_folders_clean_as_one_batch() {
    // Page furniture learned from the batch needs the whole batch: it recurs in every file.
    let files: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("d{i:02}.txt"),
                format!(
                    "Story {i} about the harbour ferry.\n\nThe ﬁrst  boat left at dawn.\n\nTHE HARBOUR HERALD Page {i}\n"
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let dir = folder(&refs);
    let run = |window: &str| {
        let out = ocrclean()
            .env("OCRCLEAN_WINDOW_BYTES", window)
            .args(["clean", "--diff", "--no-config", "-"])
            .arg(dir.path())
            .write_stdin("The ﬁrst boat.\n")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let whole = run("1000000000");
    let windowed = run("150");
    assert_eq!(whole, windowed);
    assert!(whole.contains("+The first boat."), "{whole}");
    // The footer was learned from all thirteen documents, whichever window each was in.
    assert_eq!(whole.matches("FUR201").count(), 12, "{whole}");
    let order: Vec<usize> = (0..12)
        .map(|i| whole.find(&format!("d{i:02}.txt")).expect("every file"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{whole}");
}

/// A text whose only fixes are unsafe (FUR103's jump lines) and a flag-only report: `--check`
/// and `--diff` fail on the pending fixes, a plain run says how many fixes `--unsafe-fixes` would
/// apply, and flags alone change no exit status.
#[test]
fn pending_fixes_are_visible_and_fail_a_check() {
    // A jump line (`Continued on page 4`), unsafe until measured otherwise: its two fixes wait.
    let pending = include_str!("../../samples/wire-jump-line.txt");
    let dir = folder(&[("a.txt", pending.as_bytes())]);
    let path = dir.path().join("a.txt");
    for mode in ["--check", "--diff"] {
        ocrclean()
            .args(["clean", "--no-config", "--select", "FUR103", mode])
            .arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "2 fixes available with `--unsafe-fixes`",
            ));
    }
    ocrclean()
        .args(["clean", "--no-config", "--select", "FUR103"])
        .arg(&path)
        .assert()
        .code(0)
        .stdout(pending)
        .stderr(predicate::str::contains(
            "2 fixes available with `--unsafe-fixes`",
        ));
    ocrclean()
        .args([
            "clean",
            "--no-config",
            "--select",
            "FUR103",
            "--unsafe-fixes",
            "--check",
        ])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("available").not());
    // HYP003 only reports: a check of a text with nothing but a flag passes.
    let flagged = folder(&[("b.txt", b"The zorbleq-\nfrumpt went on.\n")]);
    ocrclean()
        .args(["clean", "--no-config", "--select", "HYP", "--check"])
        .arg(flagged.path().join("b.txt"))
        .assert()
        .code(0);
}
