//! `ocrclean eval`: how much closer to a reference text the pipeline brings OCR, and which rule
//! did what.
//!
//! For every document the pipeline cleans the OCR input; the input and the output are scored
//! against the gold (character and word error rates, [`Score`]), and every change is judged on
//! its own: toward the gold, away from it, or neutral ([`Verdicts`]). Pending (unsafe) fixes are
//! judged as if applied and counted apart, so a rule's precision is known before it is made safe.
//! [`clean_prose`] runs the pipeline on the gold texts instead, where every edit is a false
//! positive.
//!
//! ```
//! use ocrclean::Pipeline;
//! use ocrclean::eval::{self, EvalOptions, Sample};
//!
//! let samples = [Sample::whole("a", "The ﬁrst  ferry.".into(), "The first ferry.".into())];
//! let report = eval::evaluate(&Pipeline::default(), &samples, &EvalOptions::default());
//! assert_eq!((report.input.chars.errors, report.output.chars.errors), (3, 0));
//! assert_eq!(report.better, 1);
//! let uni = report.rules.iter().find(|r| r.code.as_str() == "UNI001").unwrap();
//! assert_eq!(uni.applied.toward, 1);
//! print!("{}", eval::render::text(&report, false));
//! ```

pub(crate) mod align;
mod distance;
pub mod exports;
mod icdar;
mod judge;
pub mod labelled;
pub mod labels;
mod load;
pub mod measured;
mod metrics;
pub(crate) mod normalize;
pub mod render;
mod report;
mod sample;
pub mod split;

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::code::RuleCode;
use crate::edit::{Change, Status};
use crate::pipeline::Pipeline;
use align::Alignment;
use judge::{Verdict, judge};
pub use load::{Inputs, LoadError, load};
use metrics::score;
pub use metrics::{Errors, Score};
use normalize::{Kept, unwrap_keeping};
pub use report::{
    DocumentScore, EvalReport, Example, JudgedEdit, ProseReport, ProseRule, RuleScore, Verdicts,
};
pub use sample::{Piece, Sample};

/// How to score.
#[derive(Debug, Clone, Copy)]
pub struct EvalOptions {
    /// Join line-end hyphens and unwrap lines on the input, the output and the gold before
    /// scoring (see [`normalize`]).
    pub unwrap: bool,
    /// How many example edits to keep per rule (away edits, or edits on clean prose).
    pub examples: usize,
    /// Keep every judged edit in [`EvalReport::edits`].
    pub all_edits: bool,
}

impl Default for EvalOptions {
    fn default() -> EvalOptions {
        EvalOptions {
            unwrap: false,
            examples: 3,
            all_edits: false,
        }
    }
}

/// What the pipeline made of one document.
#[derive(Default)]
struct Outcome {
    applied: BTreeMap<RuleCode, Verdicts>,
    pending: BTreeMap<RuleCode, Verdicts>,
    flagged: BTreeMap<RuleCode, usize>,
    examples: Vec<(RuleCode, Example)>,
    /// Every judged edit, when the options ask for them all.
    edits: Vec<JudgedEdit>,
    /// Against the labels, and whether the output is exactly the gold.
    judged: Option<(labelled::Judged, bool)>,
}

