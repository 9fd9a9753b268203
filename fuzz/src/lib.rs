//! What the fuzz target checks on every input: arbitrary bytes go through every mode's code path
//! (decoding, the pipeline with every rule and unsafe fixes, the diff, JSON and HTML reports, the
//! JSON Lines reader), and must not panic; the JSON report replays to the output, and cleaning the
//! output again changes nothing.

use std::sync::OnceLock;

use ocrclean::edit::{Counts, replay};
use ocrclean::jsonl::Stream;
use ocrclean::output::{self, Style};
use ocrclean::{Pipeline, RuleBook, Selection};

/// Every rule (the opt-in ones too) with unsafe fixes applied, built once.
pub fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let book = RuleBook::builtin();
        let all = ["ALL".to_string()];
        let selection = Selection::resolve(&book, Some(&all), &[], &[]).expect("ALL selects");
        Pipeline::builder()
            .rules(book)
            .selection(selection)
            .unsafe_fixes(true)
            .build()
            .expect("built-in rules compile")
    })
}

/// Runs every check on `data`; panics on a failure.
pub fn check(data: &[u8]) {
    // Decoding: binary data, UTF-16 and bad UTF-8 are refused, never panic.
    let decoded = ocrclean::input::decode("fuzz", data.to_vec());
    if let Ok(text) = &decoded {
        document(text);
    }
    // Arbitrary Unicode: whatever the bytes say, as text.
    let lossy = String::from_utf8_lossy(data);
    if decoded.is_err() {
        document(&lossy);
    }
    corpus(data);
}

/// One document through the pipeline and every report.
fn document(text: &str) {
    let pipeline = pipeline();
    let cleaned = pipeline.clean(text);
    assert_eq!(
        replay(text, &cleaned.changes),
        cleaned.text,
        "the changes do not replay to the output of {text:?}"
    );
    let again = pipeline.clean(&cleaned.text);
    let applied: Vec<_> = again.applied().collect();
    assert!(
        applied.is_empty(),
        "cleaning the output of {text:?} again changes it: {applied:#?}"
    );
    // The JSON report, read back, replays to the output too.
    let json = output::json::records("fuzz.txt", &cleaned);
    let mut out = String::new();
    let mut last = 0;
    for line in json.lines() {
        let r: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
        if r["status"] != "applied" {
            continue;
        }
        let start = r["span"]["start"].as_u64().expect("span") as usize;
        let end = r["span"]["end"].as_u64().expect("span") as usize;
        out.push_str(&text[last..start]);
        out.push_str(r["after"].as_str().expect("after"));
        last = end;
    }
    out.push_str(&text[last..]);
    assert_eq!(
        out, cleaned.text,
        "the JSON report does not replay for {text:?}"
    );
    for color in [false, true] {
        let _ = output::diff::render("fuzz.txt", text, &cleaned, Style { color });
    }
    // `--check`, `--write` and the filter count changes instead of listing them: the counting
    // run must give the same text and the same counts as the listing one.
    let counted = pipeline.count_with(text, &pipeline.context());
    assert_eq!(
        counted.text, cleaned.text,
        "counting changes the output of {text:?}"
    );
    let counts = Counts::of(&cleaned.changes);
    assert_eq!(
        counted.counts, counts,
        "counting miscounts the changes of {text:?}"
    );
    assert_eq!(counted.changed, cleaned.changed());
    let _ = output::check::check_line("fuzz.txt", counted.changed, &counts, Style::default());
    let _ = output::check::write_line("fuzz.txt", counted.changed, &counts, Style::default());
    let mut report = output::html::Report::new("fuzz");
    report.add("fuzz.txt", text, &cleaned);
    let page = report.render();
    assert_eq!(
        page.matches("<script").count(),
        1,
        "text escaped the page: {text:?}"
    );
}

/// The bytes as a JSON Lines corpus: every line comes out, in order, unparsed ones unchanged.
fn corpus(data: &[u8]) {
    let mut out = Vec::new();
    let counts = Stream::new(pipeline(), "text")
        .annotate(Some("ocrclean"))
        .copy(data, &mut out);
    let Ok(counts) = counts else { return };
    let lines_in = data.split_inclusive(|&b| b == b'\n').count();
    let lines_out = out.split_inclusive(|&b| b == b'\n').count();
    assert_eq!(lines_in, lines_out, "{counts:?}: lines lost or added");
    if counts.records == 0 {
        assert_eq!(out, data, "a corpus with no record changed");
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The harness on its seeds (what `benches/fuzz.sh` starts from) and on a few inputs of the
    /// shapes it mutates them into: every check holds on each.
    #[test]
    fn every_check_holds_on_the_seeds() {
        let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../samples");
        let mut seen = 0;
        for dir in [samples.clone(), samples.join("expected")] {
            for entry in std::fs::read_dir(&dir).expect("samples/ is there") {
                let path = entry.expect("a readable entry").path();
                if path.extension().is_some_and(|e| e == "txt" || e == "jsonl") {
                    super::check(&std::fs::read(&path).expect("a readable sample"));
                    seen += 1;
                }
            }
        }
        assert!(
            seen > 20,
            "only {seen} seeds found in {}",
            samples.display()
        );
        for data in [
            &b""[..],
            b"\x00\x00\x00",
            b"\xff\xfe\x00h\x00i",
            b"Newspapers in English\n\nNewspapers from China",
            b"{\"text\": \"tbe  end\\r\\n\"}\n{bad json\n",
            "Caf\u{e9} \u{fb01}ne\r\n\r\n\r\n- Photo: AFP".as_bytes(),
        ] {
            super::check(data);
        }
    }
}
