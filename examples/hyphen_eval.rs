//! Measures the hyphen stage against a line-aligned OCR/gold set (overProof's `articles.jsonl`:
//! records with `ocr_lines` and `gt_lines`, one printed line each, line-end hyphens as printed).
//!
//! ```sh
//! cargo run --release --example hyphen_eval -- /work/shared/eval/overproof-smh/articles.jsonl [-v] [--on-gold]
//! ```
//!
//! For every OCR line that ends in a hyphen after a letter, it reports what the stage did (joined,
//! kept, flagged, left) and judges each fix two ways:
//!
//! - characters: a join is right when the gold's two lines, joined without the hyphen, contain the
//!   joined word; a kept hyphen is right when they contain the hyphenated form (the gold keeps
//!   printed hyphens, so this checks the fix produced the printed characters, not the choice);
//! - choice: whether the printed hyphen was the typesetter's or the author's, decided from the
//!   gold alone where it can be: the gold prints the pair elsewhere within a line joined or
//!   hyphenated (and not the other way), or else the gold's joined form is a dictionary word while
//!   a half is not (typesetter's) or the reverse (author's). Pairs the gold cannot decide are
//!   counted apart.

use std::collections::HashMap;

use ocrclean::batch::Batch;
use ocrclean::{Context, Lexicon, Pipeline, Status};