/// Cleans every sample with `pipeline` (the samples together form the batch, as they would on
/// the command line) and scores the results against their gold.
pub fn evaluate(pipeline: &Pipeline, samples: &[Sample], options: &EvalOptions) -> EvalReport {
    let (batches, batch_of) = batches(pipeline, samples, |s| s.input.as_str());
    let results: Vec<(DocumentScore, Outcome)> = samples
        .par_iter()
        .zip(batch_of.par_iter())
        .map(|(s, &b)| {
            let ctx = crate::stage::Context {
                batch: Some(&batches[b]),
                ..pipeline.context()
            };
            evaluate_one(pipeline, &ctx, s, options)
        })
        .collect();

    let mut report = EvalReport {
        unwrap: options.unwrap,
        unsafe_fixes: pipeline.options().unsafe_fixes,
        documents: samples.len(),
        better: 0,
        worse: 0,
        input: Score::default(),
        output: Score::default(),
        baseline_documents: 0,
        baseline_input: None,
        baseline: None,
        rules: Vec::new(),
        per_document: Vec::with_capacity(samples.len()),
        edits: Vec::new(),
        labels: None,
    };
    let mut rules: BTreeMap<RuleCode, RuleScore> = BTreeMap::new();
    for (doc, outcome) in results {
        report.input += doc.input;
        report.output += doc.output;
        report.better += usize::from(doc.better());
        report.worse += usize::from(doc.worse());
        if let Some(b) = doc.baseline {
            report.baseline_documents += 1;
            *report.baseline.get_or_insert_default() += b;
            *report.baseline_input.get_or_insert_default() += doc.input;
        }
        for (code, v) in &outcome.applied {
            rule_entry(&mut rules, pipeline, *code).applied.add(v);
        }
        for (code, v) in &outcome.pending {
            rule_entry(&mut rules, pipeline, *code).pending.add(v);
        }
        for (code, n) in &outcome.flagged {
            rule_entry(&mut rules, pipeline, *code).flagged += n;
        }
        if let Some((judged, exact)) = outcome.judged {
            let clean = judged.classes.is_empty();
            report
                .labels
                .get_or_insert_default()
                .add(judged, clean, exact, options.examples * 10);
        }
        for (code, e) in outcome.examples {
            let r = rule_entry(&mut rules, pipeline, code);
            if r.away_examples.len() < options.examples {
                r.away_examples.push(e);
            }
        }
        report.edits.extend(outcome.edits);
        report.per_document.push(doc);
    }
    report.rules = rules.into_values().collect();
    if let Some(labels) = &mut report.labels {
        for r in &mut labels.rules {
            r.safe = r
                .code
                .parse()
                .ok()
                .and_then(|c| pipeline.rules().get(c))
                .is_none_or(|rule| rule.safe);
        }
    }
    report
}

/// One batch per group of samples (a folder of the labelled corpus is one export), and the
/// batch of each sample.
fn batches<'s>(
    pipeline: &Pipeline,
    samples: &'s [Sample],
    text: impl Fn(&'s Sample) -> &'s str,
) -> (Vec<crate::Batch>, Vec<usize>) {
    let mut groups: Vec<&str> = samples.iter().map(|s| s.group.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    let batch_of: Vec<usize> = samples
        .iter()
        .map(|s| groups.binary_search(&s.group.as_str()).unwrap_or(0))
        .collect();
    let batches = (0..groups.len().max(1))
        .map(|g| {
            let texts: Vec<&str> = samples
                .iter()
                .zip(&batch_of)
                .filter(|&(_, &b)| b == g)
                .map(|(s, _)| text(s))
                .collect();
            pipeline.gather(&texts)
        })
        .collect();
    (batches, batch_of)
}

/// The score of rule `code`, created empty on first use.
fn rule_entry<'r>(
    rules: &'r mut BTreeMap<RuleCode, RuleScore>,
    pipeline: &Pipeline,
    code: RuleCode,
) -> &'r mut RuleScore {
    rules.entry(code).or_insert_with(|| {
        let r = pipeline.rules().get(code);
        RuleScore {
            code,
            name: r.map(|r| r.name.clone()).unwrap_or_default(),
            safe: r.is_none_or(|r| r.safe),
            applied: Verdicts::default(),
            pending: Verdicts::default(),
            flagged: 0,
            away_examples: Vec::new(),
        }
    })
}

