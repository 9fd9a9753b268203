//! `--format json`: one JSON object per change, as JSON Lines.

use serde::Serialize;
use serde_json::value::RawValue;

use crate::edit::{Change, Cleaned};

#[derive(Serialize)]
struct Record<'a> {
    path: &'a str,
    /// Line of the record in a JSON Lines corpus.
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<usize>,
    /// The record's `id` field, as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a RawValue>,
    #[serde(flatten)]
    change: &'a Change,
}

/// The JSON Lines of every change of one document (applied, pending and flagged).
pub fn records(name: &str, cleaned: &Cleaned) -> String {
    keyed_records(name, None, None, cleaned)
}

/// The same for one record of a corpus: `path` is the corpus file, `record` its line, `id` the
/// record's `id` field as JSON text. Spans are in the record's text.
pub fn keyed_records(
    path: &str,
    record: Option<usize>,
    id: Option<&str>,
    cleaned: &Cleaned,
) -> String {
    let id: Option<Box<RawValue>> = id.and_then(|s| RawValue::from_string(s.to_string()).ok());
    let mut out = String::new();
    for change in &cleaned.changes {
        let record = Record {
            path,
            record,
            id: id.as_deref(),
            change,
        };
        // Serialising plain strings and numbers cannot fail.
        if let Ok(line) = serde_json::to_string(&record) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
