//! `ocrclean.Cleaned` and `ocrclean.Change`: what cleaning one text gave.

use std::collections::BTreeMap;

use ocrclean::jsonl::Annotation;
use ocrclean::{Status, edit};
use pyo3::prelude::*;
use pyo3::types::PyString;

/// One change, located in the original text.
///
/// ``start`` and ``end`` are byte offsets into the original text encoded as UTF-8 (as in the
/// command line's JSON report); ``line`` and ``column`` (from 1, columns in characters) are where
/// the span starts, ``end_line`` and ``end_column`` where it ends.
#[pyclass(module = "ocrclean", frozen, get_all)]
pub struct Change {
    /// The rule's code, e.g. ``"UNI001"`` (the first rule, when several changed the same text).
    code: String,
    /// Why, naming the evidence.
    reason: String,
    /// Start of the span, in bytes of the original's UTF-8.
    start: usize,
    /// End of the span, in bytes of the original's UTF-8.
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// The original text of the span (for a pending or flagged change, the text the rule saw).
    before: String,
    /// What the span became (or would become, for a pending change).
    after: String,
    /// Whether the rule's fixes are safe (applied without ``unsafe_fixes``).
    safe: bool,
    /// ``"applied"``, ``"pending"`` (an unsafe fix not applied) or ``"flagged"`` (reported only).
    status: &'static str,
    /// Later rules that changed the same text further: ``(code, reason)`` pairs, in order.
    also: Vec<(String, String)>,
}

#[pymethods]
impl Change {
    fn __repr__(&self) -> String {
        format!(
            "<Change {} {}:{} {:?} -> {:?} ({})>",
            self.code, self.line, self.column, self.before, self.after, self.status
        )
    }
}

impl Change {
    fn new(c: &edit::Change) -> Change {
        Change {
            code: c.code.to_string(),
            reason: c.reason.to_string(),
            start: c.span.start,
            end: c.span.end,
            line: c.start.line,
            column: c.start.col,
            end_line: c.end.line,
            end_column: c.end.col,
            before: c.before.to_string(),
            after: c.after.to_string(),
            safe: c.safe,
            status: match c.status {
                Status::Applied => "applied",
                Status::Pending => "pending",
                Status::Flagged => "flagged",
            },
            also: c
                .also
                .iter()
                .map(|s| (s.code.to_string(), s.reason.to_string()))
                .collect(),
        }
    }
}

/// What cleaning one text gave: the cleaned ``text`` and every ``Change``, applied or not,
/// sorted by where it is in the original.
#[pyclass(module = "ocrclean", frozen)]
pub struct Cleaned {
    text: Py<PyString>,
    changes: Vec<edit::Change>,
}

impl Cleaned {
    /// `original` is the text that was cleaned, returned as it is when nothing changed.
    pub(crate) fn new(
        py: Python<'_>,
        original: &Bound<'_, PyString>,
        cleaned: edit::Cleaned<'_>,
    ) -> Cleaned {
        let text = if cleaned.changed() {
            PyString::new(py, &cleaned.text).unbind()
        } else {
            original.clone().unbind()
        };
        Cleaned {
            text,
            changes: cleaned.changes,
        }
    }

    fn annotation(&self) -> Annotation {
        let cleaned = edit::Cleaned {
            text: "".into(),
            changes: self.changes.clone(),
            suppressed: Vec::new(),
        };
        Annotation::of(&cleaned)
    }
}

#[pymethods]
impl Cleaned {
    /// The cleaned text (the original object itself when nothing changed).
    #[getter]
    fn text(&self, py: Python<'_>) -> Py<PyString> {
        self.text.clone_ref(py)
    }

    /// Every change, applied, pending or flagged.
    #[getter]
    fn changes(&self) -> Vec<Change> {
        self.changes.iter().map(Change::new).collect()
    }

    /// Whether the text changed.
    #[getter]
    fn changed(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.status == Status::Applied && c.before != c.after)
    }

    /// Applied changes per rule code (every rule that took part in a change counts it).
    #[getter]
    fn counts(&self) -> BTreeMap<String, usize> {
        self.annotation().counts
    }

    /// The summary the command line's ``--annotate`` adds to a record, as JSON text: applied
    /// changes per rule code, and the text removed or moved out of its place.
    #[getter]
    fn annotation_json(&self) -> String {
        self.annotation().to_json()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let len = self.text.bind(py).len().unwrap_or(0);
        format!(
            "<Cleaned: {len} characters, {} changes>",
            self.changes.len()
        )
    }
}
