//! Invariants of the layout stage with its unsafe fixes applied, on random text made of the
//! pieces its rules look for: paragraphs that stop on `and`, capitalised caption-like sentences
//! with caption verbs and credits, bylines, lower-case continuations, blank lines, hyphens.
//!
//! Moving a caption must never lose or add a character: with `--captions end` or `keep`, the
//! output holds exactly the input's characters, whitespace aside.

use std::sync::LazyLock;

use ocrclean::Captions;
use ocrclean::edit::replay;
use ocrclean::{Pipeline, RuleBook, Selection};
use proptest::prelude::*;

fn pipeline(captions: Captions) -> Pipeline {
    let book = RuleBook::builtin();
    let selection = Selection::of(&book, &["LAY"]).expect("LAY selects the layout rules");
    Pipeline::builder()
        .rules(book)
        .selection(selection)
        .unsafe_fixes(true)
        .captions(captions)
        .build()
        .expect("built-in rules compile")
}

static END: LazyLock<Pipeline> = LazyLock::new(|| pipeline(Captions::End));
static KEEP: LazyLock<Pipeline> = LazyLock::new(|| pipeline(Captions::Keep));
static DROP: LazyLock<Pipeline> = LazyLock::new(|| pipeline(Captions::Drop));

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "The minister said the accord would end years of mistrust between the ports and",
        "the council said the work would begin in spring",
        "Ana Ruiz and Tomas Berg meet in Valencia yesterday.",
        "Workers inspect the channel near Ordis on Monday.",
        "Residents hold placards outside the chamber.",
        "Photo: Handout",
        "Picture: Jon Pike",
        "Photo by Kestrel News",
        "- Ana Ruiz ana.ruiz@example.com",
        "By ANA RUIZ Staff Writer",
        "justice",
        "of the",
        "and",
        "the",
        "Officials declined to comment.",
        "long-",
        "term",
        "“We agree and”",
        "he said.",
        " ",
        ".",
        ",",
        "\n",
        "\n",
        "\n\n",
        "\n\n",
        "\n\n\n",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|v| {
        let mut s = String::new();
        for p in v {
            if !s.is_empty() && !s.ends_with(char::is_whitespace) && !p.starts_with(['\n', ' ']) {
                s.push(' ');
            }
            s.push_str(p);
        }
        s
    })
}

/// The characters of `s` other than whitespace, sorted: what must survive a move. A separator
/// that stands alone between a byline and its credit (`Ana Ruiz | Photo: AP`) is layout and
/// may go.
fn letters(s: &str) -> Vec<char> {
    let mut w: Vec<char> = s
        .split_whitespace()
        .filter(|t| !t.chars().all(|c| "|/-–—·•,;".contains(c)))
        .flat_map(str::chars)
        .collect();
    w.sort_unstable();
    w
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn moving_captions_loses_no_word(input in text()) {
        for p in [&*END, &*KEEP] {
            let cleaned = p.clean(&input);
            prop_assert_eq!(letters(&input), letters(&cleaned.text), "{:#?}", cleaned.changes);
            prop_assert_eq!(replay(&input, &cleaned.changes), cleaned.text.as_ref());
        }
    }

    #[test]
    fn a_second_run_changes_nothing(input in text()) {
        for p in [&*END, &*KEEP, &*DROP] {
            let once = p.clean(&input);
            let twice = p.clean(&once.text);
            prop_assert!(
                twice.changes.is_empty(),
                "input {:?}\nonce {:?}\nsecond run {:#?}",
                input,
                once.text,
                twice.changes
            );
        }
    }

    #[test]
    fn dropped_text_is_in_the_report(input in text()) {
        let cleaned = DROP.clean(&input);
        let mut kept = letters(&cleaned.text);
        let mut all = letters(&input);
        for c in &cleaned.changes {
            kept.extend(letters(&c.before));
            all.extend(letters(&c.after));
        }
        kept.sort_unstable();
        all.sort_unstable();
        prop_assert_eq!(all, kept);
    }
}
