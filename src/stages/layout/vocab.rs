//! What the layout rules know about newspaper language, read from the `[data.layout]` lists of
//! the rule packs (`rules/layout.toml`, extended by users' packs): function words, caption verbs,
//! credit markers, byline patterns, abbreviations.

use std::collections::HashSet;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use crate::rules::screen::Screen;
use crate::rules::{DataList, RuleBook, RuleError, StageName, compile_user_regex};

/// Every list the layout stage reads, with what it is for (shown when a pack names another).
const LISTS: &[(&str, &str)] = &[
    (
        "function-words",
        "words a sentence does not end on (`and`, `of`, `the`)",
    ),
    (
        "caption-verbs",
        "verbs captions use, mostly in the present tense (`meets`, `arrive`)",
    ),
    (
        "caption-cues",
        "other words that mark a caption (`pictured`, `inset`)",
    ),
    (
        "caption-positions",
        "positions in a picture, a cue when set apart (`(left)`, `, right,`)",
    ),
    (
        "caption-times",
        "when a picture was taken (`yesterday`, `Monday`): weaker cues",
    ),
    (
        "place-prepositions",
        "prepositions before a place that ends a caption (`in`, `at`)",
    ),
    (
        "abbreviations",
        "abbreviations whose full stop does not end a sentence (`Mr`, `p.m`)",
    ),
    (
        "credit-markers",
        "what starts a photo credit (`Photo:`, `Picture by`)",
    ),
    (
        "credit-connectors",
        "lower-case words inside a credit's name (`of`, `van`, `via`); `*` marks one that binds \
         capitalised words into one name (`of*`: `City of El Paso`)",
    ),
    (
        "credit-nouns",
        "lower-case words that end a credit's name (`handout`, `family`)",
    ),
    (
        "byline-patterns",
        "regular expressions for the byline part of a line (`^By\\s+\\p{Lu}`)",
    ),
];

/// The compiled lists.
#[derive(Debug)]
pub(crate) struct Vocab {
    pub function_words: HashSet<String>,
    pub caption_verbs: HashSet<String>,
    pub caption_cues: HashSet<String>,
    pub caption_positions: HashSet<String>,
    pub caption_times: HashSet<String>,
    pub place_prepositions: HashSet<String>,
    pub abbreviations: HashSet<String>,
    pub credit_connectors: HashSet<String>,
    pub credit_nouns: HashSet<String>,
    /// The credit connectors marked `*`: they bind capitalised words into one name.
    pub name_joiners: HashSet<String>,
    /// The credit markers as written in the packs, index-aligned with `credit_finder`'s patterns.
    pub credit_markers: Vec<String>,
    /// Finds credit markers, ignoring ASCII case (the text's own capital is checked afterwards).
    pub credit_finder: AhoCorasick,
    /// The byline patterns, each compiled when a text first gets past the screen of the bytes
    /// its matches need (most texts hold no credit, or no `@`).
    byline_patterns: Vec<LazyPattern>,
}

/// A pattern compiled on first use, and what a text must hold to match it.
#[derive(Debug)]
struct LazyPattern {
    source: String,
    screen: Screen,
    compiled: OnceLock<Option<Regex>>,
}

impl LazyPattern {
    fn new(source: String) -> LazyPattern {
        LazyPattern {
            screen: Screen::of([source.as_str()]),
            source,
            compiled: OnceLock::new(),
        }
    }

    fn is_match(&self, text: &str) -> bool {
        // A pattern that does not compile (checked for user patterns when the stage is built,
        // by a test for the built-in ones) matches nothing.
        self.screen.admits(text.as_bytes())
            && self
                .compiled
                .get_or_init(|| compile_user_regex(&self.source).ok())
                .as_ref()
                .is_some_and(|re| re.is_match(text))
    }
}

fn invalid(list: &DataList, message: String) -> RuleError {
    RuleError::Invalid {
        path: list.origin.file.clone(),
        line: list.origin.line,
        message,
    }
}

/// The error for a `[data.layout]` list the stage does not read.
fn unknown_list(list: &DataList, name: &str) -> RuleError {
    let known: Vec<String> = LISTS
        .iter()
        .map(|(n, what)| format!("`{n}` ({what})"))
        .collect();
    invalid(
        list,
        format!(
            "[data.layout] has no list `{name}`; the layout stage reads {}",
            known.join(", ")
        ),
    )
}

/// Finds the credit markers, ignoring ASCII case. A DFA: the markers are few, and
/// case-insensitive markers starting with common letter pairs (`ph`, `pi`, `im`) defeat the
/// prefilter, so the automaton itself runs over most of the text: the DFA's table lookups are the
/// cheapest way through it.
fn credit_finder(markers: &[String]) -> Result<AhoCorasick, RuleError> {
    AhoCorasickBuilder::new()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(markers)
        .map_err(|e| RuleError::Invalid {
            path: "rules/layout.toml".into(),
            line: 0,
            message: format!("credit-markers: {e}"),
        })
}

