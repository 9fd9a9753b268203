//! The batch's first pass: gathering the word witness table, in MB/s of input.
//!
//! `cargo bench --bench words` measures a synthetic batch (our own column, `benches/data/`,
//! repeated as 2,000 documents). Set `OCRCLEAN_BENCH_JSONL=FILE` to measure a real batch too: a
//! JSON Lines file whose records hold the text in an `ocr` field.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ocrclean::batch::words::WordWitness;

const COLUMN: &str = include_str!("data/column.txt");

fn synthetic() -> Vec<String> {
    // Vary one word per document so the table holds more than one document's forms.
    (0..2000)
        .map(|i| COLUMN.replace("Wentworth", &format!("Wentworth{}", i % 97)))
        .collect()
}

fn from_env() -> Option<(String, Vec<String>)> {
    let path = std::env::var("OCRCLEAN_BENCH_JSONL").ok()?;
    let text = std::fs::read_to_string(&path).expect("OCRCLEAN_BENCH_JSONL is readable");
    let docs = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("ocr")?.as_str().map(str::to_owned))
        .collect();
    Some((path, docs))
}

fn gather(c: &mut Criterion) {
    let mut g = c.benchmark_group("words");
    let mut batches = vec![("synthetic".to_string(), synthetic())];
    batches.extend(from_env());
    for (name, docs) in &batches {
        let bytes: usize = docs.iter().map(String::len).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a thread pool");
        g.bench_function(format!("gather-1-thread/{name}"), |b| {
            b.iter(|| pool.install(|| WordWitness::gather(black_box(docs))))
        });
    }
    g.finish();
}

criterion_group!(benches, gather);
criterion_main!(benches);
