//! Golden samples: every `samples/NAME.txt` cleaned by the full default pipeline, with unsafe
//! fixes applied, must give `samples/NAME.clean.txt` byte for byte; cleaning that again must
//! change nothing; and the report must reproduce the output.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ocrclean::edit::replay;
use ocrclean::{Options, Pipeline, RuleBook, Selection};

fn pipeline() -> Pipeline {
    let book = RuleBook::builtin();
    let options = Options {
        selection: Selection::defaults(&book),
        unsafe_fixes: true,
        captions: Default::default(),
    };
    Pipeline::new(Arc::new(book), options).expect("built-in rules compile")
}

fn pairs() -> Vec<(PathBuf, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("samples/ exists") {
        let path = entry.expect("readable samples/").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".txt") && !name.ends_with(".clean.txt") {
            let clean = path.with_file_name(name.replace(".txt", ".clean.txt"));
            out.push((path, clean));
        }
    }
    out.sort();
    out
}

#[test]
fn samples_clean_to_their_golden_output() {
    let p = pipeline();
    let pairs = pairs();
    assert!(!pairs.is_empty(), "no samples found");
    let mut failures = Vec::new();
    for (input, golden) in &pairs {
        let text = std::fs::read_to_string(input).expect("sample readable");
        let expected = std::fs::read_to_string(golden)
            .unwrap_or_else(|e| panic!("{} has no {}: {e}", input.display(), golden.display()));
        let cleaned = p.clean(&text);
        if cleaned.text != expected {
            let diff = similar::TextDiff::from_lines(expected.as_str(), &*cleaned.text)
                .unified_diff()
                .header("expected", "got")
                .to_string();
            failures.push(format!("{}:\n{diff}", input.display()));
            continue;
        }
        assert_eq!(
            replay(&text, &cleaned.changes),
            cleaned.text,
            "{}: the report does not reproduce the output",
            input.display()
        );
        let again = p.clean(&cleaned.text);
        if !again.changes.is_empty() {
            failures.push(format!(
                "{}: a second run changes {:?}",
                input.display(),
                again
                    .changes
                    .iter()
                    .map(|c| (c.code.as_str(), &c.before, &c.after))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
