//! Size and build time of the `--report` page for 1,000 changed newspaper documents.
//!
//! `cargo bench --bench report` (`-- N` for another number of documents). The documents are
//! generated: about 3 KB of news prose each, hard-wrapped, with about a dozen pieces of OCR
//! noise the default pipeline fixes (ligatures, no-break spaces, runs of spaces, trailing
//! spaces, soft hyphens at line ends, zero-width spaces). Single core: each document's part is
//! rendered, then the page; best of 5 runs.

use std::hint::black_box;
use std::time::Instant;

use ocrclean::output::html::{Document, Report};
use ocrclean::{Pipeline, RuleBook};

const SENTENCES: [&str; 8] = [
    "The harbour ferry service will raise fares by 4.5 per cent from April, the operator said.",
    "Commuters on the cross-harbour route, which carries about 60,000 passengers a day, will pay more.",
    "The board said fuel costs had fluctuated sharply and that there was no other option on the table.",
    "Passenger groups said the rise was unfair to shift workers and began a petition on Monday.",
    "A public hearing is set for next Tuesday at the town hall, where residents may speak for three minutes.",
    "The council approved outdoor seating for fourteen cafes on Market Street after a long dispute.",
    "Opponents, led by the Market Street Residents Association, said they would appeal the decision.",
    "The decision takes effect on the first of June, the licensing panel's chair told reporters.",
];

/// A tiny deterministic generator, so every run measures the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

fn noisy(rng: &mut Lcg) -> String {
    let mut words: Vec<String> = Vec::new();
    while words.iter().map(|w| w.len() + 1).sum::<usize>() < 3000 {
        words.extend(
            SENTENCES[rng.next(SENTENCES.len())]
                .split(' ')
                .map(String::from),
        );
    }
    for _ in 0..12 {
        let i = rng.next(words.len());
        let w = &mut words[i];
        match rng.next(5) {
            0 if w.contains("fi") => *w = w.replacen("fi", "ﬁ", 1),
            0 | 1 => w.push('\u{00A0}'),
            2 => w.push(' '),
            3 => {
                let mid = w
                    .char_indices()
                    .nth(w.chars().count() / 2)
                    .map_or(0, |(i, _)| i);
                w.insert(mid, '\u{200B}');
            }
            _ => w.push_str("  "),
        }
    }
    // Hard-wrap at about 70 columns, with a soft hyphen now and then at a line end.
    let mut out = String::new();
    let mut col = 0;
    for w in words {
        if col + w.len() > 70 {
            if rng.next(6) == 0 {
                out.push('\u{00AD}');
            }
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        col += w.chars().count();
        out.push_str(&w);
    }
    out.push('\n');
    out
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1000);
    let mut rng = Lcg(42);
    let docs: Vec<String> = (0..n).map(|_| noisy(&mut rng)).collect();
    let pipeline = Pipeline::default();
    let cleaned: Vec<_> = docs.iter().map(|d| pipeline.clean(d)).collect();
    let changes: usize = cleaned.iter().map(|c| c.changes.len()).sum();
    let input: usize = docs.iter().map(String::len).sum();
    let book = RuleBook::builtin();

    let mut best_parts = f64::MAX;
    let mut best_render = f64::MAX;
    let mut size = 0;
    for _ in 0..5 {
        let started = Instant::now();
        let parts: Vec<Document> = docs
            .iter()
            .zip(&cleaned)
            .enumerate()
            .map(|(i, (d, c))| Document::new(&format!("doc-{i}.txt"), d, c))
            .collect();
        let parts_secs = started.elapsed().as_secs_f64();
        let started = Instant::now();
        let mut report = Report::new("bench").with_rules(&book);
        for p in parts {
            report.push(p);
        }
        let page = black_box(report.render());
        let render_secs = started.elapsed().as_secs_f64();
        size = page.len();
        best_parts = best_parts.min(parts_secs);
        best_render = best_render.min(render_secs);
        if std::env::var_os("REPORT_BENCH_OUT").is_some() {
            std::fs::write(std::env::var_os("REPORT_BENCH_OUT").unwrap(), &page).unwrap();
        }
    }
    println!(
        "{n} documents, {:.1} MB of text, {changes} changes: page {:.2} MB ({:.0} bytes per change); \
         documents rendered in {:.0} ms, page assembled in {:.0} ms (single core, best of 5)",
        input as f64 / 1e6,
        size as f64 / 1e6,
        size as f64 / changes.max(1) as f64,
        best_parts * 1e3,
        best_render * 1e3,
    );
}
