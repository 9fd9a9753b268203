//! Single-core throughput of the furniture stage alone, in MB/s: on clean text (where it must be
//! nearly free), on text with footers and folios, and with furniture learned from a batch.
//!
//! `cargo bench --bench furniture`. Time is the process's on-CPU time, so the figures hold on a
//! busy machine. Reads the gold side of `../shared/eval/overproof-smh/` when it
//! is there (hard-wrapped columns, and the same lines with each line made its own paragraph: the
//! worst case, every line a candidate), and always the bundled `samples/` and generated pages.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use ocrclean::stages::Furniture;

use ocrclean::{Batch, Pipeline, RuleBook, Selection, Stage};

struct Corpus {
    name: &'static str,
    docs: Vec<String>,
}

fn overproof_gold(paragraph_per_line: bool) -> Option<Vec<String>> {
    // `../shared` from the main checkout, `../../shared` from a worktree under `wt/`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = ["..", "../.."].iter().find_map(|up| {
        std::fs::read_to_string(
            root.join(up)
                .join("shared/eval/overproof-smh/articles.jsonl"),
        )
        .ok()
    })?;
    let sep = if paragraph_per_line { "\n\n" } else { "\n" };
    Some(
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let lines: Vec<&str> = v["gt_lines"]
                    .as_array()?
                    .iter()
                    .filter_map(|l| l.as_str())
                    .collect();
                Some(format!("{}\n", lines.join(sep)))
            })
            .collect(),
    )
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

/// Generated pages: news paragraphs with a folio on top and a publisher's footer (not in any
/// pack: only the batch can teach it) at the bottom.
fn pages(n: usize, furniture: bool) -> Vec<String> {
    let places = [
        "Eastbank",
        "Northgate",
        "Millbrook",
        "Kelso",
        "Westhaven",
        "Arden",
    ];
    (0..n)
        .map(|i| {
            let place = places[i % places.len()];
            let mut page = if furniture {
                format!("Evening Courier — {}\n\n", i + 2)
            } else {
                String::new()
            };
            page.push_str(&format!("{place} council meets\n\n"));
            for p in 0..8 {
                page.push_str(&format!(
                    "Councillors in {place} met for the {p}th time this year to discuss the budget, the pool and the bus service, and agreed to meet again after the summer recess.\n\n"
                ));
            }
            if furniture {
                page.push_str("Evening Courier · Reader services 0800 555 0199 · courier.example\n");
            }
            page
        })
        .collect()
}

/// Nanoseconds the threads of this process have spent on a CPU (Linux), so that figures do not
/// depend on what else the machine is running; wall-clock time elsewhere. The batch pass runs on
/// the (one-thread) rayon pool, hence all threads.
fn cpu_ns() -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let stat = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += stat.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: cpu_ns(),
        }
    }

    fn seconds(&self) -> f64 {
        match (self.cpu, cpu_ns()) {
            (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

/// Best MB/s of five rounds of at least half a second each.
fn measure(docs: &[String], mut f: impl FnMut(&str)) -> f64 {
    let bytes: usize = docs.iter().map(String::len).sum();
    let mut best = 0f64;
    for _ in 0..5 {
        let clock = Clock::start();
        let mut rounds = 0u32;
        // Rounds are counted on the wall clock, which is cheap to read; the CPU time is read once.
        while clock.wall.elapsed().as_secs_f64() < 0.5 || rounds == 0 {
            for d in docs {
                f(d);
            }
            rounds += 1;
        }
        best = best.max(bytes as f64 * f64::from(rounds) / clock.seconds() / 1e6);
    }
    best
}

fn main() {
    // Single core, the batch pass included.
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .expect("no pool yet");
    let book = RuleBook::builtin();
    let selection = Selection::defaults(&book);
    let stage = Furniture::new(&book).expect("built-in furniture rules");
    let with = |selection: Selection| {
        Pipeline::builder()
            .rules(RuleBook::builtin())
            .selection(selection)
            .unsafe_fixes(true)
            .build()
            .expect("built-in rules")
    };
    let full = with(selection.clone());
    let no_furniture = with(
        Selection::resolve(&book, None, &[], &["FUR".to_string()]).expect("FUR selects rules"),
    );
    let mut corpora = vec![
        Corpus {
            name: "samples, clean",
            docs: samples(true),
        },
        Corpus {
            name: "samples, with furniture",
            docs: samples(false),
        },
        Corpus {
            name: "50 articles, clean",
            docs: pages(50, false),
        },
        Corpus {
            name: "50 pages, learned furniture",
            docs: pages(50, true),
        },
    ];
    if let Some(docs) = overproof_gold(false) {
        corpora.push(Corpus {
            name: "overproof gold, columns",
            docs,
        });
    }
    if let Some(docs) = overproof_gold(true) {
        corpora.push(Corpus {
            name: "overproof gold, line = para",
            docs,
        });
    }
    println!(
        "single core, MB/s: the furniture stage alone, the batch pass, and the default pipeline \
         (unsafe fixes on) with and without the FUR rules; CPU time (on-CPU ns of the \
         process's threads, /proc/self/task/*/schedstat), best of 5 rounds of >= 0.5 s wall time"
    );
    // `cargo bench --bench furniture -- NAME` runs the corpora whose name contains NAME.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    for corpus in corpora
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|o| c.name.contains(o.as_str())))
    {
        // The batch is the corpus, as the CLI gathers it (timed separately).
        let batch = Batch::gather(&corpus.docs);
        let ctx = ocrclean::Context {
            selection: &selection,
            batch: Some(&batch),
            suppressions: &[],
            line_form: ocrclean::LineForm::none(),
        };
        let edits: usize = corpus
            .docs
            .iter()
            .map(|d| stage.propose(d, &ctx).len())
            .sum();
        let mbps = measure(&corpus.docs, |d| {
            black_box(stage.propose(black_box(d), &ctx));
        });
        let gather = measure(std::slice::from_ref(&corpus.docs.concat()), |_| {
            black_box(Batch::gather(black_box(&corpus.docs)));
        });
        let bytes: usize = corpus.docs.iter().map(String::len).sum();
        let pipeline_mbps = |p: &Pipeline| {
            measure(&corpus.docs, |d| {
                let ctx = ocrclean::Context {
                    batch: Some(&batch),
                    ..p.context()
                };
                black_box(p.clean_with(black_box(d), &ctx));
            })
        };
        let (full_mbps, bare_mbps) = (pipeline_mbps(&full), pipeline_mbps(&no_furniture));
        println!(
            "{:<28} {:>4} docs {:>6.1} KB {:>4} removals | stage {:>7.1} | batch pass {:>7.1} | \
             pipeline {:>6.1}, without FUR {:>6.1}",
            corpus.name,
            corpus.docs.len(),
            bytes as f64 / 1e3,
            edits,
            mbps,
            gather,
            full_mbps,
            bare_mbps,
        );
    }
}
