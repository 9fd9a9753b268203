//! The README's quoted runs are true: every fenced block that starts with `$ ocrclean …` is run
//! (in a copy of `samples/`) and must print what the block shows, stdout and stderr in the order
//! they come, timings aside.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

/// `(command, expected output)` of every quoted run in the README.
fn quoted_runs(readme: &str) -> Vec<(String, String)> {
    let mut runs = Vec::new();
    let mut block: Option<Vec<&str>> = None;
    for line in readme.lines() {
        match (&mut block, line.starts_with("```")) {
            (None, true) => block = Some(Vec::new()),
            (Some(lines), true) => {
                if let Some(command) = lines.first().and_then(|l| l.strip_prefix("$ ocrclean ")) {
                    let mut expected = lines[1..].join("\n");
                    expected.push('\n');
                    runs.push((command.to_string(), expected));
                }
                block = None;
            }
            (Some(lines), false) => lines.push(line),
            (None, false) => {}
        }
    }
    runs
}

/// Times and rates vary from run to run.
fn without_timings(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = match line.find(" MB in ") {
            Some(i) => format!("{} MB in (time)", &line[..i]),
            None => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("ls") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[test]
fn the_readme_quotes_what_the_commands_print() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let runs = quoted_runs(&readme);
    assert!(runs.len() >= 3, "the README quotes {} runs", runs.len());
    let mut wrong = Vec::new();
    for (command, expected) in runs {
        let dir = tempfile::tempdir().expect("tmp");
        copy_dir(&root.join("samples"), &dir.path().join("samples"));
        assert!(!command.contains(['"', '\'', '|', '>']), "{command}");
        // One file for both streams, so lines come in the order the run printed them.
        let log = dir.path().join("output.log");
        let file = fs::File::create(&log).expect("create");
        let status = Command::new(assert_cmd::cargo::cargo_bin("ocrclean"))
            .args(command.split_whitespace())
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::from(file.try_clone().expect("clone")))
            .stderr(Stdio::from(file))
            .status()
            .expect("runs");
        assert!(status.code().is_some_and(|c| c < 2), "{command}: {status}");
        let got = without_timings(&fs::read_to_string(&log).expect("log"));
        if got != without_timings(&expected) {
            wrong.push(format!(
                "$ ocrclean {command}\n--- the README shows ---\n{expected}--- it prints ---\n{got}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The README's `cargo test` passes with only Rust and git: every test that starts a browser or
/// installs from a package registry is `#[ignore = "needs …"]` (`.ci/run` runs them), and the
/// Install section names the Rust version the crate declares.
#[test]
fn tests_needing_outside_programs_are_ignored_and_install_names_the_rust_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Written so that this test's own source does not hold them.
    let outside = [concat!("chromium", "()"), "-m\", \"venv\"", "pip\""];
    for entry in fs::read_dir(root.join("tests/it")).expect("tests/it") {
        let path = entry.expect("entry").path();
        let Ok(source) = fs::read_to_string(&path) else {
            continue;
        };
        // Each test: its attributes, then its body up to the next test.
        for test in source.split("#[test]").skip(1) {
            let body = test.split("\n}\n").next().unwrap_or(test);
            let needs = outside.iter().any(|o| body.contains(o));
            let attributes = body.split("fn ").next().unwrap_or("");
            assert!(
                !needs || attributes.contains("#[ignore = \"needs "),
                "{}: a test that needs an outside program is not ignored:\n{}",
                path.display(),
                body.lines().take(3).collect::<Vec<_>>().join("\n")
            );
        }
    }
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let manifest = fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("Cargo.toml declares rust-version");
    let install = readme
        .split("## Install")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the README has an Install section");
    assert!(install.contains(&format!("Rust {version}")), "{install}");
    assert!(install.contains("cargo install --path ."), "{install}");
    assert!(install.contains("cargo test"), "{install}");
}
