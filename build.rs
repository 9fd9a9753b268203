//! Generates what the crate embeds from the data under `rules/`:
//!
//! - the vendored word lists under `rules/lexicon/`, compiled into the hash table that
//!   `src/lexicon.rs` embeds (`$OUT_DIR/lexicon.bin`; the layout is in `src/lexicon/format.rs`),
//!   and the common words among them into the small table the word repair stages probe for every
//!   token (`$OUT_DIR/common.rs`, Rust arrays; the layout is in `src/lexicon/common.rs`), and
//!   the frequency list's words into the trie the confusion stage walks damaged tokens against
//!   (`$OUT_DIR/trie.bin`; the layout is in `src/lexicon/trie_format.rs`);
//! - the codes of the rules of the built-in packs (those whose logic is code, `builtin = true`,
//!   and the data rules a stage's code refers to alike), as constants
//!   (`$OUT_DIR/builtin_codes.rs`, included by `src/code.rs`), so that a stage names its rules
//!   by constants a typo cannot miss.
//!
//! The text stays the reviewable source of truth; what is generated is rebuilt whenever it
//! changes, so it can never be out of date, and the program reads it in place without parsing
//! anything at start-up.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

#[path = "src/lexicon/format.rs"]
#[allow(dead_code)]
mod format;

#[path = "src/lexicon/table.rs"]
#[allow(dead_code)]
mod table;

#[path = "src/lexicon/common.rs"]
#[allow(dead_code)]
mod common;

#[path = "src/lexicon/trie_format.rs"]
#[allow(dead_code)]
mod trie_format;

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
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    lexicon_tables(Path::new(&out_dir));
    builtin_codes(&Path::new(&out_dir).join("builtin_codes.rs"));
}

/// Compiles the word lists into the lexicon's hash table and the common-word table, in `out_dir`.
fn lexicon_tables(out_dir: &Path) {
    let dir = Path::new("rules/lexicon");
    for shared in ["format", "table", "common", "trie_format"] {
        println!("cargo::rerun-if-changed=src/lexicon/{shared}.rs");
    }
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
    let common = common_table(&table, &read(&dir.join("frequency.txt")));
    write(&out_dir.join("lexicon.bin"), &table);
    write(&out_dir.join("common.rs"), common.as_bytes());
    write(
        &out_dir.join("trie.bin"),
        &compile_trie(&read(&dir.join("frequency.txt"))),
    );
}

/// A built-in rule, as its constant describes it.
struct BuiltinRule {
    /// `HARD_WRAP` for `hard-wrap`.
    constant: String,
    code: String,
    name: String,
    /// The pack it is defined in.
    pack: String,
    /// The first sentence of its description.
    summary: String,
}

