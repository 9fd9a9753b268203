//! JSON Lines corpora (the Dolma / datatrove record format): one document per line, its text in
//! one field, metadata in the others.
//!
//! A record is never re-serialised: the cleaned text is spliced into the raw line where the old
//! value stood, so every other field keeps its bytes, its place and its key order.
//!
//! A whole stream, records cleaned in parallel chunks and written in order:
//!
//! ```
//! use ocrclean::Pipeline;
//! use ocrclean::jsonl::Stream;
//!
//! let pipeline = Pipeline::default();
//! let input = "{\"id\":1,\"text\":\"Oﬃce  hours\"}\n{\"id\":2,\"text\":\"Clean.\"}\n";
//! let mut output = Vec::new();
//! let counts = Stream::new(&pipeline, "text").copy(input.as_bytes(), &mut output).unwrap();
//! assert_eq!(
//!     String::from_utf8(output).unwrap(),
//!     "{\"id\":1,\"text\":\"Office hours\"}\n{\"id\":2,\"text\":\"Clean.\"}\n"
//! );
//! assert_eq!((counts.records, counts.changed, counts.unparsed), (2, 1, 0));
//! ```
//!
//! One record:
//!
//! ```
//! use ocrclean::Pipeline;
//! use ocrclean::jsonl::Record;
//!
//! let line = r#"{"id": 7, "text": "The ﬁrst  edition.", "source": "scan"}"#;
//! let record = Record::parse(line, "text").unwrap();
//! let cleaned = Pipeline::default().clean(&record.text);
//! assert_eq!(
//!     record.with_text(&cleaned.text, None),
//!     r#"{"id": 7, "text": "The first edition.", "source": "scan"}"#
//! );
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::path::Path;

use serde::Serialize;
use serde_json::value::RawValue;

use rayon::prelude::*;

use crate::batch::Evidence;
use crate::edit::{self, Cleaned, Status};
use crate::input::Limits;
use crate::pipeline::Pipeline;
use crate::stage::Context;

/// One parsed record: the raw line, where the text field's value sits in it, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// The line as read (without its line break).
    pub line: &'a str,
    /// Byte range of the text field's JSON value (quotes included) in `line`.
    pub value: Range<usize>,
    /// The decoded text.
    pub text: String,
    /// The record's `id` field, as JSON text, when it has one.
    pub id: Option<String>,
    /// Byte range of an existing annotation field's value, to replace rather than duplicate it.
    annotation: Option<Range<usize>>,
}

/// Why a line is not a record we can clean.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Not a JSON object.
    #[error("not a JSON object: {0}")]
    NotJson(String),
    /// The object has no such field.
    #[error("no `{0}` field")]
    MissingField(String),
    /// The field is not a string.
    #[error("the `{0}` field is not a string")]
    NotText(String),
    /// The line is not UTF-8 (JSON text must be).
    #[error("not valid UTF-8 at byte {0} of the line")]
    NotUtf8(usize),
}

impl<'a> Record<'a> {
    /// Parses `line`, finding `field`.
    pub fn parse(line: &'a str, field: &str) -> Result<Record<'a>, RecordError> {
        Self::parse_annotated(line, field, None)
    }

    /// Parses `line`, finding `field` and, if present, the annotation field `annotate`.
    pub fn parse_annotated(
        line: &'a str,
        field: &str,
        annotate: Option<&str>,
    ) -> Result<Record<'a>, RecordError> {
        let map: HashMap<Cow<'a, str>, &'a RawValue> =
            serde_json::from_str(line).map_err(|e| RecordError::NotJson(e.to_string()))?;
        let offset = |raw: &RawValue| {
            let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
            start..start + raw.get().len()
        };
        let raw = map
            .get(field)
            .ok_or_else(|| RecordError::MissingField(field.to_string()))?;
        let text: String =
            serde_json::from_str(raw.get()).map_err(|_| RecordError::NotText(field.to_string()))?;
        Ok(Record {
            line,
            value: offset(raw),
            text,
            id: map.get("id").map(|r| r.get().to_string()),
            annotation: annotate.and_then(|a| map.get(a)).map(|r| offset(r)),
        })
    }

