//! A second run changes nothing: inputs the fuzz harness (`benches/fuzz.sh`) found where it did,
//! cut down to what makes the rule's trigger and its own output disagree.

use std::sync::LazyLock;

use ocrclean::{Pipeline, RuleBook, Selection};

/// Every rule, the opt-in ones too, with unsafe fixes applied: the fuzz target's pipeline.
static ALL: LazyLock<Pipeline> = LazyLock::new(|| {
    let book = RuleBook::builtin();
    let all = ["ALL".to_string()];
    let selection = Selection::resolve(&book, Some(&all), &[], &[]).expect("ALL selects");
    Pipeline::builder()
        .rules(book)
        .selection(selection)
        .unsafe_fixes(true)
        .build()
        .expect("built-in rules compile")
});

/// Cleans `text`, then cleans the output again: the second run must apply nothing.
fn assert_settles(text: &str) -> String {
    let once = ALL.clean(text);
    let again: Vec<_> = ALL.clean(&once.text).applied().cloned().collect();
    assert!(
        again.is_empty(),
        "a second run over {:?} changes it: {again:#?}",
        once.text
    );
    once.text.into_owned()
}

#[test]
fn mixed_line_endings_made_lf_lose_every_carriage_return_before_the_break() {
    // Mostly LF, one line ending `\r\r\n`: removing one `\r` left a CRLF, and each run removed
    // one more (a form feed made a line break after a run of bare CRs in the fuzz input).
    let out = assert_settles("First line.\nSecond line.\nThird\r\r\nFourth line.\n");
    assert_eq!(out, "First line.\nSecond line.\nThird\nFourth line.\n");
}

/// Two hard-wrapped paragraphs with `glued` between the lines of the second, and a last one:
/// wrapped with blank lines, so the first run reads paragraphs as blocks; once unwrapped, the
/// second run reads them as lines.
fn wrapped_with(glued: &str) -> String {
    format!(
        "The council met on Tuesday night to discuss\n\
         the new bridge over the river, which has been\n\
         delayed for three years by a dispute over who\n\
         should pay for the approach roads on either\n\
         bank of the river and the ramps to the wharf.\n\
         \n\
         The mayor said the state government had\n\
         promised to fund half of the cost and that the\n\
         {glued}\
         work could begin in the spring if the tenders\n\
         came in below the estimate given last year by\n\
         the engineers who surveyed the site and found\n\
         the old piers were sound enough to use again.\n\
         \n\
         Residents were not convinced by any of it.\n"
    )
}

#[test]
fn a_credit_line_between_the_lines_of_a_wrapped_sentence_moves_in_the_first_run() {
    // The first run read the paragraph as one block and left the credit in it; the second read
    // the unwrapped lines one by one and found the sentence it interrupts (LAY001).
    let out = assert_settles(&wrapped_with("Photo: John Smith\n"));
    assert!(
        out.contains("cost and that the work could begin")
            && out.trim_end().ends_with("\n\nPhoto: John Smith"),
        "{out}"
    );
}

#[test]
fn a_credited_caption_between_the_sentences_of_a_wrapped_paragraph_moves_in_the_first_run() {
    // As above, with a caption and its credit line between two sentences (LAY002).
    let text = wrapped_with("").replace(
        "cost and that the\nwork",
        "cost of it all.\nThe new span at the harbour.\nPhoto: John Smith\nThe work",
    );
    let out = assert_settles(&text);
    assert!(
        out.contains("cost of it all.\nThe work could begin")
            && out
                .trim_end()
                .ends_with("\n\nThe new span at the harbour. Photo: John Smith"),
        "{out}"
    );
}

