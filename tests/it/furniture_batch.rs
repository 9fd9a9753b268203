//! Furniture learned from a batch: fifty generated pages that share a footer and a page folio
//! lose them; a line that only two of them carry stays.

use ocrclean::{Batch, Context, Pipeline, Status};

const SUBJECTS: [&str; 10] = [
    "The harbour board",
    "A group of residents",
    "The county museum",
    "Two local schools",
    "The fire brigade",
    "A cycling club",
    "The cathedral choir",
    "Market traders",
    "The rowing club",
    "A new bakery",
];
const VERBS: [&str; 5] = [
    "asked the council for",
    "raised money for",
    "won a grant towards",
    "unveiled plans for",
    "held a vote on",
];
const THINGS: [&str; 5] = [
    "a new roof",
    "longer opening hours",
    "a second minibus",
    "a summer festival",
    "repairs to the slipway",
];
const PLACES: [&str; 10] = [
    "Eastbank",
    "Northgate",
    "Millbrook",
    "Kelso",
    "Westhaven",
    "Arden",
    "Cobham",
    "Daleford",
    "Fernley",
    "Greyholm",
];

const FOOTER: &str = "Evening Courier · Reader services 0800 555 0199 · courier.example";
const RARE: &str = "Additional reporting by Sam Ode";

/// Page `i`: a folio, a headline, three paragraphs (the last one the same on every page), the
/// footer; pages 10 and 20 also carry a credit line at the bottom.
fn page(i: usize) -> String {
    let subject = SUBJECTS[i % 10];
    let verb = VERBS[i % 5];
    let thing = THINGS[(i / 5) % 5];
    let place = PLACES[(i / 3) % 10];
    let rare = if i == 10 || i == 20 {
        format!("\n\n{RARE}")
    } else {
        String::new()
    };
    format!(
        "Evening Courier — {page}\n\n\
         {place}: {subject} {verb} {thing}\n\n\
         {subject} in {place} {verb} {thing} this week, after a meeting that ran late into the evening.\n\n\
         Supporters said the money would be found within the year; critics in {place} were not so sure.\n\n\
         A decision is expected before the end of the month.{rare}\n\n\
         {FOOTER}\n",
        page = i + 2,
    )
}

fn pipeline(unsafe_fixes: bool) -> Pipeline {
    Pipeline::builder()
        .unsafe_fixes(unsafe_fixes)
        .build()
        .expect("built-in rules compile")
}

#[test]
fn shared_footer_and_folio_go_and_a_line_of_two_pages_stays() {
    let pages: Vec<String> = (0..50).map(page).collect();
    let batch = Batch::gather(&pages);
    let pipeline = pipeline(true);
    let ctx = Context {
        batch: Some(&batch),
        ..pipeline.context()
    };
    for (i, text) in pages.iter().enumerate() {
        let cleaned = pipeline.clean_with(text, &ctx);
        let out = cleaned.text.as_ref();
        assert!(!out.contains("Evening Courier"), "page {i}:\n{out}");
        assert!(out.starts_with(PLACES[(i / 3) % 10]), "page {i}:\n{out}");
        // The closing sentence all fifty pages share is body text, and stays.
        assert!(
            out.contains("\n\nA decision is expected before the end of the month."),
            "page {i}:\n{out}"
        );
        assert_eq!(out.contains(RARE), i == 10 || i == 20, "page {i}:\n{out}");
        let removed: Vec<_> = cleaned.changes.iter().map(|c| c.before.trim()).collect();
        assert_eq!(
            removed,
            [format!("Evening Courier — {}", i + 2).as_str(), FOOTER]
        );
        for c in &cleaned.changes {
            assert_eq!(c.code.as_str(), "FUR201");
            assert!(!c.safe);
            assert!(
                c.reason.contains("50 of the 50 documents"),
                "reason: {}",
                c.reason
            );
        }
        assert!(
            cleaned.changes[0]
                .reason
                .contains("(template `evening courier — #`)")
        );
        // Only the furniture lines changed: the body is byte for byte what it was.
        let body_start = text.find("\n\n").map_or(0, |i| i + 2);
        assert!(out.starts_with(&text[body_start..text.find(FOOTER).unwrap_or(0) - 2]));
    }
}

#[test]
fn learned_removals_wait_for_unsafe_fixes() {
    let pages: Vec<String> = (0..50).map(page).collect();
    let batch = Batch::gather(&pages);
    let pipeline = pipeline(false);
    let ctx = Context {
        batch: Some(&batch),
        ..pipeline.context()
    };
    let cleaned = pipeline.clean_with(&pages[7], &ctx);
    assert_eq!(cleaned.text, pages[7]);
    assert_eq!(cleaned.changes.len(), 2);
    assert!(cleaned.changes.iter().all(|c| c.status == Status::Pending));
}

#[test]
fn a_page_alone_keeps_its_furniture() {
    let text = page(3);
    assert_eq!(pipeline(true).clean(&text).text, text);
    // A batch of two pages learns nothing either.
    let two = [page(3), page(4)];
    let batch = Batch::gather(&two);
    let p = pipeline(true);
    let ctx = Context {
        batch: Some(&batch),
        ..p.context()
    };
    assert_eq!(p.clean_with(&two[0], &ctx).text, two[0]);
}
