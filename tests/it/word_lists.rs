//! The `[data.<stage>]` lists the stages read are one kind of data, checked as typos checks its
//! dictionary: every list of every built-in pack, written in the pack or kept in a text file
//! beside it (`BUILTIN_LIST_FILES`), is free of duplicates and sorted (a text file in sorted runs
//! between its comments, which say what each run is).

use std::collections::HashSet;

use ocrclean::rules::{BUILTIN_LIST_FILES, DataList};
use ocrclean::{Pipeline, RuleBook, StageName};

/// Lists kept in an order of their own, as their comments explain: the byline regular
/// expressions (the stage tries them all), the mojibake screen's character classes and
/// sequences (grouped by the encoding that makes them), not word lists.
const IN_OWN_ORDER: &[&str] = &[
    "byline-patterns",
    "mojibake-classes",
    "mojibake-sequences",
    "mojibake-loose-continuations",
    "mojibake-a-grave-words",
];

fn place(list: &DataList) -> String {
    format!(
        "{} [data.{}] {}",
        list.origin.file.display(),
        list.stage,
        list.name
    )
}

/// The first pair of `values` out of order, ignoring case (the stages match most lists so).
fn unsorted<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<(&'a str, &'a str)> {
    let values: Vec<&str> = values.into_iter().collect();
    values
        .windows(2)
        .find(|w| w[0].to_lowercase() > w[1].to_lowercase())
        .map(|w| (w[0], w[1]))
}

#[test]
fn every_list_is_free_of_duplicates() {
    let book = RuleBook::builtin();
    let mut lists = 0;
    for stage in StageName::ALL {
        for list in book.data(stage) {
            lists += 1;
            let mut seen = HashSet::new();
            for value in &list.values {
                // Case folded, and without the split stage's `*` mark: the stages match these
                // lists ignoring case.
                let key = value.trim_end_matches('*').to_lowercase();
                assert!(
                    seen.insert(key),
                    "{}: `{value}` is listed twice",
                    place(list)
                );
            }
        }
    }
    assert!(lists >= 20, "only {lists} lists found");
}

#[test]
fn every_list_is_sorted() {
    let book = RuleBook::builtin();
    let files: HashSet<&str> = BUILTIN_LIST_FILES.iter().map(|f| f.2).collect();
    let mut checked = 0;
    for stage in StageName::ALL {
        for list in book.data(stage) {
            if IN_OWN_ORDER.contains(&list.name.as_str())
                || files.contains(list.origin.file.to_str().unwrap_or(""))
            {
                continue;
            }
            checked += 1;
            if let Some((a, b)) = unsorted(list.values.iter().map(String::as_str)) {
                panic!(
                    "{}: not sorted, `{a}` comes before `{b}`; keep the list sorted",
                    place(list)
                );
            }
        }
    }
    for &(_, name, path, text) in BUILTIN_LIST_FILES {
        checked += 1;
        // Runs of entries between comment or blank lines.
        let mut run: Vec<&str> = Vec::new();
        for line in text.lines().map(str::trim).chain([""]) {
            if !line.is_empty() && !line.starts_with('#') {
                run.push(line);
                continue;
            }
            if let Some((a, b)) = unsorted(run.drain(..)) {
                panic!(
                    "{path} ({name}): not sorted, `{a}` comes before `{b}`; keep each run \
                     between comments sorted"
                );
            }
        }
    }
    assert!(checked >= 19, "only {checked} lists checked");
}

/// A user's pack extends a built-in list the way a built-in pack does: a name it lists as a
/// brand is left as it is printed, where the split stage would otherwise part it; its compound
/// pairs join the table compiled from the built-in file; a list the stage does not read is an
/// error naming the file.
#[test]
fn a_user_pack_extends_a_built_in_list() {
    let clean_text = |text: &str, pack: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        let mut book = RuleBook::builtin();
        if let Some(pack) = pack {
            let path = dir.path().join("mine.toml");
            std::fs::write(&path, pack).unwrap();
            book.load_user_packs(&path).unwrap();
        }
        Pipeline::builder()
            .rules(book)
            .build()
            .map(|p| p.clean(text).text.into_owned())
            .map_err(|e| e.to_string())
    };
    let text = "RussiaChina relations improved.\n";
    let clean = |pack: Option<&str>| clean_text(text, pack);
    assert_eq!(clean(None).unwrap(), "Russia-China relations improved.\n");
    let mine = clean(Some("[data.split]\nbrands = [\"RussiaChina\"]\n"));
    assert_eq!(mine.unwrap(), text);
    // The compound pairs are a table compiled from their file (build.rs); a pack's pairs join it.
    let joined = "The harbourcrane delays grew.\n";
    assert_eq!(clean_text(joined, None).unwrap(), joined);
    let mine = clean_text(
        joined,
        Some("[data.split]\ncompound-pairs = [\"harbour crane\"]\n"),
    );
    assert_eq!(mine.unwrap(), "The harbour-crane delays grew.\n");
    let err = clean(Some("[data.split]\nbrand = [\"RussiaChina\"]\n")).unwrap_err();
    assert!(
        err.contains("mine.toml") && err.contains("no list `brand`"),
        "{err}"
    );
}

/// Every text file under `rules/split/` is a registered list (an unregistered one would be read
/// by nothing).
#[test]
fn every_list_file_is_registered() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/split");
    for entry in std::fs::read_dir(&dir).expect("rules/split/ exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let name = format!(
            "rules/split/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        assert!(
            BUILTIN_LIST_FILES.iter().any(|f| f.2 == name),
            "{name} is not in BUILTIN_LIST_FILES (src/rules.rs)"
        );
    }
}
