//! Golden tests: every `samples/NAME.txt` cleans to `samples/NAME.clean.txt` (the full default
//! pipeline with unsafe fixes), and the clean text is left alone.

use std::path::PathBuf;

use ocrclean::Pipeline;
use ocrclean::edit::replay;

fn pipeline() -> Pipeline {
    Pipeline::builder()
        .unsafe_fixes(true)
        .build()
        .expect("built-in rules compile")
}

fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut pairs: Vec<_> = std::fs::read_dir(&dir)
        .expect("samples/ exists")
        .map(|e| e.expect("readable samples/").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "txt")
                && !p.to_string_lossy().ends_with(".clean.txt")
        })
        .map(|noisy| {
            let clean = noisy.with_extension("clean.txt");
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
