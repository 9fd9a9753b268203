//! `--check` and `--write` lines: one per document, with counts per rule code.

use crate::edit::{Cleaned, Status};

use super::{Style, counts, format_counts};

/// What `--check` prints for one document, or `None` when there is nothing to say.
pub fn check_line(name: &str, cleaned: &Cleaned, style: Style) -> Option<String> {
    let mut parts = Vec::new();
    if cleaned.changed() {
        parts.push(format!(
            "would change ({})",
            format_counts(&counts(&cleaned.changes, Status::Applied))
        ));
    }
    pending_and_flags(cleaned, style, &mut parts);
    (!parts.is_empty()).then(|| format!("{}: {}", style.bold(name), parts.join("; ")))
}

/// What `--write` prints for one document it changed (or would report on).
pub fn write_line(name: &str, cleaned: &Cleaned, style: Style) -> Option<String> {
    let mut parts = Vec::new();
    if cleaned.changed() {
        parts.push(format!(
            "fixed ({})",
            format_counts(&counts(&cleaned.changes, Status::Applied))
        ));
    }
    pending_and_flags(cleaned, style, &mut parts);
    (!parts.is_empty()).then(|| format!("{}: {}", style.bold(name), parts.join("; ")))
}

fn pending_and_flags(cleaned: &Cleaned, style: Style, parts: &mut Vec<String>) {
    let pending = counts(&cleaned.changes, Status::Pending);
    if !pending.is_empty() {
        parts.push(style.yellow(&format!(
            "unsafe fixes not applied, use --unsafe-fixes ({})",
            format_counts(&pending)
        )));
    }
    let flagged = counts(&cleaned.changes, Status::Flagged);
    if !flagged.is_empty() {
        parts.push(format!("left for review ({})", format_counts(&flagged)));
    }
}
