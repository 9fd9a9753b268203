//! Printing evaluation reports: a readable table, or JSON for scripts. Output depends only on the
//! report, never on timing or thread count.

use std::fmt::Write as _;

use super::labelled::{ClassTally, LabelReport};
use super::metrics::{Errors, Score};
use super::report::{EvalReport, Example, ProseReport, RuleScore, Verdicts};

/// The report as one JSON object (pretty-printed, trailing newline).
pub fn json<T: serde::Serialize>(report: &T) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The evaluation as a table; `verbose` adds a line per document.
pub fn text(r: &EvalReport, verbose: bool) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(
        w,
        "{} documents; gold: {} characters, {} words{}",
        r.documents,
        thousands(r.input.chars.total),
        thousands(r.input.words.total),
        if r.unwrap {
            "; lines unwrapped and line-end hyphens joined on every side (kept where the output kept them)"
        } else {
            ""
        }
    );
    let _ = writeln!(w);
    let _ = writeln!(w, "{:<10} {:>18} {:>18}", "", "CER", "WER");
    score_line(w, "input", &r.input);
    score_line(w, "output", &r.output);
    let _ = writeln!(
        w,
        "{:<10} {:>18} {:>18}",
        "change",
        points(&r.input.chars, &r.output.chars),
        points(&r.input.words, &r.output.words)
    );
    if let (Some(b), Some(bi)) = (&r.baseline, &r.baseline_input) {
        let _ = writeln!(w, "baseline on {} documents:", r.baseline_documents);
        score_line(w, "  input", bi);
        score_line(w, "  baseline", b);
    }
    let _ = writeln!(w);
    let _ = writeln!(
        w,
        "documents by character errors: {} better, {} worse, {} unchanged{}",
        r.better,
        r.worse,
        r.documents - r.better - r.worse,
        if r.unsafe_fixes {
            "; unsafe fixes applied"
        } else {
            ""
        }
    );

    let applied: Vec<&RuleScore> = r.rules.iter().filter(|s| s.applied.total() > 0).collect();
    let pending: Vec<&RuleScore> = r.rules.iter().filter(|s| s.pending.total() > 0).collect();
    let flagged: Vec<&RuleScore> = r.rules.iter().filter(|s| s.flagged > 0).collect();
    if !applied.is_empty() {
        let _ = writeln!(w, "\napplied edits:");
        verdict_table(w, &applied, |s| &s.applied);
    }
    if !pending.is_empty() {
        let _ = writeln!(
            w,
            "\npending fixes (unsafe, not applied; judged as if applied):"
        );
        verdict_table(w, &pending, |s| &s.pending);
    }
    if !flagged.is_empty() {
        let _ = writeln!(w, "\nflags (reported, not changed):");
        for s in flagged {
            let _ = writeln!(w, "{:<7} {:<24} {:>7}", s.code, s.name, s.flagged);
        }
    }
    if applied.is_empty() && pending.is_empty() {
        let _ = writeln!(w, "\nno rule changed anything");
    }

    let worse: Vec<_> = r.per_document.iter().filter(|d| d.worse()).collect();
    if !worse.is_empty() {
        let _ = writeln!(w, "\nmade worse:");
        for d in worse {
            let _ = writeln!(
                w,
                "  {}  CER {} -> {} (+{} characters)",
                d.name,
                percent(d.input.chars.rate()),
                percent(d.output.chars.rate()),
                d.output.chars.errors - d.input.chars.errors
            );
        }
    }
    let examples: Vec<&RuleScore> = r
        .rules
        .iter()
        .filter(|s| !s.away_examples.is_empty())
        .collect();
    if !examples.is_empty() {
        let _ = writeln!(w, "\naway from the gold, first examples:");
        for s in examples {
            for e in &s.away_examples {
                example(w, &s.code.to_string(), e, true);
            }
        }
    }
    if let Some(l) = &r.labels {
        label_report(w, l, verbose);
    }
    if verbose {
        let _ = writeln!(
            w,
            "\n{:>8} {:>8} {:>8} {:>8} {:>7} {:>7}  document",
            "CER in", "CER out", "WER in", "WER out", "applied", "pending"
        );
        for d in &r.per_document {
            let _ = writeln!(
                w,
                "{:>8} {:>8} {:>8} {:>8} {:>7} {:>7}  {}",
                percent(d.input.chars.rate()),
                percent(d.output.chars.rate()),
                percent(d.input.words.rate()),
                percent(d.output.words.rate()),
                d.applied,
                d.pending,
                d.name
            );
        }
    }
    out
}

/// The clean-prose report: edits per 100,000 words by rule.
pub fn prose_text(r: &ProseReport) -> String {
    let mut out = String::new();
    let w = &mut out;
    let edits = r.applied + r.pending;
    let _ = writeln!(
        w,
        "clean prose: {} documents, {} words; {} touched{}",
        r.documents,
        thousands(r.words),
        r.touched,
        if r.unsafe_fixes {
            "; unsafe fixes applied"
        } else {
            ""
        }
    );
    let _ = writeln!(
        w,
        "false positives: {} applied + {} pending = {:.2} per 100,000 words (target: at most 1)",
        r.applied,
        r.pending,
        r.per_100k_words(edits)
    );
    if !r.rules.is_empty() {
        let _ = writeln!(
            w,
            "\n{:<7} {:<24} {:<6} {:>8} {:>8} {:>8} {:>10}",
            "code", "name", "", "applied", "pending", "flagged", "per 100k"
        );
        for s in &r.rules {
            let _ = writeln!(
                w,
                "{:<7} {:<24} {:<6} {:>8} {:>8} {:>8} {:>10.2}",
                s.code,
                s.name,
                if s.safe { "safe" } else { "unsafe" },
                s.applied,
                s.pending,
                s.flagged,
                r.per_100k_words(s.applied + s.pending)
            );
        }
        let with_examples: Vec<_> = r.rules.iter().filter(|s| !s.examples.is_empty()).collect();
        if !with_examples.is_empty() {
            let _ = writeln!(w, "\nfirst examples:");
            for s in with_examples {
                for e in &s.examples {
                    example(w, &s.code.to_string(), e, false);
                }
            }
        }
    }
    out
}

