//! `ocrclean.Pipeline`: the stages, built once from the settings, shared by every thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ocrclean::Captions;
use ocrclean::config::{CommandLine, Settings};
use ocrclean::suppress::Suppression;
use ocrclean::{Batch, Context, Selection};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;

use crate::ConfigError;
use crate::cleaned::Cleaned;
use crate::evidence::Evidence;
use crate::pool;

/// Texts gathered at a time from an iterable: the chunk the command line's JSON Lines mode reads.
const GATHER_CHUNK: usize = 2048;

/// What a pipeline is built from, as given (paths made absolute), so that a pickled pipeline
/// rebuilds the same one on another worker.
#[derive(Clone, Default)]
struct Spec {
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    unsafe_fixes: bool,
    rules: Vec<PathBuf>,
    words: Vec<PathBuf>,
    config: Option<PathBuf>,
    captions: Option<Captions>,
}

/// The cleaning pipeline: the built-in rules (and a user's packs), with a selection, compiled once.
///
/// The arguments are the command line's: ``select``, ``extend_select`` and ``ignore`` take rule
/// codes or prefixes (``"UNI"``, ``"FUR201"``); ``unsafe_fixes`` applies unsafe fixes too;
/// ``rules`` and ``words`` are folders of rule packs and files of known words; ``config`` is an
/// ``ocrclean.toml`` (none is looked for: pass it to use one); ``captions`` is ``"end"``,
/// ``"keep"`` or ``"drop"``. Paths are read when the pipeline is built, relative to the working
/// directory; a pickled pipeline rebuilds itself from them on the worker that unpickles it.
/// Raises ``ConfigError`` with the command line's message when a setting cannot be used.
#[pyclass(module = "ocrclean", frozen)]
pub struct Pipeline {
    spec: Spec,
    settings: Arc<Settings>,
    /// The config's suppressions without a path (the texts have none), as for standard input.
    suppressions: Vec<Suppression>,
    /// The selection of a run that wants no pending changes (`pending=False`): the command
    /// line's quiet filter skips the stages whose enabled rules are all unsafe the same way.
    applied_only: Selection,
}

fn absolute(path: PathBuf) -> PathBuf {
    std::path::absolute(&path).unwrap_or(path)
}

impl Pipeline {
    fn build(spec: Spec) -> PyResult<Pipeline> {
        let cwd = std::env::current_dir()
            .map_err(|e| ConfigError::new_err(format!("reading the working directory: {e}")))?;
        let command_line = CommandLine {
            select: spec.select.clone(),
            extend_select: spec.extend_select.clone(),
            ignore: spec.ignore.clone(),
            unsafe_fixes: spec.unsafe_fixes,
            rules: spec.rules.clone(),
            words: spec.words.clone(),
            captions: spec.captions,
            max_document_size: None,
            max_line_length: None,
            // The built-in OCR error table (`--errors FILE` is a CLI option).
            errors: None,
            // Nothing is looked for: an `.ocrclean-ignore` is read only beside a given config.
            no_config: spec.config.is_none(),
        };
        let settings = Settings::new(spec.config.as_deref(), command_line, &cwd)
            .map_err(|e| ConfigError::new_err(e.to_string()))?;
        let suppressions = settings.suppressions_for(None);
        let options = settings.pipeline.options();
        // With unsafe fixes every stage applies what it finds: none may be skipped.
        let applied_only = if options.unsafe_fixes {
            options.selection.clone()
        } else {
            options.selection.applied_only(settings.pipeline.rules())
        };
        Ok(Pipeline {
            spec,
            settings: Arc::new(settings),
            suppressions,
            applied_only,
        })
    }

    /// The context of a text of `batch`; without `pending`, the stages that could only hold
    /// fixes back are skipped (the text and the applied changes are the same).
    fn context<'a>(&'a self, batch: Option<&'a Batch>, pending: bool) -> Context<'a> {
        let base = self.settings.pipeline.context();
        Context {
            selection: if pending {
                base.selection
            } else {
                &self.applied_only
            },
            batch,
            suppressions: &self.suppressions,
            ..base
        }
    }

