//! Single-core throughput of the word repair stages (hyphen, split, confusion), alone and
//! together, in MB/s.
//!
//! `cargo bench --bench word_repair`. Runs on a built-in news text (clean, and with the artefacts
//! the stages repair), and on the development set in `../shared/eval/` when it is there (dirty:
//! the raw OCR; clean: the human-corrected side). The batch evidence is gathered once beforehand,
//! as the CLI does; unsafe fixes are on, so every reading the stages find is applied.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use ocrclean::{Batch, Pipeline, RuleBook, Selection};

/// News prose, clean.
const NEWS: &str = "China and Russia have pledged to defend a multipolar world, jointly \
condemning what they called bloc confrontation in talks in Beijing yesterday. In a meeting with \
the Russian foreign minister, the president said China was willing to increase strategic \
coordination with Russia within multilateral frameworks to promote reform of the global system.\n\
The two sides also discussed the democratisation of international relations, the situation in \
Ukraine and the Korean peninsula, and co-operation in energy, trade and finance. Officials in \
Hong Kong said the long-term outlook for the city's economy remained uncertain, while analysts \
in Sydney and Melbourne warned that commodity prices could fall further before the end of the \
year. The organisation's spokeswoman, Ms Jane O'Brien, said no decision had been made.\n\n";

/// The same prose with what the word repair stages fix.
const NEWS_DIRTY: &str = "China and Russia have pledged to defend a multipolar world, jointly \
condemning what they called bloc confrontation in talks in Beijing yesterday. In a meeting with \
tbe Russian foreign minister, the president said China was willing to increase strategic co-\n\
ordination with Russia within multilateral frameworks to promote reform of tothe global system.\n\
The two sides also discussed the democratisationand of international relations, the situation in \
Ukraine and the Korean peninsula, and RussiaChina co-operation in energy, trade and finance. \
Officials in HongKong said the long-term outlook for the city's economy remained uncertain, while \
analysts in Sydney and Melbourne warned that commodity prices could fall further before the end \
of the vear. The organisation's spokeswoman, Ms Jane O'Brien, said no decision bad been rnade.\n\n";

struct Corpus {
    name: &'static str,
    docs: Vec<String>,
}

impl Corpus {
    fn bytes(&self) -> usize {
        self.docs.iter().map(String::len).sum()
    }
}

fn overproof(side: &str) -> Option<Vec<String>> {
    // `../shared` from a checkout of main, `../../shared` from a worktree under `wt/`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = ["../shared", "../../shared"].iter().find_map(|s| {
        std::fs::read_to_string(root.join(s).join("eval/overproof-smh/articles.jsonl")).ok()
    })?;
    Some(
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v[side].as_str().map(|s| format!("{s}\n")))
            .collect(),
    )
}

fn pipeline(codes: &[&str]) -> Pipeline {
    let book = RuleBook::builtin();
    let codes: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
    let selection = Selection::resolve(&book, Some(&codes), &[], &[]).expect("known codes");
    Pipeline::builder()
        .rules(book)
        .selection(selection)
        .unsafe_fixes(true)
        .build()
        .expect("built-in rules")
}

/// Best MB/s of five rounds of at least `budget` each. Each round cleans the corpus with a
/// pipeline fresh from `make` (built before the clock starts), so that what a stage remembers
/// of the batch (the confusion stage's candidates per form) is found afresh every round, as in
/// one run of the command over that batch.
fn measure(
    corpus: &Corpus,
    budget: Duration,
    make: impl Fn() -> Pipeline,
    mut f: impl FnMut(&Pipeline, &str),
) -> f64 {
    let bytes = corpus.bytes() as f64;
    let mut best = 0f64;
    for _ in 0..5 {
        let mut spent = Duration::ZERO;
        let mut rounds = 0u32;
        while spent < budget || rounds == 0 {
            let p = make();
            let start = Instant::now();
            for d in &corpus.docs {
                f(&p, d);
            }
            spent += start.elapsed();
            rounds += 1;
        }
        best = best.max(bytes * f64::from(rounds) / spent.as_secs_f64() / 1e6);
    }
    best
}

fn main() {
    let repeat = |s: &str| -> Vec<String> { (0..200).map(|_| s.to_string()).collect() };
    let mut corpora = vec![
        Corpus {
            name: "news, clean",
            docs: repeat(NEWS),
        },
        Corpus {
            name: "news, with artefacts",
            docs: repeat(NEWS_DIRTY),
        },
    ];
    if let Some(docs) = overproof("ocr") {
        corpora.push(Corpus {
            name: "overproof OCR (dirty)",
            docs,
        });
    }
    if let Some(docs) = overproof("gt") {
        corpora.push(Corpus {
            name: "overproof gold (clean)",
            docs,
        });
    }
    let stages: [(&str, &[&str]); 4] = [
        ("hyphen", &["HYP"]),
        ("split", &["SPL"]),
        ("confusion", &["OCR"]),
        ("all three", &["HYP", "SPL", "OCR"]),
    ];
    println!(
        "single core, unsafe fixes on, a fresh pipeline each pass; MB/s, best of 5 rounds of >= 0.5 s"
    );
    // `cargo bench --bench word_repair -- clean confusion`: only the corpora whose name holds
    // `clean`, and only the stages whose name holds `confusion`.
    let mut filters = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let only = filters.next();
    let only_stage = filters.next();
    for corpus in corpora
        .iter()
        .filter(|c| only.as_ref().is_none_or(|o| c.name.contains(o.as_str())))
    {
        let batch = Batch::gather(&corpus.docs);
        print!(
            "{:<24} {:>8.1} KB",
            corpus.name,
            corpus.bytes() as f64 / 1e3
        );
        for (name, codes) in stages
            .iter()
            .filter(|(n, _)| only_stage.as_ref().is_none_or(|o| n.contains(o.as_str())))
        {
            let mbps = measure(
                corpus,
                Duration::from_millis(500),
                || pipeline(codes),
                |p, d| {
                    let ctx = ocrclean::Context {
                        batch: Some(&batch),
                        ..p.context()
                    };
                    black_box(p.clean_with(black_box(d), &ctx));
                },
            );
            print!("   {name} {mbps:>7.1}");
        }
        println!();
    }
}