    /// The line with the text replaced, and an annotation field added (or replaced) when given.
    pub fn with_text(&self, text: &str, annotation: Option<(&str, &str)>) -> String {
        let value = serde_json::to_string(text).unwrap_or_default();
        let mut pieces: Vec<(Range<usize>, String)> = vec![(self.value.clone(), value)];
        if let Some((name, json)) = annotation {
            match &self.annotation {
                Some(r) => pieces.push((r.clone(), json.to_string())),
                None => {
                    let close = self.line.rfind('}').unwrap_or(self.line.len());
                    let key = serde_json::to_string(name).unwrap_or_default();
                    let empty = self.line[..close].trim_end().ends_with('{');
                    let sep = if empty { "" } else { "," };
                    pieces.push((close..close, format!("{sep}{key}:{json}")));
                }
            }
        }
        pieces.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(self.line.len() + 64);
        let mut last = 0;
        for (range, with) in pieces {
            out.push_str(&self.line[last..range.start]);
            out.push_str(&with);
            last = range.end;
        }
        out.push_str(&self.line[last..]);
        out
    }
}

/// The summary `--annotate` adds to a record: counts per rule code, and the text removed or moved.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Annotation {
    /// Applied changes per rule code.
    pub counts: BTreeMap<String, usize>,
    /// Text taken out of its place (removed furniture, moved captions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

impl Annotation {
    /// The annotation of one cleaned document.
    pub fn of(cleaned: &Cleaned) -> Annotation {
        let mut a = Annotation::default();
        for c in cleaned
            .changes
            .iter()
            .filter(|c| c.status == Status::Applied)
        {
            for code in c.codes() {
                *a.counts.entry(code.to_string()).or_default() += 1;
            }
            // A removal of more than whitespace is text someone may want back.
            if c.after.trim().is_empty() && !c.before.trim().is_empty() {
                a.removed.push(c.before.to_string());
            }
        }
        a
    }

    /// As JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Records per chunk, and bytes: whichever is reached first ends the chunk. A chunk is read and
/// cleaned in parallel; without the evidence of the whole corpus (gathered first by
/// [`Stream::gather`]; a stream that cannot be read twice has none), it is also the batch its
/// records' evidence comes from.
const CHUNK_RECORDS: usize = 2048;
const CHUNK_BYTES: usize = 16 << 20;

/// Cleans a JSON Lines stream: chunks of records in parallel, results in input order.
pub struct Stream<'a> {
    pipeline: &'a Pipeline,
    field: &'a str,
    annotate: Option<&'a str>,
    context: Context<'a>,
    limits: Limits,
    counting: bool,
}

/// A record that was cleaned.
#[derive(Debug, Clone)]
pub struct CleanedRecord {
    /// The text as it was.
    pub text: String,
    /// The record's `id` field, as JSON text.
    pub id: Option<String>,
    /// What cleaning it found: every change, or only their counts.
    pub found: Found,
}

/// What cleaning one record found: every change with the cleaned text, or, for a stream that
/// counts ([`Stream::counting`]), only how many changes each rule made.
#[derive(Debug, Clone)]
pub enum Found {
    /// Every change, and the cleaned text.
    Changes(Cleaned<'static>),
    /// The changes counted: what a report naming no single change needs.
    Counts {
        /// How many changes each rule made, left pending or flagged.
        counts: edit::Counts,
        /// Whether the text changed.
        changed: bool,
        /// Ids of the suppressions that kept a rule from changing the text.
        suppressed: Vec<usize>,
    },
}

impl Found {
    /// Whether the record's text changed.
    pub fn changed(&self) -> bool {
        match self {
            Found::Changes(cleaned) => cleaned.changed(),
            Found::Counts { changed, .. } => *changed,
        }
    }

    /// How many changes each rule made.
    pub fn counts(&self) -> edit::Counts {
        match self {
            Found::Changes(cleaned) => edit::Counts::of(&cleaned.changes),
            Found::Counts { counts, .. } => counts.clone(),
        }
    }

