//! `--diff`: unified diffs whose hunk headers name the rules that made each hunk.

use std::borrow::Cow;
use std::collections::BTreeSet;

use similar::{ChangeTag, TextDiff};

use crate::code::RuleCode;
use crate::edit::{Change, Cleaned, Status};

use super::{Style, invisible, invisible_name};

/// The annotated unified diff of one document, followed by `#` notes for unsafe fixes that were
/// not applied and problems left for review. Empty when there is nothing to say.
pub fn render(name: &str, original: &str, cleaned: &Cleaned, style: Style) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(&mut out, name, original, cleaned, style);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`], written to `out` as it is made (a large document's diff is never held whole).
pub fn write(
    out: &mut dyn std::io::Write,
    name: &str,
    original: &str,
    cleaned: &Cleaned,
    style: Style,
) -> std::io::Result<()> {
    if cleaned.changed() {
        // Patience keeps blank lines paired with blank lines, which reads better for prose.
        let diff = TextDiff::configure()
            .algorithm(similar::Algorithm::Patience)
            .diff_lines(original, cleaned.text.as_ref());
        writeln!(out, "{}", style.bold(&format!("--- {name}")))?;
        writeln!(out, "{}", style.bold(&format!("+++ {name}")))?;
        let mut codes = CodesByHunk::new(cleaned);
        for group in diff.grouped_ops(3) {
            let (Some(first), Some(last)) = (group.first(), group.last()) else {
                continue;
            };
            let old = first.old_range().start..last.old_range().end;
            let new = first.new_range().start..last.new_range().end;
            let codes = codes.touching(old.start + 1, old.end.max(old.start + 1));
            let header = format!(
                "@@ -{} +{} @@",
                hunk_range(old.start, old.len()),
                hunk_range(new.start, new.len())
            );
            writeln!(out, "{} {}", style.cyan(&header), codes_text(&codes))?;
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
                    let line = match change.tag() {
                        ChangeTag::Equal => Cow::Borrowed(line),
                        _ => visible(line, style),
                    };
                    writeln!(out, "{}", paint(&style, &format!("{sign}{line}")))?;
                    if !value.ends_with('\n') {
                        writeln!(out, "\\ No newline at end of file")?;
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
        writeln!(out, "{}", style.yellow(&note))?;
    }
    Ok(())
}

/// A changed line with what one cannot see made visible, as the review page shows it: a no-break
/// space as `⍽`, another odd space or an invisible character by name (`⟨U+2009⟩`, `⟨SHY⟩`,
/// `⟨ZWSP⟩`), so that a line whose only change is such a character does not look unchanged.
fn visible(line: &str, style: Style) -> Cow<'_, str> {
    let odd = |c: char| c == '\u{a0}' || (c.is_whitespace() && c != ' ') || invisible(c);
    if !line.contains(|c: char| c != '\t' && odd(c)) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 16);
    for c in line.chars() {
        match c {
            '\t' => out.push(c),
            '\u{a0}' => out.push_str(&style.marker("⍽")),
            c if odd(c) && c.is_whitespace() && !invisible(c) => {
                out.push_str(&style.marker(&format!("⟨U+{:04X}⟩", c as u32)));
            }
            c if odd(c) => out.push_str(&style.marker(&format!("⟨{}⟩", invisible_name(c)))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
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

/// The codes of the applied changes that touch each hunk, asked for hunk after hunk down the
/// document. A change joins the changes in view when the hunks reach its first line and leaves
/// them once they have passed its last, so each change is looked at about once: a scan of all
/// of them for every hunk cost their number times the hunks' (390,000 changes in a 16 MB
/// document, and tens of thousands of hunks).
struct CodesByHunk<'c> {
    /// The changes in the order of their spans, hence of their first lines, from the first
    /// not yet in view.
    ahead: &'c [Change],
    /// Applied changes that start at or before the last hunk's end and may reach the next hunk.
    in_view: Vec<&'c Change>,
}

impl<'c> CodesByHunk<'c> {
    fn new(cleaned: &'c Cleaned) -> CodesByHunk<'c> {
        CodesByHunk {
            ahead: &cleaned.changes,
            in_view: Vec::new(),
        }
    }

    /// Codes of applied changes that touch original lines `first..=last` (1-based); each call
    /// asks for lines no earlier than the call before.
    fn touching(&mut self, first: usize, last: usize) -> BTreeSet<RuleCode> {
        while let [c, rest @ ..] = self.ahead
            && c.start.line <= last
        {
            if c.status == Status::Applied {
                self.in_view.push(c);
            }
            self.ahead = rest;
        }
        // A change that ends before this hunk ends before every later one.
        self.in_view.retain(|c| c.end.line >= first);
        self.in_view.iter().flat_map(|c| c.codes()).collect()
    }
}

fn codes_text(codes: &BTreeSet<RuleCode>) -> String {
    codes
        .iter()
        .map(RuleCode::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named_in_changed_lines() {
        let plain = Style { color: false };
        assert_eq!(
            visible("said chair\u{200b} Lena", plain),
            "said chair⟨ZWSP⟩ Lena"
        );
        assert_eq!(visible("sail\u{ad}", plain), "sail⟨SHY⟩");
        assert_eq!(visible("12\u{a0}May", plain), "12⍽May");
        assert_eq!(visible("a\u{2009}b\tc", plain), "a⟨U+2009⟩b\tc");
        assert!(matches!(visible("plain text", plain), Cow::Borrowed(_)));
        let colour = Style { color: true };
        assert_eq!(visible("a\u{a0}b", colour), "a\x1b[7m⍽\x1b[27mb");
    }
}
