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
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(&mut out, path, record, id, cleaned);
    String::from_utf8(out).unwrap_or_default()
}

/// [`keyed_records`], written to `out` one line at a time.
pub fn write(
    out: &mut dyn std::io::Write,
    path: &str,
    record: Option<usize>,
    id: Option<&str>,
    cleaned: &Cleaned,
) -> std::io::Result<()> {
    let id: Option<Box<RawValue>> = id.and_then(|s| RawValue::from_string(s.to_string()).ok());
    for change in &cleaned.changes {
        let record = Record {
            path,
            record,
            id: id.as_deref(),
            change,
        };
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
