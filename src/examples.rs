//! Running the examples of rule packs: every example is a test, for built-in packs and users' own.

use std::sync::Arc;

use crate::edit::Status;
use crate::pipeline::Pipeline;
use crate::rules::{Example, Rule, RuleBook, RuleError};
use crate::stage::{Context, Selection};

/// An example that did not come out as its pack says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// `file:line` of the example.
    pub location: String,
    /// The rule it belongs to.
    pub code: String,
    /// What went wrong.
    pub problem: String,
    /// The example's input.
    pub input: String,
    /// What the pack expects.
    pub expected: String,
    /// What the pipeline produced.
    pub got: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} example: {}\n  input:    {:?}\n  expected: {:?}\n  got:      {:?}",
            self.location, self.code, self.problem, self.input, self.expected, self.got
        )
    }
}

/// Runs the examples of every rule in `book` that `which` picks through the full pipeline, with
/// unsafe fixes on and the default selection plus the rule itself. An example with a `batch` is
/// cleaned as one document of that batch. A positive example must give
/// its output and the rule must take part in the change; a negative one must come out untouched.
pub fn check_examples(
    book: Arc<RuleBook>,
    which: impl Fn(&Rule) -> bool,
) -> Result<Vec<ExampleFailure>, RuleError> {
    let defaults = Pipeline::builder()
        .rules(book.clone())
        .unsafe_fixes(true)
        .build()?;
    let mut failures = Vec::new();
    for rule in book.rules().iter().filter(|r| which(r)) {
        let own;
        let pipeline = if rule.default {
            &defaults
        } else {
            let selection = Selection::resolve(&book, None, &[rule.code.to_string()], &[])
                .map_err(|e| RuleError::Invalid {
                    path: rule.origin.file.clone(),
                    line: rule.origin.line,
                    message: e.to_string(),
                })?;
            own = Pipeline::builder()
                .rules(book.clone())
                .selection(selection)
                .unsafe_fixes(true)
                .build()?;
            &own
        };
        for example in &rule.examples {
            if let Some(problem) = run_example(pipeline, rule, example) {
                failures.push(problem);
            }
        }
    }
    Ok(failures)
}

fn run_example(pipeline: &Pipeline, rule: &Rule, example: &Example) -> Option<ExampleFailure> {
    let cleaned = if example.batch.is_empty() {
        pipeline.clean(&example.input)
    } else {
        let mut docs = vec![example.input.as_str()];
        docs.extend(example.batch.iter().map(String::as_str));
        let batch = pipeline.gather(&docs);
        let ctx = Context {
            batch: Some(&batch),
            ..pipeline.context()
        };
        pipeline.clean_with(&example.input, &ctx)
    };
    let got = cleaned.text.to_string();
    let fired = cleaned.changes.iter().any(|c| {
        if example.flagged {
            c.status == Status::Flagged && c.code == rule.code
        } else {
            c.status == Status::Applied && c.codes().any(|code| code == rule.code)
        }
    });
    let problem = if got != example.output {
        if example.is_negative() || example.flagged {
            "text that must stay unchanged was changed"
        } else {
            "output differs"
        }
    } else if example.flagged && !fired {
        "the rule did not report this text"
    } else if !example.is_negative() && !fired {
        "the output is right but this rule made no change: another rule did the work"
    } else {
        return None;
    };
    Some(ExampleFailure {
        location: format!("{}:{}", rule.origin.file.display(), example.line),
        code: rule.code.to_string(),
        problem: problem.to_string(),
        input: example.input.clone(),
        expected: example.output.clone(),
        got,
    })
}