#[test]
fn a_narrow_column_the_first_run_left_is_not_unwrapped_by_the_second() {
    // The document's width is the wide column's, so the first run leaves the narrow one's lines
    // (short at that width) and makes the wide paragraphs lines of their own. The second run
    // read a new width from the only lines still inside paragraphs, the narrow column's, and
    // joined them (LAY004).
    let narrow = "The harbour ferry left\nthe wharf at nine with\ntwo hundred passengers\n\
        bound for the islands,\nand returned at dusk\nafter a calm crossing\nin fine weather. Some\n\
        of the passengers said\nthe new boat was the\nfastest they had known\non the run, and asked\n\
        for a later service in\nthe summer months.\n";
    let wide = wrapped_with("");
    let out = assert_settles(&format!("{narrow}\n{wide}\n{wide}"));
    assert!(out.starts_with(narrow), "{out}");
}

#[test]
fn a_column_whose_width_shows_once_its_captions_moved_is_unwrapped_in_the_first_run() {
    // A byline glued to its credit and two credited captions are the column's longest lines:
    // read with them, the column has no one width; the first run moved them out, and the second
    // read the width of what was left and unwrapped it. The wrap is now read from the text as
    // the layout stage leaves it.
    let column = "FERRY SERVICE TO RESUME\n\
                  By Mara Quinn Photo: Island Shipping Company handout\n\
                  Island residents will have their ferry\n\
                  back by the end of the month, the shire\n\
                  council said on Tuesday, after repairs\n\
                  to the hull took longer than expected.\n\
                  The Island Queen at the slipway in Port Kembla last week. Photo: Jon Pike\n\
                  Council engineer Rhys Okafor said the\n\
                  welding would take about ten days and that\n\
                  the ferry would then need a sea trial\n\
                  and a new certificate of survey before\n\
                  it could carry passengers and vehicles.\n\
                  Passengers wait for the last sailing before the repairs. Photo: Jon Pike\n\
                  Shopkeepers on the island said the closure\n\
                  had cost them most of the winter trade.\n";
    let out = assert_settles(column);
    assert!(
        out.contains(
            "\nShopkeepers on the island said the closure had cost them most of the winter trade.\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("\n\nPhoto: Island Shipping Company handout\n"),
        "{out}"
    );
}

#[test]
fn a_stray_carriage_return_before_trailing_spaces_goes_with_them() {
    // Removing only the space of `it \r \n` left `it \r\n`: a CRLF in a text of LF lines, made
    // LF by a second run (WSP004), which then found the space before it trailing (WSP001).
    let out = assert_settles("It rained on the harbour \r \nall day long.\nThe ferry ran late.\n");
    assert_eq!(
        out,
        "It rained on the harbour\nall day long.\nThe ferry ran late.\n"
    );
}

#[test]
fn a_misread_word_is_read_beside_the_next_word_as_corrected() {
    // `besn` was corrected after `hive` had been read beside it, and `besn` is no word: `hive`
    // was read with no word after it and kept; the second run read it before `been` (OCR005).
    let out = assert_settles(
        "A few of the miners only hive besn successful, for this branch of gold mining is too \
         laborious.\n",
    );
    assert!(out.contains("only have been successful"), "{out}");
}

#[test]
fn a_misread_word_before_a_rare_word_read_as_common_settles_in_the_first_run() {
    // `tho` is a word, so `bocamo` was read before `tho` (a poor context) and kept; once `tho`
    // was `the`, the second run read `bocamo the victim` and made it `became` (OCR002). The
    // second case: `huvo` before `boen`, no word, corrected to `been` after it.
    let out = assert_settles(
        "When a member of the profession grew old and bocamo tho victim of misfortune, his \
         friends helped.\nArrangements huvo boen made for the display to be held at Sydney in \
         May.\n",
    );
    assert!(
        out.contains("old and became the victim") && out.contains("Arrangements have been made"),
        "{out}"
    );
}

#[test]
fn a_caption_after_a_paragraph_that_reads_as_a_caption_once_rejoined_moves_in_the_first_run() {
    // The paragraph before the caption starts with a sentence misread to end mid-line (`study
    // it. but`): rejoined, it read as a caption with its continuation, so the first run, reading
    // by blocks, left the caption; its overlong line kept it wrapped while the rest was unwrapped,
    // and the second run, reading by lines, rejoined only `it. but …` and moved the caption
    // (LAY001). A paragraph after a sentence's end is not read for a caption leading it.
    let text = "KIRUNA RIDGE (Wire) - Residents of this former iron-mining town voted\n\
        overwhelmingly on Sunday to buy the building that houses its last bank\n\
        branch, in an attempt to persuade the lender to keep a counter and a\n\
        cash machine open after it announced the branch would close in March.\n\
        \n\
        The town's 1,800 voters approved the purchase by 1,214 votes to 187 in a\n\
        referendum called by the municipal board, which will now offer the bank\n\
        the premises rent-free for five years.\n\
        \n\
        Board chairwoman Elin Dahl said older residents, many of whom do not use\n\
        online banking, would otherwise face a round trip of more than 90\n\
        kilometres to withdraw cash or pay a bill over the counter.\n\
        \n\
        The bank said in a statement on Monday morning that it had welcomed the town's generous offer and would study\n\
        it. but that the branch had seen fewer than\n\
        \n\
        Customers queue at the Kiruna Ridge branch on its last Saturday of full\n\
        opening hours.\n\
        \n\
        thirty customers a day over the past year, down from more than two\n\
        hundred a decade ago.\n";
    let out = assert_settles(text);
    assert!(
        out.contains("fewer than thirty customers a day")
            && out.trim_end().ends_with(
                "\n\nCustomers queue at the Kiruna Ridge branch on its last Saturday of full opening hours."
            ),
        "{out}"
    );
}

/// The printed lines of a news column with the caption line `$caption` standing in its sentence
/// `… cannot carry vehicles or | freight.`, up to the line before the column's last sentence ends.
macro_rules! ferry_column {
    ($caption:literal) => {
        concat!(
            "Island residents will have their ferry\n\
            back by the end of the month, the shire\n\
            council said on Thursday, after engineers\n\
            found the cracked hull plates of the\n\
            Marlin could be welded rather than\n\
            replaced.\n\
            The vessel has been laid up at the\n\
            Northgate slipway since early June,\n\
            leaving the three hundred people of Tern\n\
            Island with a single water taxi that runs\n\
            twice a day and cannot carry vehicles or\n",
            $caption,
            "freight.\n\
            Council engineer Rhys Okafor said the\n"
        )
    };
}

#[test]
fn a_caption_line_too_long_for_the_column_needs_the_evidence_of_a_paragraph_gap() {
    // The caption (its verb misread, so it says little itself) is a line of its own, too long to
    // be a line of the column: the first run read it between lines of the column and asked for
    // more evidence, and left it; the wrap rule left it on its own line, so the second run read
    // the unwrapped text as paragraphs, asked for less, and took it (LAY001).
    let column = concat!(
        "FERRY SERVICE TO RESUME\n\
        By Mara Quinn\n",
        ferry_column!("Welders inspecr the hull of the Marlin at Northgate on Tuesday.\n"),
        "welding would take about ten days and\n\
        that the ferry would then need a sea\n\
        trial before the maritime authority\n\
        could renew its certificate of survey.\n"
    );
    let out = assert_settles(column);
    assert!(
        out.contains("cannot carry vehicles or freight.\n")
            && out
                .ends_with("\n\nWelders inspecr the hull of the Marlin at Northgate on Tuesday.\n"),
        "{out}"
    );
}

/// The column of the test above after two short paragraphs, its caption read right.
const SKERRY_COLUMN: &str = concat!(
    "The keepers of Skerry Point\n\
    \n\
    A lighthouse without a keeper still needs someone to love it\n\
    \n",
    ferry_column!("Welders inspect the hull of the Marlin at Northgate on Tuesday.\n"),
    "welding would take about ten days and that\n\
    the ferry would then need a sea trial.\n"
);

#[test]
fn a_caption_line_a_rejoined_column_shows_moves_in_the_first_run() {
    // As above with the caption's words read right, after two short paragraphs: the column's
    // lines hid the caption line from the first pass of the layout stage, and its unwrapping
    // (LAY004) showed it. The stage now runs again on its own output until it settles, so the
    // first run takes the caption the second would have (LAY001).
    let out = assert_settles(SKERRY_COLUMN);
    assert!(
        out.contains("cannot carry vehicles or freight.")
            && out
                .ends_with("\n\nWelders inspect the hull of the Marlin at Northgate on Tuesday.\n"),
        "{out}"
    );
}

#[test]
fn a_stage_run_again_on_its_output_reports_each_pending_fix_once() {
    // Every rule, unsafe fixes left pending: the credit split off the byline is applied, so the
    // layout stage runs again, and proposes the column's unwrapping (LAY004, unsafe) again:
    // reported once, by the first pass.
    let book = RuleBook::builtin();
    let all = ["ALL".to_string()];
    let selection = Selection::resolve(&book, Some(&all), &[], &[]).expect("ALL selects");
    let pipeline = Pipeline::builder()
        .rules(book)
        .selection(selection)
        .build()
        .expect("built-in rules compile");
    let text = SKERRY_COLUMN.replace("\n\nIsland", "\n\nBy Mara Quinn Photo: Handout\n\nIsland");
    let cleaned = pipeline.clean(&text);
    let pending: Vec<_> = cleaned
        .changes
        .iter()
        .filter(|c| c.status == ocrclean::Status::Pending)
        .collect();
    assert!(!pending.is_empty(), "{:#?}", cleaned.changes);
    let mut spans: Vec<_> = pending.iter().map(|c| c.span.clone()).collect();
    spans.sort_by_key(|s| (s.start, s.end));
    spans.dedup();
    assert_eq!(spans.len(), pending.len(), "{pending:#?}");
    assert!(cleaned.applied().any(|c| c.code.as_str() == "LAY003"));
}

#[test]
fn trailing_whitespace_before_carriage_returns_goes_with_them_in_a_text_of_lf_lines() {
    // `\t\r\r\n` in a text of LF lines: the line endings rule removed the returns, and left the
    // tab trailing for a second run (WSP001); now both go at once.
    let out = assert_settles("First line.\nSecond line \t\r\r\nThird line.\n");
    assert_eq!(out, "First line.\nSecond line\nThird line.\n");
    // Spaces among the returns, and a line of CRLF in a text of LF lines.
    let out = assert_settles("One.\nTwo \r \r\r\nThree.\r\nFour.\n");
    assert_eq!(out, "One.\nTwo\nThree.\nFour.\n");
    // A line of nothing but returns is blank once they go: with the blank line after it, one
    // too many (WSP003 found it on a second run).
    let out = assert_settles("One.\n\r\r\r\n\nTwo.\r\nThree.\n");
    assert_eq!(out, "One.\n\nTwo.\nThree.\n");
}

#[test]
fn trailing_whitespace_among_carriage_returns_at_the_end_of_the_text_goes_at_once() {
    // The last line, no line break after it: removing the spaces after the return alone left
    // `c\t\t\r`, whose `\r` a second run read as the line's ending, with tabs before it (WSP001;
    // five of the fuzz inputs).
    let out = assert_settles("One.\nc\t\t\r\t\t ");
    assert_eq!(out, "One.\nc");
    let out = assert_settles("One.\nTwo)\t\r\r \r");
    assert_eq!(out, "One.\nTwo)\r");
}

#[test]
fn a_line_of_spaces_and_returns_is_blank_where_the_trailing_whitespace_rule_takes_them() {
    // `\r ` before a line break: the trailing whitespace rule removed it as a line's trailing
    // whitespace, leaving an empty line that only a second run found blank (WSP003, a fuzz input).
    let out = assert_settles("\r \nOne.\n");
    assert_eq!(out, "One.\n");
    let out = assert_settles("One.\n\n\r \t\nTwo.\n");
    assert_eq!(out, "One.\n\nTwo.\n");
}
