//! The word repair stages (hyphen, split, confusion) on text they must leave alone: prose made
//! only of lexicon words with ordinary punctuation, and the cases other cleaners get wrong.

use ocrclean::{Lexicon, Pipeline, RuleBook, Selection};
use proptest::prelude::*;

/// Only the word repair rules, unsafe fixes applied.
fn pipeline() -> Pipeline {
    let book = RuleBook::builtin();
    let codes = ["HYP", "SPL", "OCR"].map(String::from);
    let selection = Selection::resolve(&book, Some(&codes), &[], &[]).expect("known prefixes");
    Pipeline::builder()
        .rules(book)
        .selection(selection)
        .unsafe_fixes(true)
        .build()
        .expect("built-in rules")
}

/// Words of every kind the stages look at: the frequency list's first 6,000 lexicon words, plus
/// names, camel-case brands, British and American spellings, long and short words.
fn lexicon_words() -> Vec<String> {
    let list = include_str!("../../rules/lexicon/frequency.txt");
    let lex = Lexicon::default();
    let mut words: Vec<String> = list
        .lines()
        .take(6000)
        .filter_map(|l| l.split(' ').next())
        .filter(|w| lex.is_word(w))
        .map(String::from)
        .collect();
    for w in [
        "Beijing",
        "Moscow",
        "Russia",
        "China",
        "Hong",
        "Kong",
        "Sydney",
        "Xi",
        "PayPal",
        "iPhone",
        "McDonald",
        "YouTube",
        "democratisation",
        "democratization",
        "organisation",
        "colour",
        "programme",
        "judgement",
        "takeover",
        "don't",
        "o'clock",
        "NATO",
        "BBC",
        "I",
        "a",
        "an",
    ] {
        assert!(lex.is_word(w), "{w}");
        words.push(w.to_string());
    }
    words
}

fn prose() -> impl Strategy<Value = String> {
    let words = lexicon_words();
    let word = prop::sample::select(words);
    let case = prop::sample::select(vec![0u8, 0, 0, 1, 2]);
    let gap = prop::sample::select(vec![
        " ", " ", " ", " ", ", ", ". ", "; ", ": ", "\n", "\n\n", " (", ") ", " “", "” ", " '",
        "' ", "? ", "! ", " — ", "'s ",
    ]);
    prop::collection::vec((word, case, gap), 1..60).prop_map(|v| {
        let mut s = String::new();
        for (w, case, gap) in v {
            let w = match case {
                1 => {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
                2 if w.chars().all(|c| c.is_lowercase()) => w.to_uppercase(),
                _ => w,
            };
            s.push_str(&w);
            s.push_str(gap);
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn prose_of_lexicon_words_is_left_alone(text in prose()) {
        static PIPELINE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
        let cleaned = PIPELINE.get_or_init(pipeline).clean(&text);
        prop_assert_eq!(cleaned.text.as_ref(), text.as_str());
        prop_assert!(cleaned.changes.is_empty(), "{:#?}", cleaned.changes);
    }
}

#[test]
fn what_other_cleaners_get_wrong() {
    let p = pipeline();
    for (input, output) in [
        // wordninja / SymSpell: `democrat is ation and`, lower case, punctuation dropped.
        (
            "the democratisationand reform",
            "the democratisation and reform",
        ),
        ("tbe committee met", "the committee met"),
        ("Tbe committee met", "The committee met"),
        ("“RussiaChina,” he said.", "“Russia-China,” he said."),
        ("RussiaChina's role", "Russia-China's role"),
        ("in HongKong.", "in Hong Kong."),
        ("went tothe shop", "went to the shop"),
    ] {
        assert_eq!(p.clean(input).text, output, "{input}");
    }
}

#[test]
fn never_split() {
    let p = pipeline();
    for input in [
        // Brands and names with inner capitals, acronyms, British and American spellings.
        "PayPal, WeChat, DeepMind, YouTube, iPhone, McDonald, MacArthur and eBay.",
        "NATO, the BBC and RUSSIACHINA in capitals.",
        "democratisation, organisation, democratization, organization.",
        // A known word with a productive suffix, and prefixes.
        "democratisations, reorganisations, nonpayment, antiwar.",
        // Digits, addresses, handles, hashtags.
        "COVID19 R2D2 abc123 https://example.com/RussiaChina desk@RussiaChina.com",
        "@RussiaChina #RussiaChina www.RussiaChina.com",
        // Surnames a word and a function word would spell.
        "Mr Robson, Mrs Hickson and Dr Dobson.",
        // Compounds of a word and a particle.
        "a takeover, a lockdown, a bailout and a walkout",
    ] {
        let cleaned = p.clean(input);
        assert_eq!(cleaned.text, input);
    }
}

#[test]
fn attested_forms_stay() {
    // A form printed in several documents of the batch is a word of the batch.
    let docs: Vec<String> = (0..4)
        .map(|i| format!("Report {i}: the Jinpingville delegation and the Kowloonbay office.\n"))
        .collect();
    let batch = ocrclean::Batch::gather(&docs);
    let p = pipeline();
    let ctx = ocrclean::Context {
        batch: Some(&batch),
        ..p.context()
    };
    for d in &docs {
        assert_eq!(p.clean_with(d, &ctx).text, d.as_str());
    }
}
