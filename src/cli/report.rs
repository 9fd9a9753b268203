//! What a run says about itself on stderr: progress, the summary line, and `--statistics`.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use ocrclean::edit::Counts;
use ocrclean::{RuleBook, RuleCode, Status};

/// Changes per rule code, by status.
#[derive(Debug, Default, Clone, Copy)]
pub struct PerRule {
    pub applied: usize,
    pub pending: usize,
    pub flagged: usize,
}

/// Running totals of a run.
#[derive(Debug, Default)]
pub struct Tally {
    pub seen: usize,
    pub changed: usize,
    pub failed: usize,
    /// JSON Lines records passed through because they could not be parsed.
    pub skipped: usize,
    /// Binary files found in folders and skipped.
    pub binary: usize,
    pub bytes: usize,
    /// Unsafe fixes found and not applied.
    pub pending: usize,
    pub rules: BTreeMap<RuleCode, PerRule>,
}

impl Tally {
    /// Counts one cleaned document: whether it `changed`, and the `counts` of its changes.
    pub fn add(&mut self, input_len: usize, changed: bool, counts: &Counts) {
        self.seen += 1;
        self.bytes += input_len;
        if changed {
            self.changed += 1;
        }
        for (code, status, n) in counts.iter() {
            let e = self.rules.entry(code).or_default();
            match status {
                Status::Applied => e.applied += n,
                // A pending change is one rule's (later rules change only applied text), so
                // its count is the number of pending changes.
                Status::Pending => {
                    e.pending += n;
                    self.pending += n;
                }
                Status::Flagged => e.flagged += n,
            }
        }
    }

    /// Folds another tally in.
    pub fn merge(&mut self, other: Tally) {
        self.seen += other.seen;
        self.changed += other.changed;
        self.failed += other.failed;
        self.skipped += other.skipped;
        self.binary += other.binary;
        self.bytes += other.bytes;
        self.pending += other.pending;
        for (code, n) in other.rules {
            let e = self.rules.entry(code).or_default();
            e.applied += n.applied;
            e.pending += n.pending;
            e.flagged += n.flagged;
        }
    }

    /// `1000 files: 600 changed, 400 unchanged, 0 failed; 12.3 MB in 0.21 s (58.6 MB/s)`, for
    /// a `unit` of `file`.
    pub fn summary(&self, unit: &str, started: Instant) -> String {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        let mut extra = String::new();
        if self.skipped > 0 {
            extra.push_str(&format!(", {} passed through unparsed", self.skipped));
        }
        if self.binary > 0 {
            extra.push_str(&format!(", {} binary skipped", self.binary));
        }
        let total = self.seen + self.failed + self.binary;
        format!(
            "{total} {}: {} changed, {} unchanged, {} failed{extra}; {mb:.1} MB in {secs:.2} s ({:.1} MB/s)",
            plural(total, unit),
            self.changed,
            self.seen - self.changed,
            self.failed,
            mb / secs
        )
    }

    /// The hint that unsafe fixes were left unapplied (as ruff gives it), or `None`.
    pub fn pending_hint(&self) -> Option<String> {
        match self.pending {
            0 => None,
            1 => Some("1 fix available with `--unsafe-fixes`".into()),
            n => Some(format!("{n} fixes available with `--unsafe-fixes`")),
        }
    }

    /// The `--statistics` table: one line per rule code, most frequent first.
    pub fn statistics(&self, book: &RuleBook) -> String {
        let mut rows: Vec<_> = self.rules.iter().collect();
        rows.sort_by_key(|(code, n)| {
            (std::cmp::Reverse(n.applied + n.pending + n.flagged), **code)
        });
        let mut out = String::new();
        for (code, n) in rows {
            let rule = book.get(*code);
            let name = rule.map_or("", |r| r.name.as_str());
            let safety = match rule {
                Some(r) if r.safe => "safe",
                Some(_) => "unsafe",
                None => "",
            };
            let mut extra = Vec::new();
            if n.pending > 0 {
                extra.push(format!("{} pending", n.pending));
            }
            if n.flagged > 0 {
                extra.push(format!("{} flagged", n.flagged));
            }
            let extra = if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join(", "))
            };
            out.push_str(&format!(
                "{:>8}  {code:<7} {name:<22} [{safety}]{extra}\n",
                n.applied
            ));
        }
        out
    }
}

/// `file` or `files`, as `n` asks.
pub fn plural(n: usize, unit: &str) -> String {
    if n == 1 {
        unit.to_string()
    } else {
        format!("{unit}s")
    }
}

/// A progress bar on stderr, only when stderr is a terminal and the run is long enough to need
/// one; otherwise it draws nothing.
pub fn progress(total: u64, quiet: bool, unit: &'static str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || total < 50 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let template =
        format!("{{spinner}} {{pos}}/{{len}} {unit} [{{bar:40}}] {{per_sec}} eta {{eta}}");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
