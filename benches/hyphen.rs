//! The hyphen stage alone, in MB/s: on hard-wrapped text with no line-end hyphen (the stage must
//! find nothing fast) and on a newspaper column with about one broken word every four lines.
//!
//! `cargo bench --bench hyphen`

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ocrclean::batch::Batch;
use ocrclean::stages::hyphen::Hyphen;
use ocrclean::{Context, Options, RuleBook, Selection, Stage};

const COLUMN: &str = include_str!("data/column.txt");

fn hyphen(c: &mut Criterion) {
    let book = RuleBook::builtin();
    let options = Options {
        selection: Selection::defaults(&book),
        unsafe_fixes: true,
        captions: Default::default(),
        words: Arc::default(),
    };
    let stage = Hyphen::new(&options);
    let dirty = COLUMN.repeat(400);
    let clean = dirty.replace("-\n", "\n");
    let prose = clean.replace('\n', " ");
    let mut g = c.benchmark_group("hyphen");
    for (name, text) in [("dirty", &dirty), ("clean", &clean), ("prose", &prose)] {
        let batch = Batch::gather(&[text.as_str()]);
        let ctx = Context {
            selection: &options.selection,
            batch: Some(&batch),
            suppressions: &[],
        };
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| stage.propose(black_box(text), &ctx)));
    }
    g.finish();
}

criterion_group!(benches, hyphen);
criterion_main!(benches);
