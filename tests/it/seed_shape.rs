//! An article shaped like the project's seed (a digital-edition export with a byline glued to a
//! photo credit, two names run together where a line-break hyphen was lost, a caption wedged into
//! a quoted sentence across a blank line, and the export's footer) comes out as the seed's README
//! describes: the byline on its own line, the names hyphenated, the sentence rejoined, the
//! caption a paragraph of its own after the article with its credit, the footer gone, every
//! other line byte-identical, and a second run changes nothing, with no flags as with unsafe
//! fixes. The text is our own.

use ocrclean::Captions;
use ocrclean::edit::replay;
use ocrclean::{Pipeline, Status};

const BYLINE: &str = "- Nadia Okonkwo nadia.okonkwo@dailyharbour.example";
const CREDIT: &str = "Photo: Handout";
const CAPTION: &str = "Amara Diallo and Jonas Weber meet in Nairobi yesterday.";
const BEFORE: &str = "“Both our countries … have long argued for a fairer share of the fisheries, a stronger voice for coastal states and";
const AFTER: &str = "a seat at the table where quotas are set,” she said.";
const RUN_TOGETHER: &str = "Weber said the visit confirmed the strength of KenyaGermany relations and the “new energy” in their trade.";
const HYPHENATED: &str = "Weber said the visit confirmed the strength of Kenya-Germany relations and the “new energy” in their trade.";
const FOOTER: [&str; 2] = ["Newspapers in English", "Newspapers from Kenya"];

fn article() -> Vec<String> {
    let body = [
        "The Daily Harbour",
        "",
        "Kenya, Germany ‘aligned on ocean treaty’",
        "",
        "Foreign minister tells visiting envoy Nairobi will press for ratification by year’s end",
        "",
        &format!("{BYLINE} {CREDIT}"),
        "",
        "Kenya and Germany have pledged to push for early ratification of the high-seas treaty, jointly criticising “foot-dragging” by fishing nations in talks in Nairobi yesterday.",
        "",
        "In a meeting with German special envoy Jonas Weber, Foreign Minister Amara Diallo said Kenya was ready to co-sponsor a resolution at the UN General Assembly.",
        "",
        RUN_TOGETHER,
        "",
        BEFORE,
        "",
        &format!("{CAPTION} {AFTER}"),
        "",
        "Weber said Berlin would fund two marine-science posts at the University of Nairobi – “a small step, but a concrete one”.",
        "",
        "Both ministers will attend the Indian Ocean Rim summit in Mombasa next month.",
        "",
        FOOTER[0],
        "",
        FOOTER[1],
    ];
    body.iter().map(|s| s.to_string()).collect()
}

fn pipeline(captions: Captions) -> Pipeline {
    Pipeline::builder()
        .unsafe_fixes(true)
        .captions(captions)
        .build()
        .expect("built-in rules compile")
}

/// What the README asks for, built line by line from the input.
fn expected(lines: &[String], captions: Captions) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.starts_with(BYLINE) {
            out.push(BYLINE.to_string());
        } else if line == RUN_TOGETHER {
            out.push(HYPHENATED.to_string());
        } else if FOOTER.contains(&line.as_str()) {
            out.pop(); // the blank line before it
        } else if line == BEFORE {
            out.push(format!("{BEFORE} {AFTER}"));
            if captions == Captions::Keep {
                out.push(String::new());
                out.push(format!("{CAPTION} {CREDIT}"));
            }
            i += 3; // the blank line and the caption's line are consumed
            continue;
        } else {
            out.push(line.clone());
        }
        i += 1;
    }
    if captions == Captions::End {
        out.push(String::new());
        out.push(format!("{CAPTION} {CREDIT}"));
    }
    out.join("\n")
}

#[test]
fn seed_shaped_article_comes_out_as_the_readme_says() {
    let lines = article();
    // With and without a final newline, with LF and CRLF line ends.
    for ending in ["", "\n"] {
        for eol in ["\n", "\r\n"] {
            let input = lines.join(eol) + &ending.replace('\n', eol);
            let p = pipeline(Captions::End);
            let cleaned = p.clean(&input);
            let want =
                expected(&lines, Captions::End).replace('\n', eol) + &ending.replace('\n', eol);
            assert_eq!(cleaned.text, want, "ending {ending:?} eol {eol:?}");
            assert_eq!(replay(&input, &cleaned.changes), cleaned.text);
            let codes: Vec<&str> = cleaned.changes.iter().map(|c| c.code.as_str()).collect();
            assert_eq!(
                codes,
                ["LAY003", "SPL001", "LAY001", "FUR001", "FUR002", "LAY001"],
                "{:#?}",
                cleaned.changes
            );
            // The removed caption is in the report.
            assert!(cleaned.changes.iter().any(|c| c.before.contains(CAPTION)));
            let again = p.clean(&cleaned.text);
            assert!(again.changes.is_empty(), "{:#?}", again.changes);
        }
    }
}

#[test]
fn keep_puts_the_caption_after_its_paragraph() {
    let lines = article();
    let input = lines.join("\n") + "\n";
    let p = pipeline(Captions::Keep);
    let cleaned = p.clean(&input);
    assert_eq!(cleaned.text, expected(&lines, Captions::Keep) + "\n");
    assert!(p.clean(&cleaned.text).changes.is_empty());
}

#[test]
fn drop_removes_the_caption_and_reports_it() {
    let lines = article();
    let input = lines.join("\n") + "\n";
    let p = pipeline(Captions::Drop);
    let cleaned = p.clean(&input);
    assert_eq!(cleaned.text, expected(&lines, Captions::Drop) + "\n");
    let removed: String = cleaned.changes.iter().map(|c| c.before.as_str()).collect();
    assert!(
        removed.contains(CAPTION) && removed.contains(CREDIT),
        "{removed}"
    );
    assert!(p.clean(&cleaned.text).changes.is_empty());
}

/// A plain run, no flags (what `ocrclean clean FILE` and the pre-commit hook do), repairs all of it:
/// every rule the seed's artifacts need (FUR001, FUR002, SPL001, LAY001, LAY003) is safe by
/// measurement. Nothing is left pending, nothing else changes, and a second run changes nothing.
#[test]
fn a_default_run_fixes_every_artifact_and_leaves_nothing_pending() {
    let lines = article();
    for ending in ["", "\n"] {
        let input = lines.join("\n") + ending;
        let cleaned = Pipeline::default().clean(&input);
        assert_eq!(cleaned.text, expected(&lines, Captions::End) + ending);
        let pending: Vec<&str> = cleaned
            .changes
            .iter()
            .filter(|c| c.status == Status::Pending)
            .map(|c| c.code.as_str())
            .collect();
        assert!(pending.is_empty(), "pending: {pending:?}");
        let again = Pipeline::default().clean(&cleaned.text);
        assert!(again.changes.is_empty(), "{:#?}", again.changes);
    }
}
