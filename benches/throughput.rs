//! Single-core throughput of the default pipeline, in MB/s, on clean and on dirty news text.
//!
//! `cargo bench --bench throughput` (add `-- --unsafe` to apply unsafe fixes too, `-- --select HYP`
//! to time only some rules). Reads the
//! development set in `../shared/eval/` when it is there (clean text: the human-corrected side;
//! dirty text: the raw OCR side), and always the bundled `samples/` (dirty: `*.txt`, clean:
//! `expected/*.txt`). Each corpus is cleaned document by document, as the CLI does, with the batch
//! evidence gathered once beforehand (that pass is timed separately).

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ocrclean::{Batch, Options, Pipeline, RuleBook, Selection};

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
    // `../shared` from the main checkout, `../../shared` from a worktree under `wt/`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = ["..", "../.."].iter().find_map(|up| {
        std::fs::read_to_string(
            root.join(up)
                .join("shared/eval/overproof-smh/articles.jsonl"),
        )
        .ok()
    })?;
    let docs = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            v[side]
                .as_str()
                .map(|s| format!("{}\n", s.trim_end_matches('\n')))
        })
        .collect();
    Some(docs)
}

/// The noisy samples, or their expected outputs (`samples/expected/`).
fn samples(clean: bool) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let dir = if clean { dir.join("expected") } else { dir };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

/// `--select A,B`: only those rules (to see what one stage costs).
fn pipeline(unsafe_fixes: bool, select: Option<&[String]>) -> Pipeline {
    let book = RuleBook::builtin();
    let selection = Selection::resolve(&book, select, &[], &[]).expect("known rule codes");
    Pipeline::new(
        Arc::new(book),
        Options {
            selection,
            unsafe_fixes,
            captions: Default::default(),
            words: Arc::default(),
        },
    )
    .expect("built-in rules")
}

/// Runs `f` over the corpus until at least `budget` has passed; returns the best MB/s of
/// five such rounds (the least disturbed by whatever else the machine is doing).
fn measure(corpus: &Corpus, budget: Duration, mut f: impl FnMut(&str)) -> f64 {
    let bytes = corpus.bytes() as f64;
    let mut best = 0f64;
    for _ in 0..5 {
        let start = Instant::now();
        let mut rounds = 0u32;
        while start.elapsed() < budget || rounds == 0 {
            for d in &corpus.docs {
                f(d);
            }
            rounds += 1;
        }
        let mbps = bytes * f64::from(rounds) / start.elapsed().as_secs_f64() / 1e6;
        best = best.max(mbps);
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let unsafe_fixes = args.iter().any(|a| a == "--unsafe");
    let select: Option<Vec<String>> = args
        .iter()
        .position(|a| a == "--select")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.split(',').map(str::to_owned).collect());
    let pipeline = pipeline(unsafe_fixes, select.as_deref());
    let mut corpora = vec![
        Corpus {
            name: "samples, noisy",
            docs: samples(false),
        },
        Corpus {
            name: "samples, clean",
            docs: samples(true),
        },
    ];
    if let Some(docs) = overproof("ocr") {
        corpora.push(Corpus {
            name: "overproof-smh OCR (dirty)",
            docs,
        });
    }
    if let Some(docs) = overproof("gt") {
        corpora.push(Corpus {
            name: "overproof-smh gold (clean)",
            docs,
        });
    }
    println!(
        "single core, {} fixes; MB/s, best of 5 rounds of >= 1 s",
        if unsafe_fixes {
            "safe and unsafe"
        } else {
            "safe"
        }
    );
    for corpus in corpora.iter().filter(|c| !c.docs.is_empty()) {
        let batch = Batch::gather(&corpus.docs);
        let changed = corpus.docs.iter().filter(|d| {
            let ctx = ocrclean::Context {
                batch: Some(&batch),
                ..pipeline.context()
            };
            pipeline.clean_with(d, &ctx).changed()
        });
        let changed = changed.count();
        let clean = measure(corpus, Duration::from_secs(1), |d| {
            let ctx = ocrclean::Context {
                batch: Some(&batch),
                ..pipeline.context()
            };
            black_box(pipeline.clean_with(black_box(d), &ctx));
        });
        let gather = measure(corpus, Duration::from_millis(300), |d| {
            black_box(Batch::gather(&[black_box(d)]));
        });
        println!(
            "{:<28} {:>5} docs {:>8.1} KB  {:>3} changed   pipeline {:>7.1} MB/s   batch pass {:>7.1} MB/s",
            corpus.name,
            corpus.docs.len(),
            corpus.bytes() as f64 / 1e3,
            changed,
            clean,
            gather
        );
    }
}
