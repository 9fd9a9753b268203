//! The `[measured.CODE]` figures kept in the rule packs are what the dev split of the labelled
//! export corpus gives today (as typos checks its generated tables).

use std::path::Path;

use ocrclean::eval::measured;
use ocrclean::{Pipeline, RuleBook};

#[test]
fn figures_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let stale: Vec<&str> =
        measured::stale_packs(&Pipeline::default(), &root.join("tests/data/exports"))
            .expect("the corpus loads")
            .into_iter()
            .map(|(pack, _)| pack)
            .collect();
    let book = RuleBook::builtin();
    assert!(
        stale.is_empty(),
        "measured figures out of date in {stale:?}: run `cargo run --release --example measure_rules` and commit the packs"
    );
    // FUR001 is safe by measurement, and `ocrclean explain` has the figures to show it.
    let fur = book.get("FUR001".parse().unwrap()).unwrap();
    let m = fur.measured.as_ref().expect("FUR001 measured");
    assert!(fur.safe && m.proposals >= 200 && m.precision() >= Some(0.995));
}