/// Writes the constants of the built-in packs' rule codes, one module per stage, in pack order.
fn builtin_codes(out: &Path) {
    let mut packs = Vec::new();
    toml_files(Path::new("rules"), &mut packs);
    packs.sort();
    let mut stages: BTreeMap<String, Vec<BuiltinRule>> = BTreeMap::new();
    for pack in &packs {
        let text = read(pack);
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{}: not TOML: {e}", pack.display()));
        let rules = table.get("rule").and_then(|r| r.as_array());
        for rule in rules.into_iter().flatten() {
            let field = |key: &str| rule.get(key).and_then(|v| v.as_str()).unwrap_or("");
            let name = field("name");
            let constant = name.to_uppercase().replace('-', "_");
            let summary = field("description")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let summary = summary
                .find(". ")
                .map_or(&summary[..], |i| &summary[..=i])
                .to_string();
            stages
                .entry(field("stage").to_string())
                .or_default()
                .push(BuiltinRule {
                    constant,
                    code: field("code").to_string(),
                    name: name.to_string(),
                    pack: pack.display().to_string(),
                    summary,
                });
        }
    }
    let mut src = String::from("// Generated by build.rs from the rule packs under rules/.\n");
    let mut all = String::new();
    for (stage, rules) in &stages {
        let variant = format!("{}{}", stage[..1].to_uppercase(), &stage[1..]);
        src.push_str(&format!(
            "\n/// The built-in rules of stage `{stage}`.\npub mod {stage} {{\n    use crate::code::RuleCode;\n"
        ));
        for BuiltinRule {
            constant,
            code,
            name,
            pack,
            summary,
        } in rules
        {
            src.push_str(&format!(
                "\n    /// {code} `{name}` ({pack}): {summary}\n    pub const {constant}: RuleCode = RuleCode::from_static({code:?});\n"
            ));
            all.push_str(&format!(
                "    ({stage}::{constant}, {name:?}, crate::rules::StageName::{variant}),\n"
            ));
        }
        src.push_str("}\n");
    }
    src.push_str(&format!(
        "\n/// Every constant above, with its rule's name and stage.\npub const ALL: &[(crate::code::RuleCode, &str, crate::rules::StageName)] = &[\n{all}];\n"
    ));
    std::fs::write(out, src).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// The `.toml` files under `dir`, at any depth.
fn toml_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    // A new pack changes the folder, so the constants are regenerated for it too.
    println!("cargo::rerun-if-changed={}", dir.display());
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            toml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The common-word table as Rust source: the lexicon just compiled answers which listed words
/// are words in lower case and names when capitalised, exactly as the program would.
fn common_table(lexicon: &[u8], frequency_list: &str) -> String {
    let table = table::Table::read(lexicon);
    let listed = |word: &str| {
        table::lookup(word, |folded, len, chars| {
            table.listed(folded, len, chars).1
        })
    };
    let built = common::build(
        frequency_list,
        |w| listed(w).is_some(),
        |w| listed(w).is_some_and(|l| l.kinds & (format::UPPER | format::PROPER) != 0),
    );
    let mut out = String::from("// Generated by build.rs from rules/lexicon/: do not edit.\n");
    let array = |out: &mut String, name: &str, ty: &str, items: Vec<String>| {
        let _ = writeln!(out, "pub(super) static {name}: [{ty}; {}] = [", items.len());
        for row in items.chunks(16) {
            let _ = writeln!(out, "    {},", row.join(", "));
        }
        out.push_str("];\n");
    };
    let hex32 = |v: &[u32]| v.iter().map(|x| format!("{x:#x}")).collect();
    array(&mut out, "HOT", "u32", hex32(&built.hot));
    array(&mut out, "SLOTS", "u32", hex32(&built.slots));
    let trigrams = built.trigrams.iter().map(|x| format!("{x:#x}")).collect();
    array(&mut out, "TRIGRAMS", "u64", trigrams);
    out
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
/// A node of the trie while it is built: children by label, the word's quantised probability.
#[derive(Default)]
struct TrieNode {
    children: BTreeMap<u8, TrieNode>,
    word: Option<u8>,
}

impl TrieNode {
    /// The best quantised probability at or below this node (smaller is likelier).
    fn best(&self) -> u8 {
        let below = self.children.values().map(TrieNode::best).min();
        below
            .into_iter()
            .chain(self.word)
            .min()
            .unwrap_or(trie_format::NONE)
    }
}

/// The words of the frequency list (`word count` lines) as the trie of `trie_format.rs`.
fn compile_trie(list: &str) -> Vec<u8> {
    let entries: Vec<(&str, u64)> = list.lines().filter_map(split_count).collect();
    let total: f64 = entries.iter().map(|&(_, c)| c as f64).sum();
    let mut root = TrieNode::default();
    for (word, count) in entries {
        let mut node = &mut root;
        for b in word.bytes() {
            node = node.children.entry(b).or_default();
        }
        let q = trie_format::quantise((count as f64 / total).log10());
        node.word = Some(node.word.map_or(q, |w| w.min(q)));
    }
    // Breadth first, so that the children of each node are consecutive.
    let mut order: Vec<(u8, &TrieNode)> = vec![(0, &root)];
    let mut records = Vec::new();
    let mut next = 1u32;
    let mut i = 0;
    while i < order.len() {
        let (label, node) = order[i];
        let count = u8::try_from(node.children.len()).expect("at most 256 children");
        records.extend_from_slice(&next.to_le_bytes());
        records.extend_from_slice(&[count, label, node.word.unwrap_or(trie_format::NONE)]);
        records.push(node.best());
        next += u32::from(count);
        order.extend(node.children.iter().map(|(&b, c)| (b, c)));
        i += 1;
    }
    let mut out = Vec::with_capacity(trie_format::TRIE_HEADER_LEN + records.len());
    out.extend_from_slice(trie_format::TRIE_MAGIC);
    out.extend_from_slice(&(order.len() as u32).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&records);
    out
}
