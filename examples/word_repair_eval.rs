//! How the word repair stages do against human-corrected text, edit by edit.
//!
//! ```text
//! cargo run --release --example word_repair_eval -- [--prefix SPL,OCR] [--lone] \
//!     [--overproof FILE.jsonl] [--icdar DIR] [--show N]
//! ```
//!
//! Cleans the OCR side of each dataset with the default rules and unsafe fixes on, the whole
//! dataset gathered as one batch (`--lone`: each document its own batch). Every change whose
//! code starts with one of the prefixes is scored on its own: applied to the original line (or,
//! for ICDAR's one-line documents, a window around it), does it lower the character edit distance
//! to the reference (toward), raise it (away), or neither? Flags are counted apart. Then the
//! reference side is cleaned the same way: every change there is a false positive, counted per
//! 100,000 words. An `ocrclean eval` command will supersede this; it is a development harness.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ocrclean::edit::Status;
use ocrclean::{Batch, Change, Context, Pipeline, RuleBook, Selection};

#[derive(Default)]
struct Tally {
    toward: usize,
    away: usize,
    neutral: usize,
    unscored: usize,
    flags: usize,
}

struct Doc {
    ocr: String,
    /// Per document: either line-aligned gold, or ICDAR's aligned columns.
    gold: Gold,
}

