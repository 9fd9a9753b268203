//! What a second run changes in the output of the first, for inputs the fuzz target saved:
//! `cargo run --release --example second_run -- fuzz/artifacts/crash-*` (from fuzz/). Prints,
//! per input, each change the second run applies: its rule, the text before and after, and the
//! reason, so a failure of the "a second run changes nothing" check can be read at once.

fn main() {
    for path in std::env::args().skip(1) {
        let data = std::fs::read(&path).expect("a readable input");
        let text = match ocrclean::input::decode("input", data.clone()) {
            Ok(text) => text,
            Err(_) => String::from_utf8_lossy(&data).into_owned(),
        };
        let pipeline = ocrclean_fuzz::pipeline();
        let first = pipeline.clean(&text);
        let second = pipeline.clean(&first.text);
        let applied: Vec<_> = second.applied().collect();
        println!("{path}: {} changes on the second run", applied.len());
        for c in applied {
            println!(
                "  {} {}:{} {:?} -> {:?}: {}",
                c.code, c.start.line, c.start.col, c.before, c.after, c.reason
            );
        }
    }
}