    /// Ids of the suppressions that kept a rule from changing the text.
    pub fn suppressed(&self) -> &[usize] {
        match self {
            Found::Changes(cleaned) => &cleaned.suppressed,
            Found::Counts { suppressed, .. } => suppressed,
        }
    }
}

/// What became of one line of the stream.
#[derive(Debug, Clone)]
pub struct RecordOutcome {
    /// Line number, from 1.
    pub number: usize,
    /// The line as read, with its line break (bytes: a line that is not UTF-8 passes through as
    /// it was).
    pub input: Vec<u8>,
    /// The line to write instead of the input; `None` when it is written as it was read.
    pub output: Option<String>,
    /// The cleaned record; `None` for a blank line, an error for a line that is not a record.
    pub result: Option<Result<CleanedRecord, RecordError>>,
}

impl RecordOutcome {
    /// The bytes to write for this line.
    pub fn written(&self) -> &[u8] {
        self.output.as_deref().map_or(&self.input, str::as_bytes)
    }
}

/// Totals of a [`Stream::copy`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Records cleaned.
    pub records: usize,
    /// Records whose text changed.
    pub changed: usize,
    /// Lines passed through because they were not records with the field.
    pub unparsed: usize,
}

/// A stream that could not be read to its end: the lines before `line` were all passed to the
/// caller.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct StreamError {
    /// The line that could not be read, from 1.
    pub line: usize,
    /// Why.
    pub error: std::io::Error,
}

impl From<StreamError> for std::io::Error {
    fn from(e: StreamError) -> std::io::Error {
        std::io::Error::new(e.error.kind(), e)
    }
}

