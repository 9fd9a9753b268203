//! The hyphen stage alone, in MB/s: on hard-wrapped text with no line-end hyphen (the stage must
//! find nothing fast) and on a newspaper column with about one broken word every four lines.
//!
//! `cargo bench --bench hyphen`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ocrclean::batch::Batch;
use ocrclean::stages::Hyphen;
use ocrclean::{Context, Lexicon, RuleBook, Selection, Stage};

const COLUMN: &str = include_str!("data/column.txt");

fn hyphen(c: &mut Criterion) {
    let book = RuleBook::builtin();
    let selection = Selection::defaults(&book);
    let stage = Hyphen::new(Lexicon::default(), &book).expect("the built-in packs load");
    let dirty = COLUMN.repeat(400);
    let clean = dirty.replace("-\n", "\n");
    let prose = clean.replace('\n', " ");
    let mut g = c.benchmark_group("hyphen");
    for (name, text) in [("dirty", &dirty), ("clean", &clean), ("prose", &prose)] {
        let batch = Batch::gather(&[text.as_str()]);
        let ctx = Context {
            selection: &selection,
            batch: Some(&batch),
            suppressions: &[],
            line_form: ocrclean::LineForm::none(),
        };
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| stage.propose(black_box(text), &ctx)));
    }
    g.finish();
}

criterion_group!(benches, hyphen);
criterion_main!(benches);
