//! The Python module `ocrclean._ocrclean`: [`ocrclean::Pipeline`] for Python, with batch evidence
//! as a value ([`ocrclean::batch::Evidence`]) that distributed engines gather per partition, add
//! up and ship to every worker. The pure-Python package `ocrclean` re-exports it and adds the
//! adapters for Ray, Spark and datatrove.

mod cleaned;
mod evidence;
mod pipeline;
mod pool;

use pyo3::prelude::*;

pyo3::create_exception!(
    ocrclean,
    OcrcleanError,
    pyo3::exceptions::PyException,
    "Base class of the errors ocrclean raises."
);
pyo3::create_exception!(
    ocrclean,
    ConfigError,
    OcrcleanError,
    "A configuration file, rule pack, word list or rule selector that cannot be used; the message is the one the command line prints."
);
pyo3::create_exception!(
    ocrclean,
    EvidenceError,
    OcrcleanError,
    "Bytes that are not evidence this version of ocrclean can read."
);

#[pymodule]
fn _ocrclean(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<pipeline::Pipeline>()?;
    m.add_class::<cleaned::Cleaned>()?;
    m.add_class::<cleaned::Change>()?;
    m.add_class::<evidence::Evidence>()?;
    m.add("OcrcleanError", py.get_type::<OcrcleanError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("EvidenceError", py.get_type::<EvidenceError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