impl<'a> Stream<'a> {
    /// A stream cleaning `field` with the pipeline's own settings.
    pub fn new(pipeline: &'a Pipeline, field: &'a str) -> Stream<'a> {
        Stream {
            pipeline,
            field,
            annotate: None,
            context: pipeline.context(),
            limits: Limits::default(),
            counting: false,
        }
    }

    /// Counts each record's changes rather than listing them ([`Found::Counts`]), unless the
    /// records are annotated (an [`Annotation`] names the text each removal took out): a large
    /// record's changes are hundreds of thousands, and their records were most of the memory
    /// its cleaning held.
    pub fn counting(mut self, yes: bool) -> Self {
        self.counting = yes;
        self
    }

    /// Adds an [`Annotation`] field named `name` to every record.
    pub fn annotate(mut self, name: Option<&'a str>) -> Self {
        self.annotate = name;
        self
    }

    /// Cleans with this selection and these suppressions, and with the context's batch when it
    /// has one (the corpus's evidence, from [`Stream::gather`]); otherwise each chunk is its own
    /// batch.
    pub fn context(mut self, context: Context<'a>) -> Self {
        self.context = context;
        self
    }

    /// Refuses a line (a record) longer than `limits.line` bytes, which would have to be held
    /// whole.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The first pass of a two-pass run: adds the evidence of every record's text to `evidence`,
    /// a chunk at a time, so memory holds one chunk whatever the size of the corpus. Lines that
    /// are not records are skipped here (the cleaning pass reports them).
    ///
    /// ```
    /// use ocrclean::Pipeline;
    /// use ocrclean::batch::Evidence;
    /// use ocrclean::jsonl::Stream;
    ///
    /// let pipeline = Pipeline::default();
    /// let input = "{\"text\":\"Jinping spoke.\"}\n{\"text\":\"Xi Jin-\\nping spoke.\"}\n";
    /// let stream = Stream::new(&pipeline, "text");
    /// let mut evidence = Evidence::default();
    /// stream.gather(input.as_bytes(), &mut evidence).unwrap();
    /// let batch = evidence.finish();
    /// let stream = stream.context(ocrclean::Context { batch: Some(&batch), ..pipeline.context() });
    /// let mut output = Vec::new();
    /// stream.copy(input.as_bytes(), &mut output).unwrap();
    /// assert!(String::from_utf8(output).unwrap().ends_with("Xi Jinping\\nspoke.\"}\n"));
    /// ```
    pub fn gather(
        &self,
        mut reader: impl BufRead,
        evidence: &mut Evidence,
    ) -> Result<(), StreamError> {
        let mut first = 1;
        loop {
            let (chunk, failed) = read_chunk(&mut reader, self.limits.document);
            let n = chunk.len();
            let texts: Vec<String> = chunk
                .par_iter()
                .filter_map(|line| {
                    let line = std::str::from_utf8(line).ok()?;
                    Record::parse(line.trim_end_matches(['\n', '\r']), self.field)
                        .ok()
                        .map(|r| r.text)
                })
                .collect();
            self.pipeline.gather_more(evidence, &texts);
            if let Some(error) = failed {
                return Err(StreamError {
                    line: first + n,
                    error,
                });
            }
            if n == 0 {
                return Ok(());
            }
            first += n;
        }
    }

    /// Reads every line, calling `each` in input order. A line that cannot be read (a read or
    /// decompression error, a line over the limit) ends the stream with an error naming it, after
    /// every line before it was passed on; an error from `each` ends it as it is.
    pub fn run<E: From<StreamError>>(
        &self,
        mut reader: impl BufRead,
        mut each: impl FnMut(RecordOutcome) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut first = 1;
        loop {
            let (chunk, failed) = read_chunk(&mut reader, self.limits.line);
            let n = chunk.len();
            if n > 0 {
                for outcome in self.chunk(first, chunk) {
                    each(outcome)?;
                }
            }
            if let Some(error) = failed {
                return Err(StreamError {
                    line: first + n,
                    error,
                }
                .into());
            }
            if n == 0 {
                return Ok(());
            }
            first += n;
        }
    }

    /// Cleans `reader` into `writer`.
    pub fn copy(&self, reader: impl BufRead, mut writer: impl Write) -> std::io::Result<Counts> {
        let mut counts = Counts::default();
        // Only whether each record changed is wanted here.
        let counting = Stream {
            counting: true,
            ..*self
        };
        counting.run(reader, |o| {
            match &o.result {
                Some(Ok(r)) => {
                    counts.records += 1;
                    counts.changed += usize::from(r.found.changed());
                }
                Some(Err(_)) => counts.unparsed += 1,
                None => {}
            }
            writer.write_all(o.written())
        })?;
        writer.flush()?;
        Ok(counts)
    }

    fn chunk(&self, first: usize, chunk: Vec<Vec<u8>>) -> Vec<RecordOutcome> {
        let records: Vec<Option<Result<Record, RecordError>>> = chunk
            .par_iter()
            .map(|line| {
                let line = match std::str::from_utf8(line) {
                    Ok(l) => l,
                    Err(e) => return Some(Err(RecordError::NotUtf8(e.valid_up_to()))),
                };
                let body = line.trim_end_matches(['\n', '\r']);
                (!body.trim().is_empty())
                    .then(|| Record::parse_annotated(body, self.field, self.annotate))
            })
            .collect();
        let texts: Vec<&str> = records
            .iter()
            .filter_map(|r| r.as_ref().and_then(|r| r.as_ref().ok()))
            .map(|r| r.text.as_str())
            .collect();
        let own;
        let batch = match self.context.batch {
            Some(corpus) => corpus,
            None => {
                own = self.pipeline.gather(&texts);
                &own
            }
        };
        let ctx = Context {
            batch: Some(batch),
            ..self.context
        };
        let outcomes: Vec<RecordOutcome> = records
            .into_par_iter()
            .zip(chunk.par_iter())
            .enumerate()
            .map(|(i, (record, line))| self.record(first + i, line.clone(), record, &ctx))
            .collect();
        outcomes
    }

    fn record(
        &self,
        number: usize,
        line: Vec<u8>,
        record: Option<Result<Record, RecordError>>,
        ctx: &Context,
    ) -> RecordOutcome {
        let (output, result) = match record {
            None => (None, None),
            Some(Err(e)) => (None, Some(Err(e))),
            Some(Ok(record)) => {
                // The line break after the record's body (a parsed line is UTF-8).
                let ending = std::str::from_utf8(&line[record.line.len()..]).unwrap_or("\n");
                let (output, found) = if self.counting && self.annotate.is_none() {
                    let counted = self.pipeline.count_with(&record.text, ctx);
                    let output = counted
                        .changed
                        .then(|| record.with_text(&counted.text, None) + ending);
                    let found = Found::Counts {
                        counts: counted.counts,
                        changed: counted.changed,
                        suppressed: counted.suppressed,
                    };
                    (output, found)
                } else {
                    let cleaned = self.pipeline.clean_with(&record.text, ctx).into_owned();
                    let annotation = self
                        .annotate
                        .map(|name| (name, Annotation::of(&cleaned).to_json()));
                    let output = (cleaned.changed() || annotation.is_some()).then(|| {
                        let annotation = annotation.as_ref().map(|(n, j)| (*n, j.as_str()));
                        record.with_text(&cleaned.text, annotation) + ending
                    });
                    (output, Found::Changes(cleaned))
                };
                let result = CleanedRecord {
                    text: record.text,
                    id: record.id,
                    found,
                };
                (output, Some(Ok(result)))
            }
        };
        RecordOutcome {
            number,
            input: line,
            output,
            result,
        }
    }
}

