//! The labelled export corpus (`tests/data/exports/`): the committed files are exactly what the
//! generator writes from the articles (as typos checks its generated dictionary), and every label
//! describes its noisy text.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ocrclean::eval::exports;
use ocrclean::eval::labels::Labels;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/exports")
}

fn generated() -> Vec<exports::Generated> {
    let root = root();
    exports::generate(&[&root.join("articles")], exports::SEED).expect("the articles parse")
}

fn committed(dir: &Path, out: &mut BTreeSet<String>, root: &Path) {
    for e in std::fs::read_dir(dir).expect("readable corpus folder") {
        let p = e.expect("readable entry").path();
        if p.is_dir() {
            committed(&p, out, root);
        } else {
            let rel = p.strip_prefix(root).expect("under the root");
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn corpus_is_current() {
    let root = root();
    let files = exports::files(&generated());
    let mut on_disk = BTreeSet::new();
    for sub in ["noisy", "expected", "labels"] {
        if root.join(sub).exists() {
            committed(&root.join(sub), &mut on_disk, &root);
        }
    }
    let mut stale = Vec::new();
    for (rel, text) in &files {
        on_disk.remove(rel);
        if std::fs::read_to_string(root.join(rel)).ok().as_deref() != Some(text.as_str()) {
            stale.push(rel.clone());
        }
    }
    stale.extend(on_disk);
    assert!(
        stale.is_empty(),
        "the export corpus is out of date ({} files, first {:?}): run `cargo run --example export_corpus` and commit the result",
        stale.len(),
        stale.first()
    );
}

#[test]
fn labels_describe_their_texts() {
    for d in generated() {
        let r = &d.rendered;
        r.labels
            .check(&r.noisy)
            .unwrap_or_else(|e| panic!("{}: {e}", d.path));
        let back = Labels::parse(&r.labels.to_toml()).expect("labels read back");
        assert_eq!(back, r.labels, "{}", d.path);
        // Repairing every artifact and appending the moved paragraphs gives the expected text.
        let mut repaired = String::new();
        let mut last = 0;
        for a in &r.labels.artifacts {
            repaired.push_str(&r.noisy[last..a.span[0]]);
            repaired.push_str(&a.after);
            last = a.span[1];
        }
        repaired.push_str(&r.noisy[last..]);
        let body = repaired.trim_end_matches('\n').to_string();
        let mut full = body;
        for m in &r.labels.moved {
            full.push_str("\n\n");
            full.push_str(&m.text);
        }
        full.push('\n');
        assert_eq!(full, r.expected, "{}", d.path);
        if d.path.contains("/clean/") {
            assert!(
                r.labels.artifacts.is_empty() && r.noisy == r.expected,
                "{}",
                d.path
            );
        }
    }
}
