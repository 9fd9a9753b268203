//! Rewrites the `[measured.CODE]` figures at the end of every built-in rule pack from the dev
//! split of the labelled export corpus, and `[measured.CODE.heldout]` from its held-out split:
//! `cargo run --release --example measure_rules`. The test
//! `measured::figures_are_current` fails when a pack's figures differ from what this writes.

use std::path::Path;

use ocrclean::Pipeline;
use ocrclean::eval::measured;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stale = measured::stale_packs(&Pipeline::default(), &root.join("tests/data/exports"))
        .map_err(anyhow::Error::msg)?;
    for (pack, text) in stale {
        std::fs::write(root.join(pack), text)?;
        println!("{pack}: figures rewritten");
    }
    Ok(())
}