    /// The texts of a Python sequence or iterable, with the objects they came from.
    fn texts<'py>(texts: &Bound<'py, PyAny>) -> PyResult<(Vec<Bound<'py, PyString>>, Vec<String>)> {
        let mut objects = Vec::new();
        let mut owned = Vec::new();
        for t in texts.try_iter()? {
            let t = t?.cast_into::<PyString>()?;
            owned.push(t.to_cow()?.into_owned());
            objects.push(t);
        }
        Ok((objects, owned))
    }
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (select=None, ignore=None, unsafe_fixes=false, rules=None, config=None, extend_select=None, words=None, captions=None))]
    #[allow(clippy::too_many_arguments)]
    fn py_new(
        select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
        unsafe_fixes: bool,
        rules: Option<Vec<PathBuf>>,
        config: Option<PathBuf>,
        extend_select: Option<Vec<String>>,
        words: Option<Vec<PathBuf>>,
        captions: Option<String>,
    ) -> PyResult<Pipeline> {
        let captions = captions
            .map(|c| c.parse::<Captions>())
            .transpose()
            .map_err(|e| ConfigError::new_err(e.to_string()))?;
        // Checked as given, so the message names the path as the command line's does.
        if let Some(path) = &config
            && !path.is_file()
        {
            return Err(ConfigError::new_err(format!(
                "{}: no such config file",
                path.display()
            )));
        }
        let paths = |v: Option<Vec<PathBuf>>| v.unwrap_or_default().into_iter().map(absolute);
        Pipeline::build(Spec {
            select,
            extend_select: extend_select.unwrap_or_default(),
            ignore: ignore.unwrap_or_default(),
            unsafe_fixes,
            rules: paths(rules).collect(),
            words: paths(words).collect(),
            config: config.map(absolute),
            captions,
        })
    }

    /// Cleans one text, which is its own batch. ``pending=False`` skips the stages whose
    /// selected rules are all unsafe (see ``clean_many``).
    #[pyo3(signature = (text, *, pending=true))]
    fn clean(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        pending: bool,
    ) -> PyResult<Cleaned> {
        let owned = text.to_cow()?.into_owned();
        let cleaned = py.detach(|| {
            let ctx = self.context(None, pending);
            self.settings.pipeline.clean_with(&owned, &ctx).into_owned()
        });
        Ok(Cleaned::new(py, text, cleaned))
    }

    /// Cleans many texts in parallel, with the GIL released, and returns their results in order.
    ///
    /// Without ``evidence``, the texts are one batch and their evidence is gathered first (as
    /// the command line does for the files it is given). With it (gathered from the whole corpus,
    /// see ``gather``), the texts are cleaned as part of that corpus. ``threads`` is how many
    /// threads to use (default: one per core).
    ///
    /// ``pending=False`` is for a caller that wants the cleaned text and the applied changes
    /// only, as the command line's quiet filter does: the stages whose selected rules are all
    /// unsafe (their fixes would only be held back as pending) are skipped, which can halve the
    /// time. The texts and the applied changes are the same; ``changes`` then lacks those stages'
    /// pending and flagged changes.
    #[pyo3(signature = (texts, evidence=None, threads=None, *, pending=true))]
    fn clean_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        evidence: Option<&Bound<'py, Evidence>>,
        threads: Option<usize>,
        pending: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let (objects, owned) = Pipeline::texts(texts)?;
        let pool = pool::get(threads)?;
        let batch = evidence.map(|e| e.get().batch());
        let results = py.detach(|| {
            pool.install(|| {
                let own;
                let batch = match &batch {
                    Some(b) => b.as_ref(),
                    None => {
                        own = self.settings.pipeline.gather(&owned);
                        &own
                    }
                };
                let ctx = self.context(Some(batch), pending);
                owned
                    .par_iter()
                    .map(|t| self.settings.pipeline.clean_with(t, &ctx).into_owned())
                    .collect::<Vec<_>>()
            })
        });
        let cleaned = objects
            .iter()
            .zip(results)
            .map(|(o, r)| Cleaned::new(py, o, r));
        PyList::new(
            py,
            cleaned
                .map(|c| Py::new(py, c))
                .collect::<PyResult<Vec<_>>>()?,
        )
    }

    /// Gathers the batch evidence of ``texts`` (any iterable of ``str``, read a chunk at a time),
    /// in parallel with the GIL released. Add the evidence of every part of a corpus and pass the
    /// sum to ``clean_many``.
    #[pyo3(signature = (texts, threads=None))]
    fn gather(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Evidence> {
        let pool = pool::get(threads)?;
        let mut evidence = ocrclean::batch::Evidence::default();
        let mut chunk: Vec<String> = Vec::with_capacity(GATHER_CHUNK);
        let mut iter = texts.try_iter()?;
        loop {
            let next = iter.next().transpose()?;
            if let Some(t) = &next {
                chunk.push(t.cast::<PyString>()?.to_cow()?.into_owned());
            }
            if chunk.len() == GATHER_CHUNK || (next.is_none() && !chunk.is_empty()) {
                let texts = std::mem::take(&mut chunk);
                py.detach(|| {
                    pool.install(|| self.settings.pipeline.gather_more(&mut evidence, &texts))
                });
            }
            if next.is_none() {
                return Ok(Evidence::new(evidence));
            }
        }
    }

    /// The settings it was built from, as keyword arguments of ``Pipeline``.
    #[getter]
    fn settings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.spec;
        let paths = |v: &[PathBuf]| -> Option<Vec<String>> {
            (!v.is_empty()).then(|| v.iter().map(|p| p.display().to_string()).collect())
        };
        let d = PyDict::new(py);
        d.set_item("select", &s.select)?;
        d.set_item("ignore", (!s.ignore.is_empty()).then_some(&s.ignore))?;
        d.set_item("unsafe_fixes", s.unsafe_fixes)?;
        d.set_item("rules", paths(&s.rules))?;
        d.set_item(
            "config",
            s.config
                .as_deref()
                .map(Path::display)
                .map(|p| p.to_string()),
        )?;
        d.set_item(
            "extend_select",
            (!s.extend_select.is_empty()).then_some(&s.extend_select),
        )?;
        d.set_item("words", paths(&s.words))?;
        d.set_item("captions", s.captions.map(Captions::as_str))?;
        Ok(d)
    }

    /// The codes of the rules that run.
    #[getter]
    fn selected(&self) -> Vec<String> {
        let p = &self.settings.pipeline;
        p.rules()
            .rules()
            .iter()
            .filter(|r| p.options().selection.enabled(r.code))
            .map(|r| r.code.to_string())
            .collect()
    }

    /// Pickled as its settings: unpickling builds the pipeline again (its rules and word files
    /// must be at the same paths where it is unpickled).
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        let py = slf.py();
        let kwargs = slf.get().settings(py)?;
        let rebuild = py.import("ocrclean")?.getattr("_rebuild_pipeline")?;
        Ok((rebuild, (kwargs,)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let settings = self.settings(py)?;
        let mut given = Vec::new();
        for (k, v) in settings.iter() {
            if !v.is_none() && !v.eq(false)? {
                given.push(format!("{k}={}", v.repr()?));
            }
        }
        Ok(format!("ocrclean.Pipeline({})", given.join(", ")))
    }
}