/// Up to a chunk of lines, each with its line break, and the error that stopped the reading if
/// one did.
fn read_chunk(reader: &mut impl BufRead, limit: u64) -> (Vec<Vec<u8>>, Option<std::io::Error>) {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    while chunk.len() < CHUNK_RECORDS && bytes < CHUNK_BYTES {
        let mut line = Vec::new();
        match read_line_capped(reader, &mut line, limit) {
            Ok(0) => break,
            Ok(n) => {
                bytes += n;
                chunk.push(line);
            }
            Err(e) => return (chunk, Some(e)),
        }
    }
    (chunk, None)
}

/// Reads one line (with its `\n`) into `line`, refusing one longer than `limit` bytes before
/// holding it whole.
fn read_line_capped(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<usize> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(line.len());
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if line.len() + take > limit.saturating_add(1) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a line longer than {limit} bytes, the most one line may hold; raise \
                     `max-line-length` (--max-line-length) to clean it"
                ),
            ));
        }
        line.extend_from_slice(&available[..take]);
        reader.consume(take);
        if done {
            return Ok(line.len());
        }
    }
}

/// How a corpus file is compressed, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain text.
    None,
    /// `.gz`
    Gzip,
    /// `.zst`
    Zstd,
}

impl Compression {
    /// From the file name.
    pub fn of(path: &Path) -> Compression {
        match path.extension().and_then(|e| e.to_str()) {
            Some("gz") => Compression::Gzip,
            Some("zst" | "zstd") => Compression::Zstd,
            _ => Compression::None,
        }
    }

    /// A buffered reader that decompresses.
    pub fn reader<'r>(self, inner: impl Read + 'r) -> std::io::Result<Box<dyn BufRead + 'r>> {
        Ok(match self {
            Compression::None => Box::new(BufReader::with_capacity(1 << 16, inner)),
            Compression::Gzip => Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(inner),
            )),
            Compression::Zstd => Box::new(BufReader::with_capacity(
                1 << 16,
                zstd::stream::read::Decoder::new(inner)?,
            )),
        })
    }

    /// A writer that compresses; call [`finish`] on it when done.
    pub fn writer<'w>(self, inner: impl Write + 'w) -> std::io::Result<CorpusWriter<'w>> {
        Ok(match self {
            Compression::None => CorpusWriter::Plain(Box::new(std::io::BufWriter::new(inner))),
            Compression::Gzip => CorpusWriter::Gzip(flate2::write::GzEncoder::new(
                Box::new(inner),
                flate2::Compression::default(),
            )),
            Compression::Zstd => {
                let inner: Box<dyn Write + 'w> = Box::new(inner);
                CorpusWriter::Zstd(zstd::stream::write::Encoder::new(inner, 3)?)
            }
        })
    }
}

/// A corpus output, compressed as its input was.
pub enum CorpusWriter<'w> {
    /// Plain.
    Plain(Box<dyn Write + 'w>),
    /// gzip.
    Gzip(flate2::write::GzEncoder<Box<dyn Write + 'w>>),
    /// zstd.
    Zstd(zstd::stream::write::Encoder<'static, Box<dyn Write + 'w>>),
}

impl Write for CorpusWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            CorpusWriter::Plain(w) => w.write(buf),
            CorpusWriter::Gzip(w) => w.write(buf),
            CorpusWriter::Zstd(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            CorpusWriter::Plain(w) => w.flush(),
            CorpusWriter::Gzip(w) => w.flush(),
            CorpusWriter::Zstd(w) => w.flush(),
        }
    }
}