fn score_line(w: &mut String, label: &str, s: &Score) {
    let cell = |e: &Errors| format!("{} ({})", percent(e.rate()), thousands(e.errors));
    let _ = writeln!(
        w,
        "{label:<10} {:>18} {:>18}",
        cell(&s.chars),
        cell(&s.words)
    );
}

fn verdict_table(w: &mut String, rows: &[&RuleScore], pick: impl Fn(&RuleScore) -> &Verdicts) {
    let _ = writeln!(
        w,
        "{:<7} {:<24} {:<6} {:>7} {:>7} {:>7} {:>8} {:>8} {:>9}",
        "code", "name", "", "toward", "away", "neutral", "unscored", "gain", "precision"
    );
    for s in rows {
        let v = pick(s);
        let _ = writeln!(
            w,
            "{:<7} {:<24} {:<6} {:>7} {:>7} {:>7} {:>8} {:>+8} {:>9}",
            s.code,
            s.name,
            if s.safe { "safe" } else { "unsafe" },
            v.toward,
            v.away,
            v.neutral,
            v.unscored,
            v.gain,
            v.precision().map_or_else(|| "-".to_string(), percent)
        );
    }
}

fn example(w: &mut String, code: &str, e: &Example, with_gold: bool) {
    let _ = writeln!(
        w,
        "  {code} {}:{}  {:?} -> {:?}",
        e.document, e.line, e.before, e.after
    );
    let _ = writeln!(w, "      input: {:?}", e.context);
    if with_gold {
        let _ = writeln!(w, "      gold:  {:?}", e.gold);
    }
}

/// The labelled documents: per rule, per artifact class, damage, examples.
fn label_report(w: &mut String, l: &LabelReport, verbose: bool) {
    let total = l.total();
    let _ = writeln!(
        w,
        "\nlabelled: {} documents ({} without artifacts), {} artifacts; output exactly as expected: {} documents",
        l.documents, l.clean_documents, total.labelled, l.exact
    );
    let _ = writeln!(
        w,
        "artifacts fixed by this run: {} of {} ({}); with the pending fixes: {} ({})",
        total.fixed,
        total.labelled,
        share(total.fixed, total.labelled),
        total.fixable,
        share(total.fixable, total.labelled)
    );
    let _ = writeln!(
        w,
        "paragraphs without an artifact changed: {} by applied changes, {} more by pending fixes",
        l.damaged, l.damaged_pending
    );
    let _ = writeln!(
        w,
        "\n{:<7} {:<6} {:>9} {:>6} {:>6} {:>8} {:>7} {:>9} {:>7} {:>8}",
        "code",
        "",
        "proposals",
        "right",
        "wrong",
        "on clean",
        "missed",
        "precision",
        "recall",
        "labelled"
    );
    for r in &l.rules {
        let t = &r.tally;
        let _ = writeln!(
            w,
            "{:<7} {:<6} {:>9} {:>6} {:>6} {:>8} {:>7} {:>9} {:>7} {:>8}",
            r.code,
            if r.safe { "safe" } else { "unsafe" },
            t.proposals(),
            t.right,
            t.wrong,
            t.wrong_on_clean,
            t.labelled - t.fixable,
            share(t.right, t.proposals()),
            share(t.fixable, t.labelled),
            t.labelled
        );
    }
    let _ = writeln!(
        w,
        "\n{:<58} {:>8} {:>8} {:>8}",
        "artifacts by class", "labelled", "fixed", "fixable"
    );
    let rows: Vec<(&String, &ClassTally)> = if verbose {
        l.shapes.iter().collect()
    } else {
        l.classes.iter().collect()
    };
    for (name, c) in rows {
        let _ = writeln!(
            w,
            "{:<58} {:>8} {:>8} {:>8}",
            name,
            c.labelled,
            share(c.fixed, c.labelled),
            share(c.fixable, c.labelled)
        );
    }
    for (title, list) in [
        ("wrong proposals", &l.wrong),
        ("artifacts missed", &l.missed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(w, "\n{title}, first examples:");
        for m in list.iter().take(if verbose { list.len() } else { 10 }) {
            let _ = writeln!(
                w,
                "  {} {} [{}]  {:?} -> {:?}",
                m.code,
                m.document,
                m.what,
                shorten(&m.before),
                shorten(&m.after)
            );
        }
    }
}

/// `part` of `whole` as a percentage, or `-` when `whole` is zero.
fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= 90 {
        return s.to_string();
    }
    let head: String = s.chars().take(60).collect();
    let tail: Vec<char> = s.chars().rev().take(25).collect();
    format!("{head}…{}", tail.into_iter().rev().collect::<String>())
}

fn percent(rate: f64) -> String {
    format!("{:.2} %", rate * 100.0)
}

/// The change in rate from `a` to `b`, in percentage points.
fn points(a: &Errors, b: &Errors) -> String {
    format!("{:+.2} pt", (b.rate() - a.rate()) * 100.0)
}

/// `1234567` -> `1,234,567`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(percent(0.08123), "8.12 %");
        let a = Errors {
            errors: 10,
            total: 100,
        };
        let b = Errors {
            errors: 5,
            total: 100,
        };
        assert_eq!(points(&a, &b), "-5.00 pt");
    }
}