impl Vocab {
    /// Reads and checks every `[data.layout]` list of `book`.
    pub fn new(book: &RuleBook) -> Result<Vocab, RuleError> {
        let mut words: [HashSet<String>; 10] = Default::default();
        let mut credit_markers: Vec<String> = Vec::new();
        let mut byline_patterns = Vec::new();
        for list in book.data(StageName::Layout) {
            let set = match list.name.as_str() {
                "function-words" => Some(0),
                "caption-verbs" => Some(1),
                "caption-cues" => Some(2),
                "abbreviations" => Some(3),
                "credit-connectors" => Some(4),
                "caption-positions" => Some(5),
                "caption-times" => Some(6),
                "place-prepositions" => Some(7),
                "credit-nouns" => Some(8),
                "credit-markers" => {
                    for m in &list.values {
                        let m = m.trim();
                        if m.is_empty() {
                            return Err(invalid(list, "an empty credit marker".into()));
                        }
                        credit_markers.push(m.to_string());
                    }
                    None
                }
                "byline-patterns" => {
                    for p in &list.values {
                        // Built-in patterns are checked by the test suite; a user's are checked
                        // here, so a bad one is reported before any text is cleaned.
                        if !list.origin.builtin {
                            compile_user_regex(p)
                                .map_err(|e| invalid(list, format!("byline-patterns: {e}")))?;
                        }
                        byline_patterns.push(LazyPattern::new(p.clone()));
                    }
                    None
                }
                other => return Err(unknown_list(list, other)),
            };
            if let Some(i) = set {
                for v in &list.values {
                    let v = v.trim();
                    // `of*`: a credit connector that binds a name (the name joiners, set 9).
                    let (v, binds) = match v.strip_suffix('*') {
                        Some(v) if i == 4 => (v, true),
                        _ => (v, false),
                    };
                    let word = v.trim_end_matches('.').to_lowercase();
                    if binds {
                        words[9].insert(word.clone());
                    }
                    words[i].insert(word);
                }
            }
        }
        let credit_finder = credit_finder(&credit_markers)?;
        let [
            function_words,
            caption_verbs,
            caption_cues,
            abbreviations,
            credit_connectors,
            caption_positions,
            caption_times,
            place_prepositions,
            credit_nouns,
            name_joiners,
        ] = words;
        Ok(Vocab {
            function_words,
            caption_verbs,
            caption_cues,
            abbreviations,
            credit_connectors,
            caption_positions,
            caption_times,
            place_prepositions,
            credit_nouns,
            name_joiners,
            credit_markers,
            credit_finder,
            byline_patterns,
        })
    }

    /// Whether a byline pattern matches `text`.
    pub fn is_byline(&self, text: &str) -> bool {
        self.byline_patterns.iter().any(|p| p.is_match(text))
    }

    /// Whether the word (any case) is in `set`.
    pub fn has(set: &HashSet<String>, word: &str) -> bool {
        if word.is_empty() || word.len() > 40 {
            return false;
        }
        if word.bytes().all(|b| !b.is_ascii_uppercase()) {
            return set.contains(word);
        }
        set.contains(&word.to_lowercase())
    }

    /// Whether the credit marker `index` takes a name after a colon (`Photo:`), as opposed to
    /// a phrase (`Photo by`).
    pub fn marker_is_label(&self, index: usize) -> bool {
        self.credit_markers[index].ends_with(':')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lists_load() {
        let v = Vocab::new(&RuleBook::builtin()).unwrap();
        assert!(Vocab::has(&v.function_words, "and"));
        assert!(Vocab::has(&v.function_words, "And"));
        assert!(Vocab::has(&v.abbreviations, "Mr"));
        for p in &v.byline_patterns {
            assert!(compile_user_regex(&p.source).is_ok(), "{}", p.source);
        }
        assert!(v.is_byline("By Ana Ruiz") && !v.is_byline("Dock workers returned"));
        assert!(v.credit_markers.iter().any(|m| m == "Photo:"));
    }

    #[test]
    fn unknown_list_is_named() {
        let mut book = RuleBook::builtin();
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("mine.toml");
        std::fs::write(&pack, "[data.layout]\ncredit-marker = [\"Foto:\"]\n").unwrap();
        book.load_user_packs(&pack).unwrap();
        let err = Vocab::new(&book).unwrap_err().to_string();
        assert!(err.contains("mine.toml:2"), "{err}");
        assert!(
            err.contains("credit-marker") && err.contains("credit-markers"),
            "{err}"
        );
    }

    #[test]
    fn user_pack_extends_a_list() {
        let mut book = RuleBook::builtin();
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("mine.toml");
        std::fs::write(&pack, "[data.layout]\ncredit-markers = [\"Foto:\"]\n").unwrap();
        book.load_user_packs(&pack).unwrap();
        let v = Vocab::new(&book).unwrap();
        assert!(v.credit_markers.iter().any(|m| m == "Foto:"));
    }
}
