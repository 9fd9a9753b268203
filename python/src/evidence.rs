//! `ocrclean.Evidence`: the batch evidence of some documents, to add up and to ship.

use std::sync::{Arc, OnceLock};

use ocrclean::Batch;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyType};

use crate::EvidenceError;

/// The batch evidence of a set of documents: word counts and the lines at their tops and bottoms.
///
/// Gather it with ``Pipeline.gather`` on each part of a corpus, add the parts with ``+`` (or
/// ``sum``), and clean every part with ``Pipeline.clean_many(texts, evidence=total)``: the result
/// is the same as cleaning the whole corpus as one batch, however it was split. Evidence pickles
/// (as its compact binary form, ``to_bytes``), so engines can send it to their workers.
#[pyclass(module = "ocrclean", frozen)]
pub struct Evidence {
    pub(crate) inner: Arc<ocrclean::batch::Evidence>,
    /// What it teaches, learned once, the first time a text is cleaned with it.
    batch: OnceLock<Arc<Batch>>,
}

impl Evidence {
    pub(crate) fn new(inner: ocrclean::batch::Evidence) -> Evidence {
        Evidence {
            inner: Arc::new(inner),
            batch: OnceLock::new(),
        }
    }

    /// The finished batch (learning it is a pass over the counts: done once per object).
    pub(crate) fn batch(&self) -> Arc<Batch> {
        self.batch
            .get_or_init(|| Arc::new(self.inner.as_ref().clone().finish()))
            .clone()
    }
}

#[pymethods]
impl Evidence {
    /// Evidence of no documents (the starting point of a sum).
    #[new]
    fn empty() -> Evidence {
        Evidence::new(ocrclean::batch::Evidence::default())
    }

    /// How many documents it was gathered from.
    #[getter]
    fn documents(&self) -> usize {
        self.inner.documents()
    }

    /// The evidence of both sets of documents.
    fn __add__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let Ok(other) = other.cast::<Evidence>() else {
            return Ok(py.NotImplemented());
        };
        let (a, b) = (self.inner.clone(), other.get().inner.clone());
        let sum = py.detach(|| a.as_ref().clone() + b.as_ref().clone());
        Ok(Py::new(py, Evidence::new(sum))?.into_any())
    }

    /// The evidence of all of ``parts`` (an iterable of ``Evidence``), each read once: the way
    /// to add many parts, where ``sum`` would copy the growing total at every step.
    #[classmethod]
    fn sum(_cls: &Bound<'_, PyType>, parts: &Bound<'_, PyAny>) -> PyResult<Evidence> {
        let py = parts.py();
        let mut total = ocrclean::batch::Evidence::default();
        for part in parts.try_iter()? {
            let part = part?;
            let part = part.cast::<Evidence>()?.get().inner.clone();
            total = py.detach(move || total + part.as_ref().clone());
        }
        Ok(Evidence::new(total))
    }

    /// ``0 + evidence`` is the evidence itself, so that ``sum(parts)`` works.
    fn __radd__(slf: &Bound<'_, Self>, other: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        if other.extract::<i64>().is_ok_and(|n| n == 0) {
            return Ok(slf.clone().into_any().unbind());
        }
        Ok(py.NotImplemented())
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Evidence>()
            .is_ok_and(|o| self.inner == o.get().inner)
    }

    /// The compact binary form: postcard, compressed with zstd, after a header with the version
    /// of ocrclean that gathered it.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let inner = self.inner.clone();
        let bytes = py.detach(|| inner.to_bytes());
        PyBytes::new(py, &bytes)
    }

    /// Reads what ``to_bytes`` wrote. Raises ``EvidenceError`` for other bytes, or for evidence
    /// from another version of ocrclean.
    #[classmethod]
    fn from_bytes(_cls: &Bound<'_, PyType>, py: Python<'_>, data: &[u8]) -> PyResult<Evidence> {
        let data = data.to_vec();
        let inner = py
            .detach(|| ocrclean::batch::Evidence::from_bytes(&data))
            .map_err(|e| EvidenceError::new_err(e.to_string()))?;
        Ok(Evidence::new(inner))
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        let py = slf.py();
        let from_bytes = slf.get_type().getattr("from_bytes")?;
        Ok((from_bytes, (slf.get().to_bytes(py),)))
    }

    fn __repr__(&self) -> String {
        format!(
            "<ocrclean.Evidence of {} documents>",
            self.inner.documents()
        )
    }
}