enum Gold {
    Lines(Vec<String>),
    Aligned { ocr: Vec<char>, gs: Vec<char> },
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// (distance before, distance after) of one change, or `None` when it cannot be scored.
fn score(doc: &Doc, c: &Change) -> Option<(usize, usize)> {
    let text = &doc.ocr;
    match &doc.gold {
        Gold::Lines(gold) => {
            let line_start = text[..c.span.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[c.span.start..]
                .find('\n')
                .map_or(text.len(), |i| c.span.start + i);
            if c.span.end > line_end {
                return None;
            }
            let n = text[..line_start].matches('\n').count();
            let g = chars(gold.get(n)?);
            let before = &text[line_start..line_end];
            let after = format!(
                "{}{}{}",
                &text[line_start..c.span.start],
                c.after,
                &text[c.span.end..line_end]
            );
            Some((
                levenshtein(&chars(before), &g),
                levenshtein(&chars(&after), &g),
            ))
        }
        Gold::Aligned { ocr, gs } => {
            // Input char index -> aligned column.
            let pos: Vec<usize> = ocr
                .iter()
                .enumerate()
                .filter(|(_, c)| **c != '@')
                .map(|(i, _)| i)
                .collect();
            let s = text[..c.span.start].chars().count();
            let e = s + text[c.span.clone()].chars().count();
            const W: usize = 25;
            let a = s.saturating_sub(W);
            let b = (e + W).min(pos.len());
            let input: Vec<char> = text.chars().collect();
            let window_gold: String = gs[pos[a]..=pos[b - 1]]
                .iter()
                .filter(|c| **c != '@')
                .collect();
            if window_gold.contains('#') {
                return None;
            }
            let before: String = input[a..b].iter().collect();
            let after: String = input[a..s]
                .iter()
                .chain(c.after.chars().collect::<Vec<_>>().iter())
                .chain(input[e..b].iter())
                .collect();
            let g = chars(&window_gold);
            Some((
                levenshtein(&chars(&before), &g),
                levenshtein(&chars(&after), &g),
            ))
        }
    }
}

fn overproof(path: &PathBuf) -> (Vec<Doc>, Vec<String>) {
    let text = std::fs::read_to_string(path).expect("readable overproof file");
    let mut docs = Vec::new();
    let mut clean = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let lines = |k: &str| -> Vec<String> {
            v[k].as_array()
                .map(|a| {
                    a.iter()
                        .map(|s| s.as_str().unwrap_or("").to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        let ocr = lines("ocr_lines");
        let gt = lines("gt_lines");
        clean.push(format!("{}\n", gt.join("\n")));
        docs.push(Doc {
            ocr: format!("{}\n", ocr.join("\n")),
            gold: Gold::Lines(gt),
        });
    }
    (docs, clean)
}

fn icdar(dir: &PathBuf) -> (Vec<Doc>, Vec<String>) {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("readable ICDAR directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    let mut clean = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).expect("readable ICDAR file");
        let lines: Vec<&str> = text.lines().collect();
        let field = |i: usize, tag: &str| lines[i].strip_prefix(tag).unwrap_or("").to_string();
        let input = field(0, "[OCR_toInput] ");
        let ocr = chars(&field(1, "[OCR_aligned] "));
        let gs = chars(&field(2, "[ GS_aligned] "));
        let gold: String = gs.iter().filter(|c| **c != '@').collect();
        for part in gold
            .split('#')
            .filter(|p| p.split_whitespace().count() > 20)
        {
            clean.push(format!("{}\n", part.trim()));
        }
        docs.push(Doc {
            ocr: input,
            gold: Gold::Aligned { ocr, gs },
        });
    }
    (docs, clean)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut prefixes = vec!["SPL".to_string(), "OCR".to_string()];
    let mut lone = false;
    let mut show = 0usize;
    let mut sets: Vec<(String, Vec<Doc>, Vec<String>)> = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--prefix" => {
                prefixes = args
                    .next()
                    .expect("--prefix CODES")
                    .split(',')
                    .map(String::from)
                    .collect()
            }
            "--lone" => lone = true,
            "--show" => show = args.next().and_then(|s| s.parse().ok()).unwrap_or(20),
            "--overproof" => {
                let (d, c) = overproof(&PathBuf::from(args.next().expect("--overproof FILE")));
                sets.push(("overproof".into(), d, c));
            }
            "--icdar" => {
                let (d, c) = icdar(&PathBuf::from(args.next().expect("--icdar DIR")));
                sets.push(("icdar".into(), d, c));
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let book = RuleBook::builtin();
    prefixes.retain(|p| {
        book.rules()
            .iter()
            .any(|r| r.code.as_str().starts_with(p.as_str()))
    });
    let selection = Selection::resolve(&book, None, &prefixes, &[]).expect("known prefixes");
    let pipeline = Pipeline::builder()
        .rules(book)
        .selection(selection)
        .unsafe_fixes(true)
        .build()
        .expect("pipeline");
    let ours = |c: &Change| {
        prefixes
            .iter()
            .any(|p| c.code.as_str().starts_with(p.as_str()))
    };
    for (name, docs, clean) in &sets {
        let texts: Vec<&str> = docs.iter().map(|d| d.ocr.as_str()).collect();
        let batch = Batch::gather(&texts);
        let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
        let mut shown: BTreeMap<String, usize> = BTreeMap::new();
        for d in docs {
            let own;
            let ctx = if lone {
                own = Batch::gather(&[d.ocr.as_str()]);
                Context {
                    batch: Some(&own),
                    ..pipeline.context()
                }
            } else {
                Context {
                    batch: Some(&batch),
                    ..pipeline.context()
                }
            };
            let cleaned = pipeline.clean_with(&d.ocr, &ctx);
            for c in cleaned.changes.iter().filter(|c| ours(c)) {
                let t = tally.entry(c.code.to_string()).or_default();
                if c.status == Status::Flagged {
                    t.flags += 1;
                    continue;
                }
                let verdict = match score(d, c) {
                    None => {
                        t.unscored += 1;
                        "unscored"
                    }
                    Some((b, a)) if a < b => {
                        t.toward += 1;
                        "toward"
                    }
                    Some((b, a)) if a > b => {
                        t.away += 1;
                        "AWAY"
                    }
                    _ => {
                        t.neutral += 1;
                        "neutral"
                    }
                };
                let n = shown.entry(format!("{}{verdict}", c.code)).or_default();
                if *n < show && verdict != "toward" {
                    *n += 1;
                    println!("  {} {verdict}: {:?} -> {:?}", c.code, c.before, c.after);
                }
            }
        }
        println!("{name}: {} documents", docs.len());
        for (code, t) in &tally {
            println!(
                "  {code}: toward {}, away {}, neutral {}, unscored {}, flags {}",
                t.toward, t.away, t.neutral, t.unscored, t.flags
            );
        }
        // Clean prose: the reference side.
        let texts: Vec<&str> = clean.iter().map(String::as_str).collect();
        let batch = Batch::gather(&texts);
        let ctx = Context {
            batch: Some(&batch),
            ..pipeline.context()
        };
        let mut words = 0usize;
        let mut fp: BTreeMap<String, (usize, usize)> = BTreeMap::new();
        for t in &texts {
            words += t.split_whitespace().count();
            for c in pipeline
                .clean_with(t, &ctx)
                .changes
                .iter()
                .filter(|c| ours(c))
            {
                let e = fp.entry(c.code.to_string()).or_default();
                if c.status == Status::Flagged {
                    e.1 += 1;
                } else {
                    e.0 += 1;
                }
                if show > 0 {
                    println!(
                        "  clean {} {:?}: {:?} -> {:?}",
                        c.code, c.status, c.before, c.after
                    );
                }
            }
        }
        println!("{name} reference side: {words} words");
        for (code, (edits, flags)) in &fp {
            println!(
                "  {code}: {edits} edits ({:.2} per 100k words), {flags} flags ({:.2} per 100k)",
                *edits as f64 * 1e5 / words as f64,
                *flags as f64 * 1e5 / words as f64
            );
        }
    }
}
