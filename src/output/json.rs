//! `--format json`: one JSON object per change, as JSON Lines.

use serde::Serialize;

use crate::edit::{Change, Cleaned};

#[derive(Serialize)]
struct Record<'a> {
    path: &'a str,
    #[serde(flatten)]
    change: &'a Change,
}

/// The JSON Lines of every change of one document (applied, pending and flagged).
pub fn records(name: &str, cleaned: &Cleaned) -> String {
    let mut out = String::new();
    for change in &cleaned.changes {
        let record = Record { path: name, change };
        // Serialising plain strings and numbers cannot fail.
        if let Ok(line) = serde_json::to_string(&record) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
