//! Evidence gathered across a whole batch of documents before any is cleaned.
//!
//! When many documents are cleaned together, decisions get better with what the batch shows: a
//! word form seen forty times is not an OCR error, and a line that ends thirty documents is page
//! furniture. A first parallel pass fills a [`Batch`]; stages read it through the
//! [`Context`](crate::Context). A single document is its own batch.

pub mod lines;
pub mod words;

/// What the whole batch shows.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
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
        let mut evidence = Evidence::default();
        evidence.add(texts);
        evidence.finish()
    }
}

/// The evidence of a set of documents, gathered but not yet learned from: a value that adds up.
///
/// Gather the evidence of each part of a corpus wherever the part is (a window of a folder, a
/// chunk of a JSON Lines file, a Ray block, a Spark partition), add the parts together, and
/// [`finish`](Evidence::finish) the sum into the [`Batch`] every part is cleaned with. The counts
/// are exact, so the sum is the evidence of all the documents however they were split, in whatever
/// order the parts are added: `gather(a) + gather(b)` finishes to the same batch as
/// `gather(a ++ b)`. [`Evidence::to_bytes`] serialises it to ship between processes.
///
/// ```
/// use ocrclean::batch::Evidence;
///
/// let mut part = Evidence::default();
/// part.add(&["The ferry left.", "The ferry came back."]);
/// let mut other = Evidence::default();
/// other.add(&["The ferry left again."]);
/// let whole = part + Evidence::from_bytes(&other.to_bytes()).unwrap();
/// assert_eq!(whole.documents(), 3);
/// assert_eq!(whole.finish().documents, 3);
/// ```
///
/// Memory grows with the distinct unknown word forms and edge-line templates of the documents
/// (about 70 and 20 bytes each); the finished batch keeps at most [`words::MAX_FORMS`] forms of
/// each kind and only the learned lines.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Evidence {
    documents: usize,
    words: words::WordWitness,
    lines: lines::LineCounting,
}

/// The name [`Evidence`] had before it could be added up and serialised.
pub type Gathering = Evidence;

impl Evidence {
    /// Reads more documents, in parallel.
    pub fn add<S: AsRef<str> + Sync>(&mut self, texts: &[S]) {
        self.documents += texts.len();
        let Evidence { words, lines, .. } = self;
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

    /// Adds the evidence of other documents.
    pub fn merge(&mut self, other: Evidence) {
        self.documents += other.documents;
        self.words.merge(other.words);
        self.lines.merge(other.lines);
    }

    /// How many documents were read.
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// The batch's evidence: the lines that recur enough, and the word counts (the rarest forms
    /// dropped past [`words::MAX_FORMS`]).
    pub fn finish(self) -> Batch {
        let mut words = self.words;
        words.bound(words::MAX_FORMS);
        Batch {
            documents: self.documents,
            words,
            lines: self.lines.finish(),
        }
    }

    /// The evidence in a compact binary form: postcard (a stable, documented format whose
    /// variable-length integers write the many small counts in a byte), compressed with zstd
    /// (which the word forms need), after a header naming the format and the version of ocrclean
    /// that gathered it. Equal evidence gives equal bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let wire = self.to_wire();
        // Serialising plain vectors and numbers into memory cannot fail.
        let plain = postcard::to_allocvec(&wire).unwrap_or_default();
        let mut out = header();
        out.extend(zstd::bulk::compress(&plain, ZSTD_LEVEL).unwrap_or_default());
        out
    }

    /// Reads what [`Evidence::to_bytes`] wrote, refusing evidence from another version of
    /// ocrclean (which may count words differently).
    pub fn from_bytes(bytes: &[u8]) -> Result<Evidence, EvidenceError> {
        let body = bytes
            .strip_prefix(MAGIC)
            .ok_or(EvidenceError::NotEvidence)?;
        let (&len, body) = body.split_first().ok_or(EvidenceError::NotEvidence)?;
        let (version, body) = body
            .split_at_checked(usize::from(len))
            .ok_or(EvidenceError::NotEvidence)?;
        if version != VERSION.as_bytes() {
            return Err(EvidenceError::Version(
                String::from_utf8_lossy(version).into_owned(),
            ));
        }
        let plain =
            zstd::stream::decode_all(body).map_err(|e| EvidenceError::Corrupt(e.to_string()))?;
        let wire: EvidenceWire =
            postcard::from_bytes(&plain).map_err(|e| EvidenceError::Corrupt(e.to_string()))?;
        Ok(Evidence::from_wire(wire))
    }

    fn to_wire(&self) -> EvidenceWire {
        EvidenceWire {
            documents: self.documents as u64,
            words: self.words.to_wire(),
            lines: self.lines.to_wire(),
        }
    }

    fn from_wire(wire: EvidenceWire) -> Evidence {
        Evidence {
            documents: wire.documents as usize,
            words: words::WordWitness::from_wire(wire.words),
            lines: lines::LineCounting::from_wire(wire.lines),
        }
    }
}

impl std::ops::AddAssign for Evidence {
    fn add_assign(&mut self, other: Evidence) {
        self.merge(other);
    }
}

impl std::ops::Add for Evidence {
    type Output = Evidence;

    fn add(mut self, other: Evidence) -> Evidence {
        self.merge(other);
        self
    }
}

impl std::iter::Sum for Evidence {
    fn sum<I: Iterator<Item = Evidence>>(iter: I) -> Evidence {
        iter.fold(Evidence::default(), std::ops::Add::add)
    }
}

/// Serialised as the same sorted lists [`Evidence::to_bytes`] writes, for any serde format.
impl serde::Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_wire().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Evidence, D::Error> {
        EvidenceWire::deserialize(deserializer).map(Evidence::from_wire)
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct EvidenceWire {
    documents: u64,
    words: words::WordsWire,
    lines: lines::LinesWire,
}

/// What serialised evidence starts with.
const MAGIC: &[u8] = b"ocrclean evidence\n";
/// The version of ocrclean that writes and reads it.
const VERSION: &str = env!("CARGO_PKG_VERSION");
/// zstd's default level: most of the gain, at hundreds of MB/s.
const ZSTD_LEVEL: i32 = 3;

fn header() -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    // A version string is a few bytes; its length fits in one.
    out.push(VERSION.len() as u8);
    out.extend(VERSION.as_bytes());
    out
}

/// Bytes that are not evidence this version of ocrclean can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceError {
    /// Not written by [`Evidence::to_bytes`].
    #[error("not ocrclean evidence (it does not start with the evidence header)")]
    NotEvidence,
    /// Written by another version.
    #[error(
        "evidence gathered by ocrclean {0} cannot be used by ocrclean {VERSION}: gather it again with this version"
    )]
    Version(String),
    /// Damaged after the header.
    #[error("damaged evidence: {0}")]
    Corrupt(String),
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
        let mut evidence = Evidence::default();
        for w in docs.chunks(7) {
            evidence.add(w);
        }
        let windowed = evidence.finish();
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
