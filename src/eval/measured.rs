//! The figures kept with each rule in its pack (`[measured.CODE]`): the rule's proposals, right
//! ones and repairs on the dev split of the labelled export corpus, with the default settings, and
//! the same on the held-out split (`[measured.CODE.heldout]`), which nothing is tuned on.
//! `cargo run --release --example measure_rules` rewrites them; a test checks they are current.

use std::collections::BTreeMap;
use std::path::Path;

use super::{EvalOptions, Inputs};
use crate::pipeline::Pipeline;
use crate::rules::{BUILTIN_PACKS, Measured, RuleBook};

/// The line that starts the generated section of a pack; everything after it is rewritten.
pub const MARKER: &str = "# Measured on the labelled export corpus";

/// What the figures were measured on.
pub const CORPUS: &str = "tests/data/exports dev split, default settings";

/// What the held-out figures were measured on.
pub const HELDOUT_CORPUS: &str = "tests/data/exports heldout split, default settings";

/// Measures every rule on the dev split of the corpus under `root` (`tests/data/exports`), each
/// with its figures on the held-out split beside them.
pub fn measure(pipeline: &Pipeline, root: &Path) -> Result<BTreeMap<String, Measured>, String> {
    let mut dev = measure_split(pipeline, root, "dev", CORPUS)?;
    let mut heldout = measure_split(pipeline, root, "heldout", HELDOUT_CORPUS)?;
    // A rule that proposes nothing on one split still gets a table there, so the two splits
    // always name the same rules and a zero is visible rather than missing.
    for code in heldout.keys() {
        dev.entry(code.clone())
            .or_insert_with(|| empty(CORPUS, heldout[code].labelled));
    }
    for (code, m) in &mut dev {
        let h = heldout
            .remove(code)
            .unwrap_or_else(|| empty(HELDOUT_CORPUS, 0));
        m.heldout = Some(Box::new(h));
    }
    Ok(dev)
}

fn empty(corpus: &str, labelled: usize) -> Measured {
    Measured {
        corpus: corpus.to_string(),
        proposals: 0,
        right: 0,
        on_clean: 0,
        labelled,
        repaired: 0,
        heldout: None,
    }
}

/// Every rule's figures on one split (`dev` or `heldout`) of the corpus under `root`.
fn measure_split(
    pipeline: &Pipeline,
    root: &Path,
    split: &str,
    corpus: &str,
) -> Result<BTreeMap<String, Measured>, String> {
    let inputs = Inputs {
        paths: vec![root.join("noisy").join(split)],
        gold: Some(root.join("expected").join(split)),
        labels: Some(root.join("labels").join(split)),
        ..Inputs::default()
    };
    let (samples, errors) = super::load(&inputs);
    if let Some(e) = errors.first() {
        return Err(e.to_string());
    }
    let report = super::evaluate(pipeline, &samples, &EvalOptions::default());
    let labels = report.labels.ok_or_else(|| {
        format!(
            "{}: no labelled documents in the {split} split",
            root.display()
        )
    })?;
    Ok(labels
        .rules
        .into_iter()
        .map(|r| {
            let t = r.tally;
            let m = Measured {
                corpus: corpus.to_string(),
                proposals: t.proposals(),
                right: t.right,
                on_clean: t.wrong_on_clean,
                labelled: t.labelled,
                repaired: t.fixable,
                heldout: None,
            };
            (r.code, m)
        })
        .collect())
}

/// Each built-in pack whose generated section differs from the figures measured on the corpus
/// under `root`, with its text as it should be: the packs `measure_rules` rewrites and the test
/// of the figures calls stale.
pub fn stale_packs(
    pipeline: &Pipeline,
    root: &Path,
) -> Result<Vec<(&'static str, String)>, String> {
    let figures = measure(pipeline, root)?;
    let book = RuleBook::builtin();
    let mut stale = Vec::new();
    for &(pack, text) in BUILTIN_PACKS {
        let codes: Vec<&str> = book
            .rules()
            .iter()
            .filter(|r| r.origin.file == Path::new(pack))
            .map(|r| r.code.as_str())
            .collect();
        let new = with_section(text, &codes, &figures);
        if new != text {
            stale.push((pack, new));
        }
    }
    Ok(stale)
}

/// `pack` with its generated section replaced by the figures of `codes` (those measured).
pub fn with_section(pack: &str, codes: &[&str], figures: &BTreeMap<String, Measured>) -> String {
    let kept = match pack.find(&format!("\n{MARKER}")) {
        Some(i) => &pack[..i + 1],
        None => pack,
    };
    let mut out = kept.trim_end_matches('\n').to_string();
    out.push('\n');
    let mut section = String::new();
    for code in codes {
        let Some(m) = figures.get(*code) else {
            continue;
        };
        // Written as two tables: serialized whole, the held-out figures would become a
        // top-level `[heldout]` table once placed under `[measured.CODE]`.
        let dev = Measured {
            heldout: None,
            ..m.clone()
        };
        let table = toml::to_string(&dev).unwrap_or_default();
        section.push_str(&format!("\n[measured.{code}]\n{table}"));
        if let Some(h) = &m.heldout {
            let table = toml::to_string(h).unwrap_or_default();
            section.push_str(&format!("\n[measured.{code}.heldout]\n{table}"));
        }
    }
    if !section.is_empty() {
        out.push_str(&format!(
            "\n{MARKER} ({CORPUS}; `.heldout`: the heldout split).\n# Generated by `cargo run --release --example measure_rules`: do not edit by hand.\n"
        ));
        out.push_str(&section);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_is_replaced() {
        let mut figures = BTreeMap::new();
        figures.insert(
            "FUR001".to_string(),
            Measured {
                corpus: CORPUS.into(),
                proposals: 3,
                right: 3,
                on_clean: 0,
                labelled: 4,
                repaired: 3,
                heldout: Some(Box::new(empty(HELDOUT_CORPUS, 2))),
            },
        );
        let pack = "[[rule]]\ncode = \"FUR001\"\n";
        let once = with_section(pack, &["FUR001", "FUR002"], &figures);
        assert!(once.contains("[measured.FUR001]\ncorpus = "), "{once}");
        assert!(
            once.contains("[measured.FUR001.heldout]\ncorpus = "),
            "{once}"
        );
        // What is written reads back as the same figures, held-out table included.
        let back: toml::Table = toml::from_str(&once).unwrap();
        let read: Measured = back["measured"]["FUR001"].clone().try_into().unwrap();
        assert_eq!(&read, &figures["FUR001"]);
        assert_eq!(with_section(&once, &["FUR001"], &figures), once);
        assert_eq!(with_section(&once, &["FUR002"], &figures), pack);
    }
}
