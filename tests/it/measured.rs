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

/// The safety bar, kept by the figures: a safe rule that proposes anything on the labelled corpus
/// is right at least 99.5 % of the time on the dev split and on the held-out split (one slip
/// allowed where a split has under 200 proposals) and never touches a clean rendering. (A rule
/// with no proposals there, such as the unicode rules, is measured elsewhere.)
#[test]
fn safe_rules_meet_the_bar_where_measured() {
    let book = RuleBook::builtin();
    let below: Vec<String> = book
        .rules()
        .iter()
        .filter(|r| r.safe)
        .filter_map(|r| Some((r, r.measured.as_ref()?)))
        .filter(|(_, m)| !m.meets_the_bar_on_both_splits())
        .map(|(r, m)| {
            let h = m.heldout.as_deref().map_or(String::new(), |h| {
                format!(", held-out {} of {} right", h.right, h.proposals)
            });
            format!("{} (dev {} of {} right{h})", r.code, m.right, m.proposals)
        })
        .collect();
    assert!(below.is_empty(), "safe rules below the bar: {below:?}");
}

/// Every measured rule has its held-out figures too: the dev figures alone cannot show a rule
/// fitted to the articles it was tuned on.
#[test]
fn every_measured_rule_has_heldout_figures() {
    let book = RuleBook::builtin();
    let missing: Vec<&str> = book
        .rules()
        .iter()
        .filter(|r| r.measured.as_ref().is_some_and(|m| m.heldout.is_none()))
        .map(|r| r.code.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no [measured.CODE.heldout] table for {missing:?}: run `cargo run --release --example measure_rules`"
    );
}
