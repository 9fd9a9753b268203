//! Writes the labelled export corpus (`tests/data/exports/{noisy,expected,labels}/`) from the
//! articles in `tests/data/exports/articles/`, with the fixed
//! seed: `cargo run --example export_corpus`. The test `exports::corpus_is_current` fails when the
//! committed files differ from what this writes. See `ocrclean::eval::exports`.

use std::path::Path;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/exports");
    let docs = ocrclean::eval::exports::generate(
        &[&root.join("articles")],
        ocrclean::eval::exports::SEED,
    )?;
    for sub in ["noisy", "expected", "labels"] {
        let dir = root.join(sub);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    let files = ocrclean::eval::exports::files(&docs);
    for (rel, text) in &files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
    }
    println!(
        "wrote {} documents ({} files) under {}",
        docs.len(),
        files.len(),
        root.display()
    );
    Ok(())
}
