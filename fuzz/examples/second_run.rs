//! What a second run changes in the output of the first, for inputs the fuzz target saved:
//! `cargo run --release --example second_run -- fuzz/artifacts/crash-*` (from fuzz/). Prints,
//! per input, each change the second run applies: its rule, the text before and after, and the
//! reason, so a failure of the "a second run changes nothing" check can be read at once. With
//! `-v` first, it prints the first run's changes and its output too.

fn main() {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    let verbose = paths.first().is_some_and(|a| a == "-v");
    if verbose {
        paths.remove(0);
    }
    for path in paths {
        let data = std::fs::read(&path).expect("a readable input");
        let text = match ocrclean::input::decode("input", data.clone()) {
            Ok(text) => text,
            Err(_) => String::from_utf8_lossy(&data).into_owned(),
        };
        let pipeline = ocrclean_fuzz::pipeline();
        let first = pipeline.clean(&text);
        let second = pipeline.clean(&first.text);
        if verbose {
            println!("{path}: the first run");
            for c in first.applied() {
                print_change(c);
            }
            println!("{path}: the first run's output\n{:?}", first.text);
        }
        let applied: Vec<_> = second.applied().collect();
        println!("{path}: {} changes on the second run", applied.len());
        for c in applied {
            print_change(c);
        }
    }
}

fn print_change(c: &ocrclean::Change) {
    println!(
        "  {} {}:{} {:?} -> {:?}: {}",
        c.code, c.start.line, c.start.col, c.before, c.after, c.reason
    );
}
