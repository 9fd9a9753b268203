//! What a run says: quiet on a closed pipe, each error once, counts that read right, folders and
//! links named for what they are, codes in any case.

use std::fs;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use predicates::prelude::*;

use crate::util::{NOISY, clean, folder, ocrclean};

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let big = "The ﬁrst  ferry left at dawn.\n".repeat(20_000);
    let dir = folder(&[("big.txt", big.as_bytes())]);
    for mode in [None, Some("--diff")] {
        // `ocrclean clean big.txt | head -1`
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("ocrclean"));
        cmd.args(["clean", "--no-config"]);
        cmd.args(mode);
        let mut child = cmd
            .arg(dir.path().join("big.txt"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut first = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("a line");
        // The reader is dropped here: the pipe closes.
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8(out.stderr).expect("utf8");
        assert!(!first.is_empty());
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
            "{mode:?}: {stderr}"
        );
        if mode.is_none() {
            assert_eq!(stderr, "");
        }
        assert_eq!(out.status.code(), Some(0), "{mode:?}: {stderr}");
    }
}

#[test]
fn each_error_is_said_once() {
    let dir = folder(&[
        ("a.txt", NOISY.as_bytes()),
        ("packs/bad.toml", b"[[rule]]\ncode = 3\n"),
        (
            "sup/ocrclean.toml",
            b"[[suppress]]\ncode = \"SPL\"\nregex = \"(unclosed\"\n",
        ),
    ]);
    let a = dir.path().join("a.txt");
    let runs: [(&[&str], &str); 3] = [
        (&["--select", "XYZ"], "`XYZ` selects no rule"),
        (&["--words", "no-such-words.txt"], "cannot read word list"),
        (&["--rules", "packs"], "bad.toml"),
    ];
    for (args, says) in runs {
        let out = clean()
            .current_dir(dir.path())
            .args(args)
            .arg(&a)
            .output()
            .expect("runs");
        let stderr = String::from_utf8(out.stderr).expect("utf8");
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.matches(says).count(), 1, "{args:?}: {stderr}");
        let cause = stderr.rsplit(": ").next().unwrap_or_default().trim();
        assert_eq!(stderr.matches(cause).count(), 1, "{args:?}: {stderr}");
    }
    let out = ocrclean()
        .current_dir(dir.path().join("sup"))
        .arg("clean")
        .arg(&a)
        .output()
        .expect("runs");
    let stderr = String::from_utf8(out.stderr).expect("utf8");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.matches("unclosed group").count(), 1, "{stderr}");
}

#[test]
fn counts_read_right_and_a_missing_file_counts_as_failed() {
    let dir = folder(&[
        ("a.txt", NOISY.as_bytes()),
        ("c.jsonl", b"{\"text\":\"x\"}\n"),
    ]);
    clean()
        .arg("--check")
        .arg(dir.path().join("a.txt"))
        .assert()
        .stderr(predicate::str::starts_with("ocrclean: 1 file: 1 changed"));
    clean()
        .args(["--jsonl", "--check"])
        .arg(dir.path().join("c.jsonl"))
        .assert()
        .stderr(predicate::str::starts_with("ocrclean: 1 record: 0 changed"));
    clean()
        .arg("--check")
        .arg(dir.path().join("a.txt"))
        .arg(dir.path().join("missing.txt"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("missing.txt: no such file or folder").and(
                predicate::str::contains("2 files: 1 changed, 0 unchanged, 1 failed"),
            ),
        );
}

#[test]
fn a_folder_with_nothing_to_clean_says_so() {
    let dir = folder(&[("notes.md", NOISY.as_bytes())]);
    clean()
        .arg("--check")
        .arg(dir.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("no files match *.txt"));
}

#[test]
fn rule_codes_may_be_written_in_lower_case() {
    let dir = folder(&[("a.txt", NOISY.as_bytes())]);
    clean()
        .args(["--check", "--select", "uni,wsp", "--ignore", "uni001"])
        .arg(dir.path().join("a.txt"))
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("WSP002")
                .and(predicate::str::contains("UNI004"))
                .and(predicate::str::contains("UNI001").not()),
        );
    ocrclean()
        .args(["explain", "fur001"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("FUR001"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_named_as_one() {
    let dir = folder(&[]);
    let looped = dir.path().join("loop.txt");
    std::os::unix::fs::symlink(&looped, &looped).expect("symlink");
    let dangling = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), &dangling).expect("symlink");
    clean().arg(&looped).assert().code(2).stderr(
        predicate::str::contains("loop.txt: cannot read")
            .and(predicate::str::contains("symbolic links"))
            .and(predicate::str::contains("no such file").not()),
    );
    clean()
        .arg(&dangling)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a symbolic link to a file that does not exist",
        ));
}

#[test]
fn verbose_names_unchanged_documents_in_every_mode() {
    let dir = folder(&[("a.txt", NOISY.as_bytes()), ("ok.txt", b"Clean text.\n")]);
    let ok = dir.path().join("ok.txt");
    clean()
        .args(["--check", "-v"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("ok.txt: unchanged"));
    // --diff keeps stdout a patch: the note goes to stderr.
    clean()
        .args(["--diff", "-v"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("unchanged").not())
        .stderr(predicate::str::contains("ok.txt: unchanged"));
    clean()
        .args(["--write", "-v"])
        .arg(&ok)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("ok.txt: unchanged"));
    assert_eq!(fs::read_to_string(&ok).expect("read"), "Clean text.\n");
}