fn evaluate_one(
    pipeline: &Pipeline,
    ctx: &crate::stage::Context,
    sample: &Sample,
    options: &EvalOptions,
) -> (DocumentScore, Outcome) {
    let cleaned = pipeline.clean_with(&sample.input, ctx);
    let map = sample::OutputMap::new(sample.input.len(), &cleaned.changes);
    // What the output decided at line-end hyphens is not scored (see `normalize`).
    let kept = if options.unwrap {
        Kept::from_changes(&cleaned.changes)
    } else {
        Kept::default()
    };
    let prepare = |t: &'_ str| -> String {
        if options.unwrap {
            unwrap_keeping(t, &kept).into_owned()
        } else {
            t.to_string()
        }
    };
    let mut input = Score::default();
    let mut output = Score::default();
    for p in &sample.pieces {
        let gold = prepare(&p.gold);
        let before = &sample.input[p.input.clone()];
        let after = &cleaned.text[map.range(&p.input)];
        let s = score(&prepare(before), &gold);
        input += s;
        // Most pieces come out unchanged: no need to measure them twice.
        output += if before == after {
            s
        } else {
            score(&prepare(after), &gold)
        };
    }
    let baseline = match (&sample.baseline, sample.is_whole()) {
        (Some(b), true) => Some(score(&prepare(b), &prepare(&sample.pieces[0].gold))),
        _ => None,
    };

    let mut outcome = Outcome::default();
    let mut alignments: Vec<Option<Alignment>> = vec![None; sample.pieces.len()];
    for change in &cleaned.changes {
        if change.status == Status::Flagged {
            for code in change.codes() {
                *outcome.flagged.entry(code).or_default() += 1;
            }
            continue;
        }
        let judged = piece_of(&sample.pieces, &change.span).map(|i| {
            let p = &sample.pieces[i];
            let text = &sample.input[p.input.clone()];
            let a = alignments[i].get_or_insert_with(|| Alignment::new(text, &p.gold));
            let span = change.span.start - p.input.start..change.span.end - p.input.start;
            let j = judge(
                a,
                text,
                &p.gold,
                &span,
                &change.after,
                options.unwrap.then_some(&kept),
            );
            (j, text, p)
        });
        let tally = match change.status {
            Status::Applied => &mut outcome.applied,
            _ => &mut outcome.pending,
        };
        for code in change.codes() {
            let v = tally.entry(code).or_default();
            match &judged {
                None => v.unscored += 1,
                Some((j, ..)) => {
                    v.gain += j.gain as i64;
                    match j.verdict {
                        Verdict::Toward => v.toward += 1,
                        Verdict::Away => v.away += 1,
                        Verdict::Neutral => v.neutral += 1,
                    }
                }
            }
        }
        if let Some((j, text, p)) = &judged
            && options.all_edits
        {
            outcome.edits.push(JudgedEdit {
                code: change.code,
                status: change.status,
                verdict: j.verdict,
                gain: j.gain,
                reason: change.reason.to_string(),
                example: example(
                    &sample.name,
                    change,
                    &text[j.input.clone()],
                    &p.gold[j.gold.clone()],
                ),
            });
        }
        if let Some((j, text, p)) = &judged
            && j.verdict == Verdict::Away
        {
            for code in change.codes() {
                if outcome.examples.iter().filter(|(c, _)| *c == code).count() < options.examples {
                    outcome.examples.push((
                        code,
                        example(
                            &sample.name,
                            change,
                            &text[j.input.clone()],
                            &p.gold[j.gold.clone()],
                        ),
                    ));
                }
            }
        }
    }
    if let Some(labels) = &sample.labels {
        let judged = labelled::judge(&sample.name, &sample.input, labels, &cleaned.changes);
        let exact = sample.is_whole() && cleaned.text == sample.pieces[0].gold;
        outcome.judged = Some((judged, exact));
    }
    let doc = DocumentScore {
        name: sample.name.clone(),
        input,
        output,
        baseline,
        applied: cleaned.applied().count(),
        pending: cleaned
            .changes
            .iter()
            .filter(|c| c.status == Status::Pending)
            .count(),
    };
    (doc, outcome)
}

/// The piece that holds all of `span`.
fn piece_of(pieces: &[Piece], span: &Range<usize>) -> Option<usize> {
    let i = pieces
        .partition_point(|p| p.input.start <= span.start)
        .checked_sub(1)?;
    (span.end <= pieces[i].input.end).then_some(i)
}

