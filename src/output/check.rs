//! `--check` and `--write` lines: one per document, with counts per rule code.

use crate::edit::{Counts, Status};

use super::{Style, format_counts};

/// What `--check` prints for one document, or `None` when there is nothing to say: `changed`
/// whether the text changed, `counts` its changes ([`Counts::of`] a `Cleaned`'s changes, or a
/// `Counted`'s).
pub fn check_line(name: &str, changed: bool, counts: &Counts, style: Style) -> Option<String> {
    line(name, "would change", changed, counts, style)
}

/// What `--write` prints for one document it changed (or would report on).
pub fn write_line(name: &str, changed: bool, counts: &Counts, style: Style) -> Option<String> {
    line(name, "fixed", changed, counts, style)
}

fn line(name: &str, did: &str, changed: bool, counts: &Counts, style: Style) -> Option<String> {
    let mut parts = Vec::new();
    if changed {
        parts.push(format!(
            "{did} ({})",
            format_counts(&counts.with_status(Status::Applied))
        ));
    }
    let pending = counts.with_status(Status::Pending);
    if !pending.is_empty() {
        parts.push(style.yellow(&format!(
            "unsafe fixes not applied, use --unsafe-fixes ({})",
            format_counts(&pending)
        )));
    }
    let flagged = counts.with_status(Status::Flagged);
    if !flagged.is_empty() {
        parts.push(format!("left for review ({})", format_counts(&flagged)));
    }
    (!parts.is_empty()).then(|| format!("{}: {}", style.bold(name), parts.join("; ")))
}
