//! Rewrites the `[measured.CODE]` figures at the end of every built-in rule pack from the dev
//! split of the labelled export corpus: `cargo run --release --example measure_rules`. The test
//! `measured::figures_are_current` fails when a pack's figures differ from what this writes.

use std::path::Path;

use ocrclean::eval::measured;
use ocrclean::rules::BUILTIN_PACKS;
use ocrclean::{Pipeline, RuleBook};

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let figures = measured::measure(&Pipeline::default(), &root.join("tests/data/exports"))
        .map_err(anyhow::Error::msg)?;
    let book = RuleBook::builtin();
    for (pack, text) in BUILTIN_PACKS {
        let codes: Vec<&str> = book
            .rules()
            .iter()
            .filter(|r| r.origin.file == Path::new(pack))
            .map(|r| r.code.as_str())
            .collect();
        let new = measured::with_section(text, &codes, &figures);
        if new != *text {
            std::fs::write(root.join(pack), new)?;
            println!("{pack}: figures rewritten");
        }
    }
    Ok(())
}
