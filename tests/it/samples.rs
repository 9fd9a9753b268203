//! Golden tests: every `samples/NAME.txt` cleans to `samples/expected/NAME.txt` (the full default
//! pipeline with unsafe fixes), and the clean text is left alone.

use std::path::PathBuf;
use std::sync::Arc;

use ocrclean::edit::replay;
use ocrclean::{Options, Pipeline, RuleBook, Selection};

fn pipeline() -> Pipeline {
    let book = RuleBook::builtin();
    let selection = Selection::defaults(&book);
    Pipeline::new(
        Arc::new(book),
        Options {
            selection,
            unsafe_fixes: true,
            captions: Default::default(),
            words: Arc::default(),
        },
    )
    .expect("built-in rules compile")
}

fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut pairs: Vec<_> = std::fs::read_dir(&dir)
        .expect("samples/ exists")
        .map(|e| e.expect("readable samples/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|noisy| {
            let name = noisy.file_name().expect("a file name");
            let clean = dir.join("expected").join(name);
            (noisy, clean)
        })
        .collect();
    pairs.sort();
    pairs
}

#[test]
fn samples_clean_to_their_golden_output() {
    let pipeline = pipeline();
    let pairs = pairs();
    assert!(pairs.len() >= 2, "samples/ holds too few pairs");
    let mut failures = Vec::new();
    for (noisy, clean) in &pairs {
        let input = std::fs::read_to_string(noisy).expect("readable sample");
        let expected = std::fs::read_to_string(clean)
            .unwrap_or_else(|_| panic!("{} has no {}", noisy.display(), clean.display()));
        let cleaned = pipeline.clean(&input);
        if cleaned.text != expected {
            failures.push(format!(
                "{}: output differs from {}\n--- got ---\n{}",
                noisy.display(),
                clean.display(),
                cleaned.text
            ));
        }
        assert_eq!(
            replay(&input, &cleaned.changes),
            cleaned.text,
            "{}",
            noisy.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn golden_outputs_are_fixed_points() {
    let pipeline = pipeline();
    for (_, clean) in pairs() {
        let text = std::fs::read_to_string(&clean).expect("readable sample");
        let again = pipeline.clean(&text);
        let applied: Vec<_> = again.applied().collect();
        assert!(
            applied.is_empty(),
            "{} changes again: {applied:#?}",
            clean.display()
        );
    }
}

#[test]
fn every_expected_output_has_its_sample() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    for e in std::fs::read_dir(dir.join("expected")).expect("samples/expected/ exists") {
        let name = e.expect("entry").file_name();
        assert!(
            dir.join(&name).is_file(),
            "samples/expected/{} has no samples/{0}",
            name.to_string_lossy()
        );
    }
}

#[test]
fn a_run_over_the_samples_reads_no_expected_output() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let samples = pairs().len();
    let out = assert_cmd::Command::cargo_bin("ocrclean")
        .expect("binary")
        .args(["clean", "--no-config", "--check"])
        .arg(&dir)
        .output()
        .expect("runs");
    let stdout = String::from_utf8(out.stdout).expect("utf8");
    let stderr = String::from_utf8(out.stderr).expect("utf8");
    assert!(!stdout.contains("expected"), "{stdout}");
    assert!(
        stderr.contains(&format!("ocrclean: {samples} files:")),
        "{stderr}"
    );
}
