//! Linear growth: every stage's time over 1, 4 and 16 MB single documents and single lines.
//!
//! `cargo bench --bench growth` (options after `--`: `--sizes 1,4,16` in MB, `--stages UNI,WSP`,
//! `--limit SECONDS` per measurement, default 120). A document is news prose in lines of about 70
//! characters and paragraphs, made noisy the way OCR is (ligatures, runs of spaces, trailing
//! spaces, words hyphenated at line ends, misread letters, blank-line runs), from the words of
//! `samples/`; a single line is the same text with every line break a space (a CR-only file is one
//! such line). Each stage runs alone (unsafe fixes applied, so every rule does its work), then the
//! whole pipeline. `growth` is (time at the largest size / time at the smallest) / (size ratio):
//! about 1 for a linear stage, the size ratio itself for a quadratic one. A measurement over the
//! limit skips the larger sizes of that row.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ocrclean::{Options, Pipeline, RuleBook, Selection};

/// The words of the bundled samples, in order: the generator's vocabulary.
fn vocabulary() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/expected");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let words: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|t| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(words.len() > 100, "samples/expected/ holds too few words");
    words
}

/// A fixed-seed generator (xorshift), so every run measures the same text.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next() % n == 0
    }
}

/// About `bytes` of noisy news text in printed lines and paragraphs.
fn document(words: &[String], bytes: usize) -> String {
    let mut noise = Noise(0x2545_F491_4F6C_DD1D);
    let mut out = String::with_capacity(bytes + 256);
    let mut line = 0;
    let mut i = 0;
    while out.len() < bytes {
        let mut word = words[i % words.len()].clone();
        i += 1 + (noise.next() % 3) as usize;
        if noise.one_in(40) {
            word = word.replacen("fi", "ﬁ", 1).replacen("ff", "ﬀ", 1);
        }
        if noise.one_in(60) {
            word = word.replacen("m", "rn", 1);
        }
        if noise.one_in(50) && word.len() > 6 && word.is_char_boundary(3) {
            // Hyphenated at the line end.
            out.push_str(&word[..3]);
            out.push_str("-\n");
            out.push_str(&word[3..]);
            line = word.len() - 3;
        } else {
            out.push_str(&word);
            line += word.len();
        }
        if line > 70 {
            if noise.one_in(8) {
                out.push_str("  ");
            }
            out.push('\n');
            line = 0;
            if noise.one_in(6) {
                out.push_str(if noise.one_in(4) { "\n\n\n" } else { "\n" });
            }
        } else {
            out.push_str(if noise.one_in(15) { "  " } else { " " });
            line += 1;
        }
    }
    out
}

fn pipeline(select: &str) -> Pipeline {
    let book = RuleBook::builtin();
    let select = [select.to_string()];
    let selection = Selection::resolve(&book, Some(&select), &[], &[]).expect("known rule codes");
    Pipeline::new(
        Arc::new(book),
        Options {
            selection,
            unsafe_fixes: true,
            captions: Default::default(),
            words: Arc::default(),
        },
    )
    .expect("built-in rules")
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes: Vec<usize> = arg(&args, "--sizes")
        .unwrap_or_else(|| "1,4,16".into())
        .split(',')
        .map(|s| s.parse().expect("sizes in MB"))
        .collect();
    let stages: Vec<String> = arg(&args, "--stages")
        .unwrap_or_else(|| "UNI,FUR,LAY,HYP,SPL,OCR,WSP,ALL".into())
        .split(',')
        .map(str::to_owned)
        .collect();
    let limit = Duration::from_secs_f64(
        arg(&args, "--limit").map_or(120.0, |s| s.parse().expect("seconds")),
    );
    let words = vocabulary();
    let largest = sizes.iter().copied().max().unwrap_or(1);
    let full = document(&words, largest << 20);
    println!(
        "single core; seconds per document (MB/s); growth 1 = linear, {} = quadratic",
        largest / sizes[0].max(1)
    );
    for stage in &stages {
        let pipeline = pipeline(stage);
        for shape in ["document", "line"] {
            let mut row = format!("{stage:<4} {shape:<9}");
            let mut times = Vec::new();
            for &mb in &sizes {
                let mut end = (mb << 20).min(full.len());
                while !full.is_char_boundary(end) {
                    end -= 1;
                }
                let text = match shape {
                    "line" => full[..end].replace('\n', " "),
                    _ => full[..end].to_string(),
                };
                let start = Instant::now();
                black_box(pipeline.clean(black_box(&text)));
                let secs = start.elapsed().as_secs_f64();
                row.push_str(&format!(
                    "  {mb:>3} MB {secs:>8.2} s ({:>6.1} MB/s)",
                    text.len() as f64 / 1e6 / secs
                ));
                times.push((mb, secs));
                if start.elapsed() > limit {
                    row.push_str("  (over the limit: larger sizes skipped)");
                    break;
                }
            }
            if let (Some(&(m0, t0)), Some(&(m1, t1))) = (times.first(), times.last())
                && m1 > m0
            {
                row.push_str(&format!("  growth {:.2}", (t1 / t0) / (m1 / m0) as f64));
            }
            println!("{row}");
        }
    }
}
