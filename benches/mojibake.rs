//! The mojibake rule (UNI008) alone, in MB/s: on ASCII text (no byte above 0x7F: one scan), on
//! accented text that is right (French, German, Vietnamese, Spanish, names with diacritics: the
//! screen looks at every accented letter and finds nothing), and on mojibake-heavy text (every
//! line mis-read as Windows-1252, every fifth twice, one Windows-1251 and one MacRoman line: each
//! line is repaired).
//!
//! `cargo bench --bench mojibake`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ocrclean::stages::Mojibake;
use ocrclean::{Context, RuleBook, Selection, Stage};

const ASCII: &str = include_str!("data/column.txt");
const ACCENTED: &str = include_str!("data/accented.txt");
const MOJIBAKE: &str = include_str!("data/mojibake.txt");

/// About 1 MB of `text`.
fn megabyte(text: &str) -> String {
    text.repeat(1_000_000 / text.len() + 1)
}

fn mojibake(c: &mut Criterion) {
    let book = RuleBook::builtin();
    let selection = Selection::defaults(&book);
    let stage = Mojibake::new(&book).expect("the built-in pack compiles");
    let ctx = Context {
        selection: &selection,
        batch: None,
        suppressions: &[],
        line_form: ocrclean::LineForm::none(),
    };
    let mut g = c.benchmark_group("mojibake");
    for (name, text, repaired) in [
        ("ascii", megabyte(ASCII), false),
        ("accented", megabyte(ACCENTED), false),
        ("mojibake-heavy", megabyte(MOJIBAKE), true),
    ] {
        // What is timed is what the name says: the clean texts get no edit, the other many.
        let edits = stage.propose(&text, &ctx).len();
        assert_eq!(edits > 0, repaired, "{name}: {edits} edits");
        g.throughput(Throughput::BytesDecimal(text.len() as u64));
        g.bench_function(name, |b| b.iter(|| stage.propose(black_box(&text), &ctx)));
    }
    g.finish();
}

criterion_group!(benches, mojibake);
criterion_main!(benches);
