//! `ocrclean rules` and `ocrclean explain`.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use ocrclean::rules::{Measured, check_examples};
use ocrclean::{RuleBook, RuleCode};

use super::{EXIT_CHANGES, EXIT_CLEAN, ExplainArgs, RulesArgs, settings};

pub fn list(args: RulesArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.check {
        return check(&args, dir);
    }
    let book = settings::rule_book(&args.rules)?;
    let mut out = String::new();
    for r in book.rules() {
        out.push_str(&format!(
            "{:<7} {:<10} {:<6} {:<20} {}{}\n",
            r.code,
            r.stage,
            if r.safe { "safe" } else { "unsafe" },
            r.name,
            r.summary(),
            if r.default { "" } else { " (opt-in)" }
        ));
    }
    super::print(&out)?;
    Ok(ExitCode::from(EXIT_CLEAN))
}

fn check(args: &RulesArgs, dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let mut book = settings::rule_book(&args.rules)?;
    let before = book.rules().len();
    book.load_user_packs(dir)
        .with_context(|| format!("loading rule packs from {}", dir.display()))?;
    let user: Vec<RuleCode> = book.rules()[before..].iter().map(|r| r.code).collect();
    let examples: usize = book.rules()[before..]
        .iter()
        .map(|r| r.examples.len())
        .sum();
    let failures = check_examples(Arc::new(book), |r| user.contains(&r.code))?;
    let mut out = String::new();
    for f in &failures {
        out.push_str(&format!("{f}\n"));
    }
    out.push_str(&format!(
        "{} rules, {} examples, {} failed\n",
        user.len(),
        examples,
        failures.len()
    ));
    super::print(&out)?;
    Ok(ExitCode::from(if failures.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_CHANGES
    }))
}

pub fn explain(args: ExplainArgs) -> anyhow::Result<ExitCode> {
    let book: RuleBook = settings::rule_book(&args.rules)?;
    let code: RuleCode = args.code.to_ascii_uppercase().parse()?;
    let rule = book
        .get(code)
        .with_context(|| format!("no rule {code}; `ocrclean rules` lists them"))?;
    let mut out = format!(
        "{} ({})\n\nstage: {}\nfix: {}\ndefined in: {}\n\n{}\n",
        rule.code,
        rule.name,
        rule.stage,
        if rule.safe {
            "safe (applied by default)"
        } else {
            "unsafe (applied with --unsafe-fixes)"
        },
        rule.origin,
        rule.description
    );
    if let Some(m) = &rule.measured {
        out.push('\n');
        out.push_str(&measured_line("measured", m));
        if let Some(h) = &m.heldout {
            out.push_str(&measured_line("held out", h));
        }
    }
    for ex in &rule.examples {
        if ex.is_negative() {
            out.push_str(&format!("\nLeft unchanged:\n  {:?}\n", ex.input));
        } else if ex.flagged {
            out.push_str(&format!("\nReported, left unchanged:\n  {:?}\n", ex.input));
        } else {
            out.push_str(&format!(
                "\nExample:\n  before: {:?}\n  after:  {:?}\n",
                ex.input, ex.output
            ));
        }
    }
    super::print(&out)?;
    Ok(ExitCode::from(EXIT_CLEAN))
}

/// One split's measured figures, as `explain` prints them.
fn measured_line(split: &str, m: &Measured) -> String {
    let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{:.1} %", x * 100.0));
    format!(
        "{split} ({}): precision {} ({} of {} proposals right, {} on clean renderings); \
         recall {} ({} of {} labelled artifacts repaired)\n",
        m.corpus,
        pct(m.precision()),
        m.right,
        m.proposals,
        m.on_clean,
        pct(m.recall()),
        m.repaired,
        m.labelled
    )
}