/// Longest context or gold shown in an example, in characters.
const EXAMPLE_CHARS: usize = 120;

fn example(document: &str, change: &Change, context: &str, gold: &str) -> Example {
    Example {
        document: document.to_string(),
        line: change.start.line,
        before: change.before.to_string(),
        after: change.after.to_string(),
        context: shorten(context),
        gold: shorten(gold),
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= EXAMPLE_CHARS {
        return s.to_string();
    }
    let half = EXAMPLE_CHARS / 2;
    let head: String = s.chars().take(half).collect();
    let tail: Vec<char> = s.chars().rev().take(half).collect();
    let tail: String = tail.into_iter().rev().collect();
    format!("{head}…{tail}")
}

/// Runs the pipeline on the gold texts alone: every applied or pending edit is a false positive.
pub fn clean_prose(pipeline: &Pipeline, samples: &[Sample], options: &EvalOptions) -> ProseReport {
    let golds: Vec<std::borrow::Cow<str>> = samples.iter().map(Sample::gold_text).collect();
    let gold_samples: Vec<Sample> = samples
        .iter()
        .zip(&golds)
        .map(|(s, g)| Sample {
            group: s.group.clone(),
            ..Sample::whole("", g.to_string(), String::new())
        })
        .collect();
    let (batches, batch_of) = batches(pipeline, &gold_samples, |s| s.input.as_str());
    let results: Vec<(usize, Vec<Change>)> = golds
        .par_iter()
        .zip(batch_of.par_iter())
        .map(|(g, &b)| {
            let ctx = crate::stage::Context {
                batch: Some(&batches[b]),
                ..pipeline.context()
            };
            let mut changes = pipeline.clean_with(g, &ctx).changes;
            if options.unwrap {
                // Line-break decisions are free on a gold that keeps its printed lines.
                let kept = Kept::from_changes(&changes);
                changes.retain(|c| {
                    c.status == Status::Flagged
                        || !normalize::only_line_breaks(&c.before, &c.after, &kept)
                });
            }
            (g.split_whitespace().count(), changes)
        })
        .collect();
    let mut report = ProseReport {
        unsafe_fixes: pipeline.options().unsafe_fixes,
        documents: samples.len(),
        touched: 0,
        words: 0,
        applied: 0,
        pending: 0,
        rules: Vec::new(),
    };
    let mut rules: BTreeMap<RuleCode, ProseRule> = BTreeMap::new();
    for ((words, changes), (sample, gold)) in results.into_iter().zip(samples.iter().zip(&golds)) {
        report.words += words;
        let mut touched = false;
        for c in &changes {
            match c.status {
                Status::Applied => report.applied += 1,
                Status::Pending => report.pending += 1,
                Status::Flagged => {}
            }
            touched |= c.status != Status::Flagged;
            for code in c.codes() {
                let r = rules.entry(code).or_insert_with(|| {
                    let rule = pipeline.rules().get(code);
                    ProseRule {
                        code,
                        name: rule.map(|r| r.name.clone()).unwrap_or_default(),
                        safe: rule.is_none_or(|r| r.safe),
                        applied: 0,
                        pending: 0,
                        flagged: 0,
                        examples: Vec::new(),
                    }
                });
                match c.status {
                    Status::Applied => r.applied += 1,
                    Status::Pending => r.pending += 1,
                    Status::Flagged => r.flagged += 1,
                }
                if c.status != Status::Flagged && r.examples.len() < options.examples {
                    let around = around(gold, &c.span);
                    r.examples.push(example(&sample.name, c, around, ""));
                }
            }
        }
        report.touched += usize::from(touched);
    }
    report.rules = rules.into_values().collect();
    report
}

/// Up to 60 bytes either side of `span`, for showing an edit in context.
fn around<'a>(text: &'a str, span: &Range<usize>) -> &'a str {
    let mut start = span.start.saturating_sub(60);
    let mut end = (span.end + 60).min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

#[cfg(test)]
mod tests;
