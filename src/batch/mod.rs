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
        let words = || words::WordWitness::gather(texts);
        let lines = || lines::LineWitness::gather(texts);
        // A lone document (the library's `clean`) is not worth a trip through the thread pool.
        let (words, lines) = if texts.len() > 1 {
            rayon::join(words, lines)
        } else {
            (words(), lines())
        };
        Batch {
            documents: texts.len(),
            words,
            lines,
        }
    }
}
