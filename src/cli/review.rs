//! `clean --report FILE.html`: workers render each document's part of the review page, the run
//! keeps them in input order, and the page is written (atomically) at the end.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context as _;
use ocrclean::output::html::{Document, Report};
use ocrclean::{Cleaned, RuleBook};

use super::atomic::{Pending, default_permissions};

/// The review page being gathered.
pub(super) struct Review {
    path: PathBuf,
    report: Mutex<Report>,
}

impl Review {
    /// A review page of `inputs` to be written to `path`, naming the rules of `book`.
    pub fn new(path: &Path, inputs: &[PathBuf], book: &RuleBook) -> Review {
        let inputs: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        let title = format!("ocrclean review: {}", inputs.join(" "));
        Review {
            path: path.to_path_buf(),
            report: Mutex::new(Report::new(&title).with_rules(book)),
        }
    }

    /// One document's part of the page (called on worker threads).
    pub fn section(name: &str, original: &str, cleaned: &Cleaned) -> Document {
        Document::new(name, original, cleaned)
    }

    /// Adds a document's part, in input order.
    pub fn keep(&self, document: Option<Document>) {
        if let (Some(d), Ok(mut report)) = (document, self.report.lock()) {
            report.push(d);
        }
    }

    /// Writes the page: a temporary file beside it, then a rename.
    pub fn write(&self, quiet: bool) -> anyhow::Result<()> {
        let path = &self.path;
        let context = || format!("writing the review page {}", path.display());
        let mut pending = Pending::create(path, default_permissions()).with_context(context)?;
        {
            let mut report = match self.report.lock() {
                Ok(report) => report,
                Err(poisoned) => poisoned.into_inner(),
            };
            let mut out = std::io::BufWriter::new(pending.file());
            report.write(&mut out).with_context(context)?;
        }
        pending.commit().with_context(context)?;
        if !quiet {
            eprintln!("ocrclean: review page: {}", path.display());
        }
        Ok(())
    }
}
