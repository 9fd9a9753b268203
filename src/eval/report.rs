//! What an evaluation finds, as plain values (serialised as they are for `--format json`).

use serde::Serialize;

use super::metrics::Score;
use crate::code::RuleCode;

/// The verdicts on one rule's edits of one status (applied, or pending).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Verdicts {
    /// Edits that lowered the distance to the gold.
    pub toward: usize,
    /// Edits that raised it.
    pub away: usize,
    /// Edits that left it as it was.
    pub neutral: usize,
    /// Edits outside any stretch with a gold (ICDAR `#` stretches), not judged.
    pub unscored: usize,
    /// Characters of distance removed, summed over the judged edits (negative: added).
    pub gain: i64,
}

impl Verdicts {
    /// Judged edits.
    pub fn judged(&self) -> usize {
        self.toward + self.away + self.neutral
    }

    /// All edits, judged or not.
    pub fn total(&self) -> usize {
        self.judged() + self.unscored
    }

    /// toward / (toward + away), when any edit moved the text.
    pub fn precision(&self) -> Option<f64> {
        let moved = self.toward + self.away;
        (moved > 0).then(|| self.toward as f64 / moved as f64)
    }

    pub(crate) fn add(&mut self, o: &Verdicts) {
        self.toward += o.toward;
        self.away += o.away;
        self.neutral += o.neutral;
        self.unscored += o.unscored;
        self.gain += o.gain;
    }
}

/// One edit shown as an example: where, what, and what the gold has there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    /// The document.
    pub document: String,
    /// Line of the edit in the input (1-based).
    pub line: usize,
    /// The input text the edit replaced.
    pub before: String,
    /// What it wrote (or would write).
    pub after: String,
    /// The input around the edit (the window it was judged on), shortened if long.
    pub context: String,
    /// The gold for that window, shortened if long; empty on clean prose.
    pub gold: String,
}

/// How one rule fared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleScore {
    /// The rule's code.
    pub code: RuleCode,
    /// Its name (empty for a code no pack defines).
    pub name: String,
    /// Whether its fixes are safe.
    pub safe: bool,
    /// Verdicts on its applied edits.
    pub applied: Verdicts,
    /// Verdicts on its pending (unsafe, unapplied) fixes, judged as if applied.
    pub pending: Verdicts,
    /// How many times it flagged text without changing it.
    pub flagged: usize,
    /// The first edits (applied or pending) that moved the text away from the gold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub away_examples: Vec<Example>,
}

/// One document's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentScore {
    /// The document.
    pub name: String,
    /// The OCR input against the gold.
    pub input: Score,
    /// The pipeline's output against the gold.
    pub output: Score,
    /// The baseline corrector's output against the gold, when the input has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Score>,
    /// Applied changes.
    pub applied: usize,
    /// Pending (unsafe, unapplied) fixes.
    pub pending: usize,
}

impl DocumentScore {
    /// Whether the output has more character errors than the input.
    pub fn worse(&self) -> bool {
        self.output.chars.errors > self.input.chars.errors
    }

    /// Whether it has fewer.
    pub fn better(&self) -> bool {
        self.output.chars.errors < self.input.chars.errors
    }
}

/// The result of `ocrclean eval`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    /// Lines were unwrapped and line-end hyphens joined on every side before scoring (kept on
    /// every side in the forms where the output kept them).
    pub unwrap: bool,
    /// Unsafe fixes were applied to the output.
    pub unsafe_fixes: bool,
    /// Documents scored.
    pub documents: usize,
    /// Documents whose output has fewer character errors than their input.
    pub better: usize,
    /// Documents whose output has more character errors than their input.
    pub worse: usize,
    /// The inputs against the gold, all documents together.
    pub input: Score,
    /// The outputs against the gold.
    pub output: Score,
    /// How many documents have a baseline.
    pub baseline_documents: usize,
    /// Their inputs against the gold (to compare with `baseline` on the same documents).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_input: Option<Score>,
    /// The baseline corrector's outputs against the gold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Score>,
    /// Every rule that proposed an edit, by code.
    pub rules: Vec<RuleScore>,
    /// Every document, in input order.
    pub per_document: Vec<DocumentScore>,
    /// Proposals and artifacts against the labels, when the documents have labels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<super::labelled::LabelReport>,
}

/// How one rule fared on clean prose, where every edit is a false positive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProseRule {
    /// The rule's code.
    pub code: RuleCode,
    /// Its name.
    pub name: String,
    /// Whether its fixes are safe.
    pub safe: bool,
    /// Applied edits.
    pub applied: usize,
    /// Pending (unsafe, unapplied) fixes.
    pub pending: usize,
    /// Flags.
    pub flagged: usize,
    /// The first edits.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
}

/// The result of `ocrclean eval --clean-prose`: the pipeline run on the gold texts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProseReport {
    /// Unsafe fixes were applied.
    pub unsafe_fixes: bool,
    /// Documents.
    pub documents: usize,
    /// Documents with at least one applied or pending edit.
    pub touched: usize,
    /// Whitespace-separated words in all of them.
    pub words: usize,
    /// Applied edits.
    pub applied: usize,
    /// Pending fixes.
    pub pending: usize,
    /// Every rule that proposed an edit, by code.
    pub rules: Vec<ProseRule>,
}

impl ProseReport {
    /// Edits (applied and pending) per 100,000 words: the false-positive rate.
    pub fn per_100k_words(&self, edits: usize) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            edits as f64 * 100_000.0 / self.words as f64
        }
    }
}
