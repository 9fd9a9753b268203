//! The layout stage through the whole pipeline.

use super::Captions;
use crate::code::builtin::layout::{BYLINE_CREDIT, WEDGED_CAPTION};
use crate::edit::{Status, replay};
use crate::pipeline::Pipeline;
use crate::rules::{RuleBook, StageName};
use crate::stage::Stage;

fn pipeline(captions: Captions) -> Pipeline {
    let book = RuleBook::builtin();
    Pipeline::builder()
        .rules(book)
        .unsafe_fixes(true)
        .captions(captions)
        .build()
        .unwrap()
}

#[test]
fn pack_examples_hold() {
    let p = pipeline(Captions::End);
    let book = RuleBook::builtin();
    let mut failures = Vec::new();
    for rule in book.stage(StageName::Layout) {
        for ex in &rule.examples {
            let got = p.clean(&ex.input);
            if got.text != ex.output {
                failures.push(format!(
                    "{} example at rules/layout.toml:{}\n--- expected\n{}\n--- got\n{}\n--- changes\n{:?}",
                    rule.code,
                    ex.line,
                    ex.output,
                    got.text,
                    got.changes
                        .iter()
                        .map(|c| (c.code.as_str(), &c.before, &c.after))
                        .collect::<Vec<_>>()
                ));
            }
            assert_eq!(replay(&ex.input, &got.changes), got.text);
            let again = p.clean(&got.text);
            if !again.changes.is_empty() {
                failures.push(format!(
                    "{} example at rules/layout.toml:{}: a second run changes {:?}",
                    rule.code,
                    ex.line,
                    again
                        .changes
                        .iter()
                        .map(|c| (&c.before, &c.after))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn unsafe_fixes_are_pending_by_default() {
    let book = RuleBook::builtin();
    let rule = book.stage(StageName::Layout).find(|r| !r.safe).unwrap();
    let ex = rule.examples.iter().find(|e| !e.is_negative()).unwrap();
    let got = Pipeline::default().clean(&ex.input);
    assert_eq!(got.text, ex.input);
    assert!(got.changes.iter().all(|c| c.status == Status::Pending));
    assert!(!got.changes.is_empty());
}

const CREDITED_BYLINE: &str = "Talks resume\n\n- Ana Ruiz ana.ruiz@example.com Photo: Handout\n\nThe \
    two ports agreed on Friday to end a long period of mistrust between their fleets and\n\nAna \
    Ruiz and Tomas Berg meet in Valencia yesterday. opened a new chapter for the crews.\n\nThe \
    agreement takes effect next month.\n";

/// LAY001 and LAY003 are both safe: by default the credit split off the byline joins the caption
/// it belongs to after the article, and nothing is left pending.
#[test]
fn a_credit_moves_with_its_caption_by_default() {
    let got = Pipeline::default().clean(CREDITED_BYLINE);
    assert!(got.changes.iter().all(|c| c.status == Status::Applied));
    assert!(
        got.text
            .contains("- Ana Ruiz ana.ruiz@example.com\n\nThe two ports")
    );
    assert!(
        got.text.ends_with(
            "next month.\n\nAna Ruiz and Tomas Berg meet in Valencia yesterday. Photo: Handout\n"
        ),
        "{}",
        got.text
    );
}

/// Where the credit's fix is applied and the caption's waits (a caption rule that is unsafe), the
/// credit cannot wait for the caption it would join: it goes after the article on its own, and
/// the caption moves alone when its fix is applied. No word is lost either way.
#[test]
fn an_applied_credit_does_not_wait_for_a_pending_caption() {
    let book = RuleBook::builtin();
    let stage = super::Layout::new(&book, Captions::End, false)
        .unwrap()
        .applying(&[BYLINE_CREDIT]);
    let p = Pipeline::default();
    let edits = stage.propose(CREDITED_BYLINE, &p.context());
    let moved = |code| {
        edits
            .iter()
            .filter(|e| e.rule == code && e.range.is_empty())
            .map(|e| e.replacement.as_ref())
            .collect::<Vec<&str>>()
    };
    assert_eq!(moved(BYLINE_CREDIT), ["\n\nPhoto: Handout"], "{edits:?}");
    assert_eq!(
        moved(WEDGED_CAPTION),
        ["\n\nAna Ruiz and Tomas Berg meet in Valencia yesterday."],
        "{edits:?}"
    );
}

/// Caption paragraphs that already stand after the last paragraph of the body are where they
/// belong: several in a row, credited in any of the ways a credit is written, move nowhere.
#[test]
fn captions_after_the_body_are_placed() {
    let body = "The council voted 9-4 to extend the tram line to the hospital district.\n\n\
                Construction is due to begin next spring, the mayor said.\n\n";
    let tails = [
        "Residents hold placards outside the chamber. Photo by Star Photo/Lee Wong\n",
        "Picture: A tram waits at the central station terminus. Star Photo/Lee Wong\n",
        "Photo: Handout\n",
        "Ana Ruiz and Tomas Berg meet in Valencia yesterday. Photo: Kestrel News\n",
    ];
    for captions in [Captions::End, Captions::Keep, Captions::Drop] {
        let p = pipeline(captions);
        for n in 1..=tails.len() {
            let text = format!("{body}{}", tails[..n].join("\n"));
            let got = p.clean(&text);
            assert!(
                got.changes.is_empty(),
                "{captions:?} {text:?}: {:#?}",
                got.changes
            );
        }
    }
}

/// A caption moved to the end lands after the body and before the captions already there, and
/// the result is a fixed point.
#[test]
fn moved_caption_joins_the_captions_at_the_end() {
    let text = "The council voted 9-4 to extend the tram line to the hospital district.\n\n\
                Picture: A tram waits at the central station terminus. Star Photo/Lee Wong\n\n\
                Construction is due to begin next spring, the mayor said.\n\n\
                Residents hold placards outside the chamber. Photo by Star Photo/Lee Wong\n";
    let p = pipeline(Captions::End);
    let got = p.clean(text);
    assert_eq!(
        got.text,
        "The council voted 9-4 to extend the tram line to the hospital district.\n\n\
         Construction is due to begin next spring, the mayor said.\n\n\
         Picture: A tram waits at the central station terminus. Star Photo/Lee Wong\n\n\
         Residents hold placards outside the chamber. Photo by Star Photo/Lee Wong\n"
    );
    assert!(p.clean(&got.text).changes.is_empty());
}

/// Two paragraphs of a column hard-wrapped at about 43 characters, words broken at line ends.
const COLUMN: &str = "The council said on Thursday that the ferry\n\
                     would return to service by the end of the\n\
                     month, after engineers found that the hull\n\
                     plates could be welded rather than re-\n\
                     placed at the slipway in Northgate.\n\
                     \n\
                     The vessel has been laid up since early\n\
                     June, leaving the island with a single\n\
                     water taxi that runs twice a day in the af-\n\
                     ternoon and cannot carry any vehicles or\n\
                     freight across to the mainland harbour.\n";

/// A hard-wrapped column through the whole pipeline: the layout stage unwraps the lines of each
/// paragraph, the hyphen stage joins the words broken at line ends, and each paragraph comes out
/// as one line with no break left where a word was joined.
#[test]
fn unwrap_and_hyphen_joins_agree() {
    let text = COLUMN;
    let p = pipeline(Captions::End);
    let got = p.clean(text);
    assert_eq!(
        got.text,
        "The council said on Thursday that the ferry would return to service by the end of the \
         month, after engineers found that the hull plates could be welded rather than replaced \
         at the slipway in Northgate.\n\
         \n\
         The vessel has been laid up since early June, leaving the island with a single water \
         taxi that runs twice a day in the afternoon and cannot carry any vehicles or freight across \
         to the mainland harbour.\n",
        "{:#?}",
        got.changes
    );
    assert!(p.clean(&got.text).applied().next().is_none());
}

/// A short paragraph of a hard-wrapped column, unwrapped, is no longer than a printed line: the
/// hyphen stage knows its lines are a paragraph from the layout stage's joins
/// ([`crate::stage::LineForm`]), not from their length, and closes the broken word up instead
/// of leaving a line break inside the paragraph.
#[test]
fn a_short_unwrapped_paragraph_closes_up_its_broken_word() {
    let text = format!(
        "{COLUMN}\n\
         The island council welcomed the news on\n\
         Friday, and the mayor thanked the engi-\n\
         neers who found the fix.\n"
    );
    let got = pipeline(Captions::End).clean(&text);
    assert!(
        got.text.ends_with(
            "\n\nThe island council welcomed the news on Friday, and the mayor thanked the \
             engineers who found the fix.\n"
        ),
        "{}\n{:#?}",
        got.text,
        got.changes
    );
}

/// The LAY001 changes of cleaning `text` by default, and the text.
fn wedged(text: &str) -> (String, Vec<(String, String)>) {
    let got = Pipeline::default().clean(text);
    let changes = got
        .changes
        .iter()
        .filter(|c| c.code == WEDGED_CAPTION)
        .map(|c| (c.before.as_str().to_string(), c.after.as_str().to_string()))
        .collect();
    (got.text.into_owned(), changes)
}

#[test]
fn a_caption_with_a_credit_of_capitalised_words_is_taken_before_a_lower_case_word() {
    let (text, changes) = wedged(
        "Profit rises\n\nThe company said raw-material costs had eased over the quarter, with steel \
         prices\n\nWorkers at the plant in Chakan, near Pune. Photo: Special Arrangement down about \
         7% from a year earlier.\n\nIts shares closed higher on Friday.\n",
    );
    assert!(
        text.contains("with steel prices down about 7% from a year earlier."),
        "{text}"
    );
    let moved = text.find("Workers at the plant in Chakan, near Pune. Photo: Special Arrangement");
    assert!(moved > text.find("closed higher on Friday."), "{text}");
    assert!(!changes.is_empty());
}

#[test]
fn a_quotation_closed_after_a_comma_goes_on_after_the_caption() {
    let (text, _) = wedged(
        "Krill in winter\n\n“This is the first time anyone has been able to watch krill through a \
         whole winter,”\n\nA research glider is lowered into the water off East Antarctica Photo: \
         Southern Ocean Observatory\n\nsaid the study’s lead author, Dr Ana Ruiz.\n",
    );
    assert!(
        text.contains("whole winter,” said the study’s lead author"),
        "{text}"
    );
    assert!(
        text.ends_with("Photo: Southern Ocean Observatory\n"),
        "{text}"
    );
}

#[test]
fn a_short_opening_is_interrupted_by_a_credited_caption_only() {
    let credited = "Results\n\nShares in the group fell sharply on Friday.\n\nHarbour Freight said \
        it was\n\nA crane at the container terminal in Kwai Chung Photo: Lee Wong disappointed \
        with the result and would appeal.\n\nIts shares closed lower.\n";
    let (text, _) = wedged(credited);
    assert!(
        text.contains("Harbour Freight said it was disappointed with the result"),
        "{text}"
    );
    // A heading or the start of a paragraph that stops on a lower-case word, then a sentence
    // without a credit: nothing says a sentence was interrupted.
    let uncredited = "Results\n\nShares in the group fell sharply on Friday.\n\nHarbour Freight \
        said it was\n\nA crane at the container terminal in Kwai Chung. disappointed with the \
        result and would appeal.\n\nIts shares closed lower.\n";
    let (text, changes) = wedged(uncredited);
    assert_eq!(text, uncredited);
    assert!(changes.is_empty());
}

#[test]
fn prose_that_names_a_photo_is_not_a_caption() {
    // `Photo:` in running text, and a sentence that goes on after a name.
    let prose = "Gallery\n\nThe exhibition opened on Friday and its most talked-about work, a \
        print titled Photo: Ana Ruiz at Home, hangs beside the entrance.\n\nThe gallery said \
        visitors who came to see\n\nAna Ruiz and Tom Berg said they would return next week.\n";
    let (text, changes) = wedged(prose);
    assert_eq!(text, prose);
    assert!(changes.is_empty());
}

#[test]
fn a_credit_whose_kind_ends_its_line_is_no_sentence_going_on() {
    // Captions gathered after an article: `trust handout` is the last credit's kind of source,
    // not the rest of a sentence the caption before it interrupted.
    let text = "Clinic\n\nThe service has cut emergency visits by a third.\n\nDr Ada Clarke, an \
        emergency medicine consultant Photo: Hospital handout\n\nCaseworker Sarah Ellison visits a \
        client at his home in Haydon Bridge Photo: NHS trust handout\n";
    let (out, changes) = wedged(text);
    assert_eq!(out, text);
    assert!(changes.is_empty(), "{changes:?}");
}

#[test]
fn a_short_paragraph_after_a_signature_is_interrupted_by_a_credited_caption() {
    let credited = "Letters\n\nThe new bike lanes on Smith Street have made my commute safer.\n\nAna \
        Ruiz, Fitzroy North\n\nLetters should be no\n\nStudents clear rubbish from Merri Creek on \
        Sunday. Picture: Rosa Kerr\n\nmore than 150 words and include your full name.\n";
    let (text, _) = wedged(credited);
    assert!(
        text.contains("Letters should be no more than 150 words"),
        "{text}"
    );
    // Without a credit nothing says that the short unit was cut off.
    let uncredited = credited.replace(" Picture: Rosa Kerr", "");
    let (text, changes) = wedged(&uncredited);
    assert_eq!(text, uncredited);
    assert!(changes.is_empty());
}

#[test]
fn a_short_paragraph_that_stops_bare_is_interrupted_by_a_credited_caption() {
    let text = "Births\n\nThe hospital cut its rate of caesareans by a quarter in two years.\n\n\
        Insurers have taken notice. Arizona's Medicaid\n\nDr. Ana Ruiz, director of obstetrics. \
        Photo: Camelback Hospital program, which pays for half of births, is studying bonuses.\n\n\
        More is online.\n";
    let (out, _) = wedged(text);
    assert!(
        out.contains("Arizona's Medicaid program, which pays"),
        "{out}"
    );
}
