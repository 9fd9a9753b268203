//! `ocrclean completions SHELL` and `ocrclean man`: generated from the clap definitions, so they
//! name every subcommand and flag the binary takes.

use assert_cmd::Command;
use predicates::prelude::*;

fn ocrclean() -> Command {
    Command::cargo_bin("ocrclean").expect("binary builds")
}

fn stdout(args: &[&str]) -> String {
    let out = ocrclean()
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(out.stdout).expect("UTF-8")
}

const SUBCOMMANDS: [&str; 6] = ["clean", "rules", "explain", "config", "completions", "man"];
const CLEAN_FLAGS: [&str; 8] = [
    "--diff",
    "--check",
    "--write",
    "--out-dir",
    "--jsonl",
    "--report",
    "--select",
    "--unsafe-fixes",
];

#[test]
fn completions_for_every_shell_name_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for name in SUBCOMMANDS {
            assert!(script.contains(name), "{shell}: no `{name}`");
        }
        for flag in CLEAN_FLAGS {
            // fish lists long flags without their dashes (`-l diff`).
            let bare = flag.trim_start_matches('-');
            assert!(
                script.contains(flag) || script.contains(&format!("-l {bare}")),
                "{shell}: no `{flag}`"
            );
        }
    }
}

#[test]
fn bash_completion_is_valid_bash() {
    let script = stdout(&["completions", "bash"]);
    assert!(script.contains("complete -F _ocrclean"));
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_ok()
    {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ocrclean.bash");
        std::fs::write(&path, &script).expect("write");
        let status = std::process::Command::new("bash")
            .arg("-n")
            .arg(&path)
            .status()
            .expect("bash runs");
        assert!(status.success(), "bash -n rejects the script");
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    ocrclean()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn man_page_lists_subcommands() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie \\n(.g .ds Aq"), "roff");
    assert!(page.contains(".TH ocrclean 1"), "{page}");
    for name in SUBCOMMANDS {
        assert!(
            page.contains(&format!("ocrclean\\-{name}(1)")),
            "no `{name}` in:\n{page}"
        );
    }
}

#[test]
fn man_page_of_clean_lists_its_flags() {
    let page = stdout(&["man", "clean"]);
    assert!(page.contains(".TH ocrclean-clean 1"), "{page}");
    for flag in CLEAN_FLAGS {
        // roff escapes each dash: `\-\-diff`.
        let roff = flag.replace('-', "\\-");
        assert!(page.contains(&roff), "no `{flag}` in:\n{page}");
    }
    assert!(page.contains("review"), "flag help is included");
}

#[test]
fn man_pages_written_to_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    ocrclean()
        .args(["man", "--out-dir"])
        .arg(dir.path())
        .assert()
        .success();
    for page in [
        "ocrclean.1",
        "ocrclean-clean.1",
        "ocrclean-rules.1",
        "ocrclean-man.1",
    ] {
        assert!(dir.path().join(page).is_file(), "no {page}");
    }
}

#[test]
fn man_page_of_an_unknown_command_names_the_real_ones() {
    ocrclean().args(["man", "scrub"]).assert().code(2).stderr(
        predicate::str::contains("no command `scrub`").and(predicate::str::contains("clean")),
    );
}
