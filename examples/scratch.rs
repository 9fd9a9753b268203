use ocrclean::stages::{confusion::Confusion, split::Split};
use ocrclean::{Batch, Context, Lexicon, RuleBook, Selection, Stage};
use std::time::Instant;
fn main() {
    let book = RuleBook::builtin();
    let sel = Selection::defaults(&book);
    let c = Confusion::new(&book, Lexicon::default());
    let s = Split::new(&book, Lexicon::default());
    for text in [
        "the committee met in the hall of the city council and said that ",
        "multipolar Jinping Lavrov ",
        "democratisationand ",
    ] {
        let t = text.repeat(20);
        let batch = Batch::gather(&[t.as_str()]);
        let ctx = Context {
            selection: &sel,
            batch: Some(&batch),
            suppressions: &[],
        };
        for (name, st) in [("confusion", &c as &dyn Stage), ("split", &s as &dyn Stage)] {
            st.propose(&t, &ctx);
            let n = 200000;
            let start = Instant::now();
            for _ in 0..n {
                std::hint::black_box(st.propose(std::hint::black_box(&t), &ctx));
            }
            let ns = start.elapsed().as_nanos() as f64 / n as f64;
            println!(
                "{name:10} {:50} {:8.0} ns/doc {:6.1} ns/token",
                &text[..text.len().min(50)],
                ns,
                ns / (t.split_whitespace().count() as f64)
            );
        }
    }
}