/// Ends the compressed stream (writes its trailer) and flushes.
pub fn finish(writer: CorpusWriter) -> std::io::Result<()> {
    match writer {
        CorpusWriter::Plain(mut w) => w.flush(),
        CorpusWriter::Gzip(w) => w.finish()?.flush(),
        CorpusWriter::Zstd(w) => w.finish()?.flush(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_the_text_and_keeps_everything_else() {
        let line = r#"{"meta":{"a":[1,2.50]},"text":"caf\u00e9  x","id":"d1","z":null}"#;
        let r = Record::parse(line, "text").unwrap();
        assert_eq!(r.text, "café  x");
        assert_eq!(r.id.as_deref(), Some("\"d1\""));
        assert_eq!(
            r.with_text("café x", None),
            r#"{"meta":{"a":[1,2.50]},"text":"café x","id":"d1","z":null}"#
        );
    }

    #[test]
    fn adds_or_replaces_the_annotation() {
        let r = Record::parse_annotated(r#"{"text":"a"}"#, "text", Some("oc")).unwrap();
        assert_eq!(
            r.with_text("b", Some(("oc", "{}"))),
            r#"{"text":"b","oc":{}}"#
        );
        let r =
            Record::parse_annotated(r#"{"text":"a","oc":{"x":1}}"#, "text", Some("oc")).unwrap();
        assert_eq!(
            r.with_text("b", Some(("oc", "{}"))),
            r#"{"text":"b","oc":{}}"#
        );
    }

    #[test]
    fn bad_records() {
        assert!(matches!(
            Record::parse("{", "text"),
            Err(RecordError::NotJson(_))
        ));
        assert!(matches!(
            Record::parse("[1]", "text"),
            Err(RecordError::NotJson(_))
        ));
        assert_eq!(
            Record::parse(r#"{"body":"x"}"#, "text"),
            Err(RecordError::MissingField("text".into()))
        );
        assert_eq!(
            Record::parse(r#"{"text":3}"#, "text"),
            Err(RecordError::NotText("text".into()))
        );
    }

    /// A stream that counts gives the output and the counts of one that lists every change,
    /// without holding the changes' records: a report naming no change (the filter, `--check`)
    /// held them all for a large record.
    #[test]
    fn a_counting_stream_holds_none_of_a_records_changes() {
        let text = crate::peak_alloc::wrapped_prose(2 << 20);
        let corpus = format!("{}\n", serde_json::json!({ "id": 1, "text": text }));
        let pipeline = Pipeline::default();
        // One thread, so that the counting allocator sees all the work (it counts per thread).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let run = |counting: bool| {
            pool.install(|| {
                crate::peak_alloc::peak_during(|| {
                    let mut found = Vec::new();
                    Stream::new(&pipeline, "text")
                        .counting(counting)
                        .run(corpus.as_bytes(), |o| {
                            found.push((o.written().to_vec(), o.result.map(|r| r.unwrap().found)));
                            Ok::<_, StreamError>(())
                        })
                        .unwrap();
                    found.pop().unwrap()
                })
            })
        };
        let ((listed_line, listed), listing) = run(false);
        let ((counted_line, counted), counting) = run(true);
        let (Some(Found::Changes(cleaned)), Some(counted)) = (listed, counted) else {
            panic!("a record, listed then counted");
        };
        assert!(matches!(counted, Found::Counts { .. }));
        assert_eq!(counted_line, listed_line);
        assert_eq!(counted.counts(), edit::Counts::of(&cleaned.changes));
        assert!(counted.changed());
        let records = cleaned.changes.len() * size_of::<edit::Change>();
        assert!(
            counting + records < listing,
            "counting held {counting} bytes at the peak, listing {listing} ({records} of records)"
        );
    }

    #[test]
    fn compression_round_trip() {
        for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
            let mut buf = Vec::new();
            let mut w = c.writer(&mut buf).unwrap();
            w.write_all(b"{\"text\":\"x\"}\n").unwrap();
            finish(w).unwrap();
            let mut back = String::new();
            c.reader(&buf[..])
                .unwrap()
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, "{\"text\":\"x\"}\n");
        }
    }
}
