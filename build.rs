//! Compiles the vendored word lists under `rules/lexicon/` into the hash table that
//! `src/lexicon.rs` embeds (`$OUT_DIR/lexicon.bin`; the layout is in `src/lexicon/format.rs`).
//!
//! The text lists stay the reviewable source of truth; the table is rebuilt whenever they change,
//! so it can never be out of date, and the program reads it in place without parsing anything.

use std::collections::BTreeMap;
use std::path::Path;

#[path = "src/lexicon/format.rs"]
#[allow(dead_code)]
mod format;

/// Largest blob the 24-bit record offsets in the slots can address.
const MAX_BLOB: usize = (1 << 24) - 2;

/// One way a word is written: case mask, kinds, smallest SCOWL size.
type Form = (u64, u8, u8);

#[derive(Default)]
struct Record {
    frequency: u64,
    forms: Vec<Form>,
}

fn main() {
    let dir = Path::new("rules/lexicon");
    println!("cargo::rerun-if-changed=src/lexicon/format.rs");
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    for (file, kind) in [
        ("words.txt", format::WORD),
        ("upper.txt", format::UPPER),
        ("proper-names.txt", format::PROPER),
        ("abbreviations.txt", format::ABBREVIATION),
    ] {
        let path = dir.join(file);
        let text = read(&path);
        let mut size = 0u8;
        for (n, line) in text.lines().enumerate() {
            if let Some(s) = line.strip_prefix("## ") {
                size = s.trim().parse().unwrap_or_else(|_| {
                    panic!("{}:{}: bad size header {line:?}", path.display(), n + 1)
                });
                continue;
            }
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            assert!(
                !line.contains(char::is_whitespace),
                "{}:{}: a form holds a space: {line:?}",
                path.display(),
                n + 1
            );
            let Some((key, mask)) = fold(line) else {
                continue;
            };
            add_form(records.entry(key).or_default(), (mask, kind, size));
        }
    }
    let path = dir.join("frequency.txt");
    for (n, line) in read(&path).lines().enumerate() {
        let (word, count) = split_count(line)
            .unwrap_or_else(|| panic!("{}:{}: expected `word count`", path.display(), n + 1));
        let Some((key, _)) = fold(word) else {
            continue;
        };
        let record = records.entry(key).or_default();
        record.frequency = record.frequency.max(count);
        if record.forms.is_empty() {
            // Only the frequency list knows it (an accent-stripped or recent word): a lower-case word.
            record.forms.push((0, format::WORD, 0));
        }
    }
    let path = dir.join("bigrams.txt");
    for (n, line) in read(&path).lines().enumerate() {
        let (pair, count) = split_count(line)
            .unwrap_or_else(|| panic!("{}:{}: expected `word word count`", path.display(), n + 1));
        let mut key = String::with_capacity(pair.len());
        for c in pair.chars() {
            key.extend(format::fold_char(c));
        }
        let record = records.entry(key).or_default();
        record.frequency = record.frequency.max(count);
    }
    let table = compile(&records);
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("lexicon.bin");
    std::fs::write(&out, table).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

fn read(path: &Path) -> String {
    println!("cargo::rerun-if-changed={}", path.display());
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn split_count(line: &str) -> Option<(&str, u64)> {
    let (words, count) = line.trim_end().rsplit_once(' ')?;
    Some((words, count.parse().ok()?))
}

/// The key of a form and its case mask; `None` when it is too long to be a word.
fn fold(form: &str) -> Option<(String, u64)> {
    let mut key = String::with_capacity(form.len());
    let mut mask = 0u64;
    for (i, c) in form.chars().enumerate() {
        if i >= 64 {
            return None;
        }
        if c.is_uppercase() {
            mask |= 1 << i;
        }
        key.extend(format::fold_char(c));
    }
    (key.len() <= format::MAX_WORD).then_some((key, mask))
}

fn add_form(record: &mut Record, (mask, kind, size): Form) {
    match record.forms.iter_mut().find(|f| f.0 == mask) {
        Some(f) => {
            f.1 |= kind;
            f.2 = f.2.min(size);
        }
        None => record.forms.push((mask, kind, size)),
    }
}

fn compile(records: &BTreeMap<String, Record>) -> Vec<u8> {
    let slot_count = (records.len() * 2).next_power_of_two();
    let mut slots = vec![0u32; slot_count];
    let mut blob = Vec::new();
    // The most frequent words first: the records a text looks up most share a few cache lines.
    let mut order: Vec<(&String, &Record)> = records.iter().collect();
    order.sort_by(|a, b| b.1.frequency.cmp(&a.1.frequency).then(a.0.cmp(b.0)));
    for (key, record) in order {
        let offset = blob.len();
        assert!(offset < MAX_BLOB, "lexicon too large for 24-bit offsets");
        blob.push(u8::try_from(key.len()).expect("keys are at most 255 bytes"));
        blob.extend_from_slice(key.as_bytes());
        write_varint(&mut blob, record.frequency);
        blob.push(u8::try_from(record.forms.len()).expect("few forms per word"));
        let mut forms = record.forms.clone();
        forms.sort_unstable();
        for (mask, kinds, size) in forms {
            write_varint(&mut blob, mask);
            blob.push(kinds);
            blob.push(size);
        }
        let h = format::hash(key.as_bytes());
        let mut i = h as usize & (slot_count - 1);
        while slots[i] != 0 {
            i = (i + 1) & (slot_count - 1);
        }
        slots[i] = format::tag(h) << 24 | (offset as u32 + 1);
    }
    let mut out = Vec::with_capacity(format::HEADER_LEN + slot_count * 4 + blob.len());
    out.extend_from_slice(format::MAGIC);
    out.extend_from_slice(&(slot_count as u32).to_le_bytes());
    out.extend_from_slice(&(blob.len() as u32).to_le_bytes());
    out.extend_from_slice(&(records.len() as u32).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    for s in slots {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out.extend_from_slice(&blob);
    out
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}
