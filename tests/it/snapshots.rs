//! Snapshots of what users see: for every `samples/NAME.txt`, the JSON report
//! (`--format json`) and the diff (`--diff`) of `ocrclean clean --unsafe-fixes` are pinned in
//! `samples/expected/NAME.json` and `samples/expected/NAME.diff`, beside the clean text
//! (`NAME.txt`, checked by `samples.rs`). A change of a code, a span, a reason or a status fails
//! here and shows in review as a diff of those files.
//!
//! After a change meant to alter them, rewrite the snapshots and review the diff:
//!
//! ```sh
//! UPDATE_SNAPSHOTS=1 cargo test --test it snapshots
//! git diff samples/expected/
//! ```

use std::path::{Path, PathBuf};

use crate::util::ocrclean;

/// The views pinned for each sample: the file extension and the flags that print it.
const VIEWS: [(&str, &[&str]); 2] = [("json", &["--format", "json"]), ("diff", &["--diff"])];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The samples' names (`NAME` of `samples/NAME.txt`), sorted.
fn samples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("samples"))
        .expect("samples/ exists")
        .map(|e| e.expect("readable samples/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            let stem = p.file_stem().expect("a file name");
            stem.to_string_lossy().into_owned()
        })
        .collect();
    names.sort();
    names
}

/// What the binary prints for `samples/NAME.txt` with `flags`, run from the crate's root so that
/// the report names the file by its relative path.
fn view(name: &str, flags: &[&str]) -> String {
    let out = ocrclean()
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(["clean", "--no-config", "--unsafe-fixes"])
        .args(flags)
        .arg(format!("samples/{name}.txt"))
        .output()
        .expect("runs");
    // Exit 1 says changes were found: expected for most samples.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "samples/{name}.txt {flags:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Compares `got` with the snapshot at `path`, or writes it when `UPDATE_SNAPSHOTS` is set.
/// Returns a description of the difference, if any.
fn check(path: &Path, got: &str) -> Option<String> {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, got).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return None;
    }
    let Ok(want) = std::fs::read_to_string(path) else {
        return Some(format!(
            "{} is missing: run UPDATE_SNAPSHOTS=1 cargo test --test it snapshots",
            path.display()
        ));
    };
    if want == got {
        return None;
    }
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(w, g)| w != g)
        .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
    Some(format!(
        "{} differs from the output, first at line {}:\n  pinned: {}\n  now:    {}",
        path.display(),
        line + 1,
        want.lines().nth(line).unwrap_or("(end)"),
        got.lines().nth(line).unwrap_or("(end)"),
    ))
}

#[test]
fn reports_and_diffs_match_their_snapshots() {
    let names = samples();
    assert!(names.len() >= 2, "samples/ holds too few samples");
    let expected = root().join("samples").join("expected");
    let mut failures = Vec::new();
    for name in &names {
        for (ext, flags) in VIEWS {
            let got = view(name, flags);
            failures.extend(check(&expected.join(format!("{name}.{ext}")), &got));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is meant, rewrite the snapshots with \
         UPDATE_SNAPSHOTS=1 cargo test --test it snapshots and review `git diff samples/expected/`",
        failures.join("\n\n")
    );
}

/// The snapshots pin codes, spans and reasons: a report that lost one would differ.
#[test]
fn json_snapshots_name_code_span_and_reason() {
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        return; // the files are being rewritten by the test above
    }
    let expected = root().join("samples").join("expected");
    let mut changes = 0;
    for name in samples() {
        let path = expected.join(format!("{name}.json"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // the test above names the missing file
        };
        for line in text.lines() {
            let record: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for key in ["code", "span", "start", "reason", "status"] {
                assert!(
                    record.get(key).is_some(),
                    "{}: a change without `{key}`: {line}",
                    path.display()
                );
            }
            changes += 1;
        }
    }
    assert!(changes > 0, "no snapshot pins a change");
}