#[derive(serde::Deserialize)]
struct Article {
    ocr_lines: Vec<String>,
    gt_lines: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Truth {
    Join,
    Keep,
    Unknown,
}

fn ends_in_word_hyphen(line: &str) -> bool {
    line.trim_end()
        .strip_suffix('-')
        .is_some_and(|l| l.ends_with(char::is_alphabetic))
}

fn last_word(line: &str) -> &str {
    let l = line.trim_end().trim_end_matches('-');
    let start = l.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let w = &l[start..];
    let w = w.trim_start_matches(|c: char| !c.is_alphanumeric());
    &w[w.rfind('-').map_or(0, |i| i + 1)..]
}

fn first_word(line: &str) -> &str {
    let l = line.trim_start();
    let end = l.find(|c: char| !c.is_alphabetic()).unwrap_or(l.len());
    &l[..end]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .expect("usage: hyphen_eval FILE.jsonl [-v]");
    let verbose = args.iter().any(|a| a == "-v");
    // `--on-gold`: clean the gold lines themselves (clean print, real hyphens) instead of the OCR.
    let on_gold = args.iter().any(|a| a == "--on-gold");
    let text = std::fs::read_to_string(path).expect("readable file");
    let mut articles: Vec<Article> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record"))
        .collect();
    if on_gold {
        for a in &mut articles {
            a.ocr_lines = a.gt_lines.clone();
        }
    }

    // Mid-line word counts of the gold, for the choice oracle.
    let mut gold_forms: HashMap<String, usize> = HashMap::new();
    for a in &articles {
        for line in &a.gt_lines {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            let n = tokens.len();
            for (i, t) in tokens.iter().enumerate() {
                if i + 1 == n && t.ends_with('-') {
                    continue;
                }
                if i == 0 {
                    continue; // may be the rest of a broken word
                }
                let t = t.trim_matches(|c: char| !c.is_alphanumeric());
                *gold_forms.entry(t.to_lowercase()).or_default() += 1;
            }
        }
    }
    let lex = Lexicon::default();
    let truth_of = |gl: &str, gr: &str| -> Truth {
        let joined = format!("{gl}{gr}").to_lowercase();
        let hyph = format!("{gl}-{gr}").to_lowercase();
        let j = gold_forms.get(&joined).copied().unwrap_or(0);
        let h = gold_forms.get(&hyph).copied().unwrap_or(0);
        if j > 0 && h == 0 {
            return Truth::Join;
        }
        if h > 0 && j == 0 {
            return Truth::Keep;
        }
        let jw = lex.is_word(&format!("{gl}{gr}"));
        let (lw, rw) = (lex.is_word(gl), lex.is_word(gr));
        if jw && !(lw && rw) {
            Truth::Join
        } else if !jw && lw && rw {
            Truth::Keep
        } else {
            Truth::Unknown
        }
    };

    let pipeline = Pipeline::builder()
        .unsafe_fixes(true)
        .build()
        .expect("pipeline");
    let docs: Vec<String> = articles.iter().map(|a| a.ocr_lines.join("\n")).collect();
    let batch = Batch::gather(&docs);
    let ctx = Context {
        batch: Some(&batch),
        ..pipeline.context()
    };

    let mut hyphens = 0;
    let mut gold_has_hyphen = 0;
    let mut outcome: HashMap<&str, usize> = HashMap::new();
    let mut chars_right: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut letters_right: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut choice: HashMap<(&str, Truth), usize> = HashMap::new();
    for (a, doc) in articles.iter().zip(&docs) {
        let cleaned = pipeline.clean_with(doc, &ctx);
        let mut by_line: HashMap<usize, &ocrclean::Change> = HashMap::new();
        for c in &cleaned.changes {
            if c.code.prefix() == "HYP" {
                by_line.insert(c.start.line - 1, c);
            }
        }
        for (i, line) in a.ocr_lines.iter().enumerate() {
            if !ends_in_word_hyphen(line) || i + 1 >= a.ocr_lines.len() {
                continue;
            }
            hyphens += 1;
            let (g0, g1) = (&a.gt_lines[i], &a.gt_lines[i + 1]);
            let gold_hyphen = ends_in_word_hyphen(g0);
            gold_has_hyphen += usize::from(gold_hyphen);
            let Some(c) = by_line.get(&i) else {
                *outcome.entry("left").or_default() += 1;
                continue;
            };
            let kind = match (c.code.as_str(), c.status) {
                (_, Status::Flagged) => "flagged",
                ("HYP001", _) => "joined",
                ("HYP002", _) => "kept",
                _ => "other",
            };
            *outcome.entry(kind).or_default() += 1;
            if kind == "flagged" {
                if verbose {
                    println!(
                        "FLAG  {:?}  gold {:?} / {:?}  ({})",
                        c.before, g0, g1, c.reason
                    );
                }
                continue;
            }
            let word = c.after.trim_end();
            let gold_joined = format!("{}{}", g0.trim_end().trim_end_matches('-'), g1.trim_start());
            let gold_hyph = format!("{}{}", g0.trim_end(), g1.trim_start());
            let right = match kind {
                "joined" => gold_joined.contains(word),
                _ => gold_hyph.contains(word),
            };
            let e = chars_right.entry(kind).or_default();
            e.0 += usize::from(right);
            e.1 += 1;
            // The same, ignoring case and punctuation (OCR damage the stage does not touch).
            let letters = |s: &str| -> String {
                s.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            };
            let loose_right = match kind {
                "joined" => letters(&gold_joined).contains(&letters(word)),
                _ => letters(&gold_hyph).contains(&letters(word)),
            };
            let e = letters_right.entry(kind).or_default();
            e.0 += usize::from(loose_right);
            e.1 += 1;
            let truth = if gold_hyphen {
                truth_of(last_word(g0), first_word(g1))
            } else {
                Truth::Join // no hyphen in print: OCR noise, joining is at least not a compound
            };
            *choice.entry((kind, truth)).or_default() += 1;
            let wrong_choice = matches!(
                (kind, truth),
                ("joined", Truth::Keep) | ("kept", Truth::Join)
            );
            if verbose && kind == "kept" {
                println!(
                    "K  {:?} -> {:?}  gold {:?} / {:?}  ({})",
                    c.before, c.after, g0, g1, c.reason
                );
            }
            if verbose && truth == Truth::Unknown {
                println!(
                    "?  {kind:6} {:?} -> {:?}  gold {:?} / {:?}",
                    c.before, c.after, g0, g1
                );
            }
            if verbose && (!loose_right || wrong_choice) {
                println!(
                    "{}{} {kind:6} {:?} -> {:?}  gold {:?} / {:?}  ({})",
                    if loose_right { " " } else { "C" },
                    if wrong_choice { "X" } else { " " },
                    c.before,
                    c.after,
                    g0,
                    g1,
                    c.reason
                );
            }
        }
    }
    println!(
        "OCR lines ending in a hyphen after a letter: {hyphens} (gold also ends in a hyphen: {gold_has_hyphen})"
    );
    let mut kinds: Vec<_> = outcome.into_iter().collect();
    kinds.sort();
    for (k, n) in &kinds {
        println!("  {k:8} {n:5}  {:5.1}%", 100.0 * *n as f64 / hyphens as f64);
    }
    for (k, (r, n)) in &chars_right {
        println!("characters, exact: {k} right {r}/{n}, wrong {}", n - r);
    }
    for (k, (r, n)) in &letters_right {
        println!(
            "characters, letters ignoring case: {k} right {r}/{n}, wrong {}",
            n - r
        );
    }
    let mut ch: Vec<_> = choice.into_iter().collect();
    ch.sort();
    for ((k, t), n) in ch {
        println!("choice: {k} where the gold says {t:?}: {n}");
    }
}
