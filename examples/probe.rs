// Scratch tool (not committed): run the pipeline with unsafe fixes on files or a JSONL field.
use std::collections::BTreeMap;
use std::sync::Arc;

use ocrclean::pipeline::{Captions, Options};
use ocrclean::{Pipeline, RuleBook, Selection};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut field = None;
    let mut show = false;
    let mut out = false;
    let mut write_clean = false;
    let mut only: Option<String> = None;
    let mut prefix = "LAY".to_string();
    let mut captions = Captions::End;
    let mut files = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--jsonl" => field = it.next(),
            "--show" => show = true,
            "--out" => out = true,
            "--write-clean" => write_clean = true,
            "--only" => only = it.next(),
            "--prefix" => prefix = it.next().unwrap(),
            "--captions" => captions = it.next().unwrap().parse().unwrap(),
            _ => files.push(a),
        }
    }
    let book = RuleBook::builtin();
    let selection = match &only {
        Some(o) => Selection::resolve(&book, Some(std::slice::from_ref(o)), &[], &[]).unwrap(),
        None => Selection::defaults(&book),
    };
    let options = Options {
        selection,
        unsafe_fixes: true,
        words: Default::default(),
        captions,
    };
    let p = Pipeline::new(Arc::new(book), options).unwrap();
    let mut docs: Vec<(String, String)> = Vec::new();
    for f in &files {
        let s = std::fs::read_to_string(f).unwrap();
        match &field {
            Some(fl) => {
                for (i, line) in s.lines().enumerate() {
                    let v: serde_json::Value = serde_json::from_str(line).unwrap();
                    docs.push((
                        format!("{f}:{}", i + 1),
                        v[fl].as_str().unwrap().to_string(),
                    ));
                }
            }
            None => docs.push((f.clone(), s)),
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut touched = 0;
    for (name, d) in &docs {
        let c = p.clean(d);
        if write_clean {
            std::fs::write(name.replace(".txt", ".clean.txt"), c.text.as_bytes()).unwrap();
        }
        if out {
            println!("=== {name}\n{}", c.text);
        }
        let mine: Vec<_> = c
            .changes
            .iter()
            .filter(|ch| ch.code.as_str().starts_with(&prefix))
            .collect();
        if !mine.is_empty() {
            touched += 1;
        }
        for ch in &mine {
            *counts.entry(ch.code.to_string()).or_default() += 1;
            if show {
                println!(
                    "{name} {} {}:{} {:?} -> {:?} ({})",
                    ch.code, ch.start.line, ch.start.col, ch.before, ch.after, ch.reason
                );
            }
        }
    }
    println!(
        "docs {} touched {} changes {:?}",
        docs.len(),
        touched,
        counts
    );
}
