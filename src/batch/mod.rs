//! Evidence gathered across a whole batch of documents before any is cleaned.
//!
//! When many documents are cleaned together, decisions get better with what the batch shows: a
//! word form seen forty times is not an OCR error, and a line that ends thirty documents is page
//! furniture. A first parallel pass fills a [`Batch`]; stages read it through the
//! [`Context`](crate::Context). A single document is its own batch.

pub mod lines;
pub mod words;

/// What the whole batch shows.
#[derive(Debug, Default)]
pub struct Batch {
    /// How many documents were read.
    pub documents: usize,
    /// Word forms and how often each was seen.
    pub words: words::WordWitness,
    /// Lines that recur across documents.
    pub lines: lines::LineWitness,
}

impl Batch {
    /// Reads every document once, in parallel.
    pub fn gather<S: AsRef<str> + Sync>(texts: &[S]) -> Batch {
        if texts.len() < lines::MIN_DOCUMENTS {
            // Too few documents to learn lines from: only words are counted.
            return Batch {
                documents: texts.len(),
                words: words::WordWitness::gather(texts),
                lines: lines::LineWitness::gather(texts),
            };
        }
        let mut gathering = Gathering::default();
        gathering.add(texts);
        gathering.finish()
    }
}

/// A [`Batch`] being gathered a window of documents at a time, so that a batch larger than memory
/// can be read once for its evidence and again to be cleaned.
///
/// ```
/// use ocrclean::batch::Gathering;
///
/// let mut gathering = Gathering::default();
/// gathering.add(&["The ferry left.", "The ferry came back."]);
/// gathering.add(&["The ferry left again."]);
/// assert_eq!(gathering.finish().documents, 3);
/// ```
#[derive(Debug, Default)]
pub struct Gathering {
    documents: usize,
    words: words::WordWitness,
    lines: lines::LineCounting,
}

impl Gathering {
    /// Reads more documents, in parallel.
    pub fn add<S: AsRef<str> + Sync>(&mut self, texts: &[S]) {
        self.documents += texts.len();
        let Gathering { words, lines, .. } = self;
        let mut words = || words.add(texts);
        let mut lines = || lines.add(texts);
        // A lone document (the library's `clean`) is not worth a trip through the thread pool.
        if texts.len() > 1 {
            rayon::join(words, lines);
        } else {
            words();
            lines();
        }
    }

    /// The batch's evidence.
    pub fn finish(self) -> Batch {
        Batch {
            documents: self.documents,
            words: self.words,
            lines: self.lines.finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gathering_in_windows_learns_what_one_pass_learns() {
        let docs: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "THE HARBOUR HERALD {i}\n\nThe longterm plan of Jinping{i} and Thornshope.\n\nPage {i}\n"
                )
            })
            .collect();
        let whole = Batch::gather(&docs);
        let mut gathering = Gathering::default();
        for w in docs.chunks(7) {
            gathering.add(w);
        }
        let windowed = gathering.finish();
        assert_eq!(windowed.documents, whole.documents);
        assert_eq!(windowed.lines.len(), whole.lines.len());
        assert!(!whole.lines.is_empty());
        assert_eq!(
            windowed.lines.recurrence("Page 99").map(|r| r.documents),
            whole.lines.recurrence("Page 99").map(|r| r.documents)
        );
        for form in ["longterm", "Thornshope", "Jinping7"] {
            assert_eq!(windowed.words.form(form), whole.words.form(form), "{form}");
        }
        assert_eq!(whole.words.form("Thornshope").count, 40);
    }
}
