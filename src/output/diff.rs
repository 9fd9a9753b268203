//! `--diff`: unified diffs whose hunk headers name the rules that made each hunk.

use std::collections::BTreeSet;
use std::fmt::Write;

use similar::{ChangeTag, TextDiff};

use crate::code::RuleCode;
use crate::edit::{Cleaned, Status};

use super::Style;

/// The annotated unified diff of one document, followed by `#` notes for unsafe fixes that were
/// not applied and problems left for review. Empty when there is nothing to say.
pub fn render(name: &str, original: &str, cleaned: &Cleaned, style: Style) -> String {
    let mut out = String::new();
    if cleaned.changed() {
        // Patience keeps blank lines paired with blank lines, which reads better for prose.
        let diff = TextDiff::configure()
            .algorithm(similar::Algorithm::Patience)
            .diff_lines(original, cleaned.text.as_ref());
        let _ = writeln!(out, "{}", style.bold(&format!("--- {name}")));
        let _ = writeln!(out, "{}", style.bold(&format!("+++ {name}")));
        for group in diff.grouped_ops(3) {
            let (Some(first), Some(last)) = (group.first(), group.last()) else {
                continue;
            };
            let old = first.old_range().start..last.old_range().end;
            let new = first.new_range().start..last.new_range().end;
            let codes = codes_in(cleaned, old.start + 1, old.end.max(old.start + 1));
            let header = format!(
                "@@ -{} +{} @@",
                hunk_range(old.start, old.len()),
                hunk_range(new.start, new.len())
            );
            let _ = writeln!(out, "{} {}", style.cyan(&header), codes_text(&codes));
            for op in &group {
                for change in diff.iter_changes(op) {
                    let (sign, paint): (&str, fn(&Style, &str) -> String) = match change.tag() {
                        ChangeTag::Delete => ("-", Style::red),
                        ChangeTag::Insert => ("+", Style::green),
                        ChangeTag::Equal => (" ", |_, s| s.to_string()),
                    };
                    let value = change.value();
                    let line = value.strip_suffix('\n').unwrap_or(value);
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    let _ = writeln!(out, "{}", paint(&style, &format!("{sign}{line}")));
                    if !value.ends_with('\n') {
                        let _ = writeln!(out, "\\ No newline at end of file");
                    }
                }
            }
        }
    }
    for c in &cleaned.changes {
        let what = match c.status {
            Status::Applied => continue,
            Status::Pending => "unsafe fix not applied (use --unsafe-fixes)",
            Status::Flagged => "left for review",
        };
        let note = format!(
            "# {name}:{}:{}: {} {what}: {:?} -> {:?}: {}",
            c.start.line, c.start.col, c.code, c.before, c.after, c.reason
        );
        let _ = writeln!(out, "{}", style.yellow(&note));
    }
    out
}

/// Unified-diff range: `start,len` with 1-based start (an empty range names the line before).
fn hunk_range(start: usize, len: usize) -> String {
    if len == 1 {
        format!("{}", start + 1)
    } else if len == 0 {
        format!("{start},0")
    } else {
        format!("{},{len}", start + 1)
    }
}

/// Codes of applied changes that touch original lines `first..=last` (1-based).
fn codes_in(cleaned: &Cleaned, first: usize, last: usize) -> BTreeSet<RuleCode> {
    cleaned
        .changes
        .iter()
        .filter(|c| c.status == Status::Applied)
        .filter(|c| c.start.line <= last && c.end.line >= first)
        .flat_map(|c| c.codes())
        .collect()
}

fn codes_text(codes: &BTreeSet<RuleCode>) -> String {
    codes
        .iter()
        .map(RuleCode::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}
