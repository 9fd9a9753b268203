//! Lexicon lookups: nanoseconds per token, the cost the word-repair stages pay on every token.
//!
//! `cargo bench --bench lexicon`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ocrclean::Lexicon;

/// News-like tokens with the usual mix: common words, capitalised names, numbers, OCR debris and
/// run-together words that are not in the lexicon.
const TEXT: &str = "The Prime Minister told Parliament on Tuesday that talks between Moscow and \
    Beijing had stalled, while officials in Hong Kong said the democratisation of the council \
    would continue. tbe committee met in Sydney; RussiaChina relations were discussed at length \
    by the delegates, who rejected the proposal 41 votes to 12. Tlie organisation's spokeswoman, \
    Ms Jane O'Brien, said the long-term outlook was uncertain and that tothe best of her \
    knowledge no decision bad been made. THE GOVERNMENT'S RESPONSE was published yesterday.";

fn tokens() -> Vec<&'static str> {
    TEXT.split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .collect()
}

fn lookups(c: &mut Criterion) {
    let lex = Lexicon::default();
    let tokens = tokens();
    assert!(lex.is_word("the"));
    let mut g = c.benchmark_group("lexicon");
    g.throughput(Throughput::Elements(tokens.len() as u64));
    g.bench_function("is_word", |b| {
        b.iter(|| tokens.iter().filter(|t| lex.is_word(black_box(t))).count())
    });
    g.bench_function("frequency", |b| {
        b.iter(|| {
            tokens
                .iter()
                .map(|t| lex.frequency(black_box(t)))
                .sum::<u64>()
        })
    });
    g.bench_function("is_proper_name", |b| {
        b.iter(|| {
            tokens
                .iter()
                .filter(|t| lex.is_proper_name(black_box(t)))
                .count()
        })
    });
    g.bench_function("bigram", |b| {
        b.iter(|| {
            tokens
                .windows(2)
                .map(|w| lex.bigram(black_box(w[0]), black_box(w[1])))
                .sum::<u64>()
        })
    });
    g.finish();
}

criterion_group!(benches, lookups);
criterion_main!(benches);
