//! `ocrclean clean --jsonl`: JSON Lines corpora, streamed in chunks of records that are cleaned
//! in parallel and written in input order, so memory stays bounded whatever the file size. Files
//! are read twice: once for the evidence of the whole corpus, then to clean.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use ocrclean::batch::Evidence;
use ocrclean::input::Source;
use ocrclean::jsonl::{self, Compression, CorpusWriter, Found, Stream};
use ocrclean::output;
use ocrclean::{Batch, Context};

use super::Format;
use super::atomic::{Pending, Snapshot, copy_permissions};
use super::clean::rereadable;
use super::report::{Tally, progress};
use super::run::{Action, Run};

pub(super) fn run(
    run: &Run,
    sources: &[Source],
    targets: &HashMap<Source, PathBuf>,
    mut tally: Tally,
    started: Instant,
) -> anyhow::Result<ExitCode> {
    let mut used = Vec::new();
    let batch = gather(run, sources);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for source in sources {
        let batch = batch.as_ref().filter(|_| rereadable(source));
        let mut file = Tally::default();
        match corpus(
            run,
            source,
            batch,
            targets.get(source),
            &mut file,
            &mut used,
            &mut out,
        ) {
            Ok(()) => tally.merge(file),
            Err(e) if super::broken_pipe(&e) => return Err(e),
            Err(e) => {
                // Nothing of the file was written: count its records as seen, none as changed.
                let written = run.action != Action::Write && run.action != Action::OutDir;
                tally.merge(Tally {
                    changed: if written { file.changed } else { 0 },
                    failed: file.failed.max(1),
                    ..file
                });
                let left = if written {
                    ""
                } else {
                    "; the file is left as it was"
                };
                eprintln!("ocrclean: error: {}{left}", super::message(&e));
            }
        }
    }
    run.finish(&mut out, &tally, "record", started, &used)?;
    Ok(run.exit(&tally))
}

/// The first pass: the evidence of every record of every file, gathered before any is cleaned,
/// so that the corpus is one batch however its records are split into files and chunks (the
/// engines' gather, merge, clean). `None` without regular files: standard input or a FIFO cannot
/// be read twice, so its chunks are their own batches.
fn gather(run: &Run, sources: &[Source]) -> Option<Batch> {
    let files: Vec<&Path> = sources
        .iter()
        .filter(|s| rereadable(s))
        .filter_map(Source::path)
        .collect();
    if files.is_empty() {
        return None;
    }
    let size = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress(size, run.args.quiet || size < (8 << 20), "bytes");
    let stream = Stream::new(&run.settings.pipeline, &run.args.field).limits(run.limits());
    let mut evidence = Evidence::default();
    for path in files {
        // A file that cannot be read is reported when it is cleaned.
        let reader = std::fs::File::open(path).and_then(|f| Compression::of(path).reader(f));
        if let Ok(reader) = reader {
            let counted = CountingReader {
                inner: reader,
                bar: &bar,
            };
            let _ = stream.gather(counted, &mut evidence);
        }
    }
    bar.finish_and_clear();
    Some(evidence.finish())
}

/// Advances a progress bar by the bytes read through it.
struct CountingReader<'b, R> {
    inner: R,
    bar: &'b indicatif::ProgressBar,
}

impl<R: std::io::Read> std::io::Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CountingReader<'_, R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        self.bar.inc(n as u64);
        self.inner.consume(n);
    }
}

/// Where cleaned records go.
enum Sink {
    None,
    Stdout(CorpusWriter<'static>),
    File {
        writer: CorpusWriter<'static>,
        pending: Pending,
        /// Replacing the input (`--write`), not writing a copy.
        replace: bool,
    },
}

fn sink(
    run: &Run,
    source: &Source,
    target: Option<&PathBuf>,
    read: Option<Snapshot>,
) -> anyhow::Result<Sink> {
    let stdout = || Compression::None.writer(std::io::stdout());
    Ok(match (run.action, source, target, read) {
        (Action::Print, ..) | (Action::Write, Source::Stdin, ..)
            if run.args.format == Format::Text =>
        {
            Sink::Stdout(stdout()?)
        }
        (Action::Write, Source::File { path, .. }, _, Some(read)) => {
            let mut pending = Pending::replace(path, read, run.consent())?;
            let file = pending.file().try_clone()?;
            Sink::File {
                writer: Compression::of(path).writer(file)?,
                pending,
                replace: true,
            }
        }
        (Action::OutDir, _, Some(target), _) => {
            let mut pending = Pending::create(target, copy_permissions(source.path()))?;
            let file = pending.file().try_clone()?;
            Sink::File {
                writer: Compression::of(target).writer(file)?,
                pending,
                replace: false,
            }
        }
        _ => Sink::None,
    })
}

/// Cleans one corpus file; an error names it (and the line, when it is about one).
fn corpus(
    run: &Run,
    source: &Source,
    batch: Option<&Batch>,
    target: Option<&PathBuf>,
    tally: &mut Tally,
    used: &mut Vec<usize>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let name = source.to_string();
    let (reader, size, read) = open(run, source)?;
    let bar = progress(size, run.args.quiet || size < (8 << 20), "bytes");
    let mut sink = sink(run, source, target, read).with_context(|| name.clone())?;
    let suppressions = run.settings.suppressions_for(source.path());
    let placeholder = Batch::default();
    let context = Context {
        batch,
        ..run.context(source, &placeholder, &suppressions)
    };
    let stream = Stream::new(&run.settings.pipeline, &run.args.field)
        .annotate(run.args.annotate.as_deref())
        .context(context)
        .limits(run.limits())
        .counting(!run.lists_changes());
    let mut rewritten = false;
    let mut strict_failure = false;
    let result: anyhow::Result<()> = stream.run(reader, |o| {
        bar.inc(o.input.len() as u64);
        rewritten |= o.output.is_some();
        match &mut sink {
            Sink::Stdout(w) | Sink::File { writer: w, .. } => w
                .write_all(o.written())
                .context("writing the cleaned records")?,
            Sink::None => {}
        }
        let record = match o.result {
            None => return Ok(()),
            Some(Err(e)) => {
                tally.skipped += 1;
                let at = format!("{name}:{}: {e}", o.number);
                if run.args.strict {
                    strict_failure = true;
                    eprintln!("ocrclean: error: {at}");
                } else {
                    eprintln!("ocrclean: warning: {at} (passed through unchanged)");
                }
                return Ok(());
            }
            Some(Ok(r)) => r,
        };
        let (changed, counts) = (record.found.changed(), record.found.counts());
        tally.add(record.text.len(), changed, &counts);
        used.extend(record.found.suppressed().iter().copied());
        let at = format!("{name}:{}", o.number);
        let report = match (&record.found, run.args.format) {
            (Found::Counts { .. }, _) => run.count_line(&at, changed, &counts),
            (Found::Changes(cleaned), Format::Json) => {
                run.review(&at, &record.text, cleaned);
                output::json::keyed_records(&name, Some(o.number), record.id.as_deref(), cleaned)
            }
            (Found::Changes(cleaned), Format::Text) => {
                run.review(&at, &record.text, cleaned);
                run.render(&at, &record.text, cleaned)
            }
        };
        out.write_all(report.as_bytes())
            .context("writing to stdout")?;
        Ok(())
    });
    bar.finish_and_clear();
    result.map_err(|e| match e.downcast::<jsonl::StreamError>() {
        Ok(e) => anyhow::anyhow!("{name}:{}: cannot read: {}", e.line, e.error),
        Err(e) => e.context(name.clone()),
    })?;
    if strict_failure {
        tally.failed += 1;
        if matches!(run.action, Action::Write | Action::OutDir) {
            tally.changed = 0;
        }
    }
    finish(sink, strict_failure, rewritten).with_context(|| name.clone())
}

/// The file's records, its size and how it looked when opened. `--write` refuses, before opening
/// it, a file it could not replace.
fn open(run: &Run, source: &Source) -> anyhow::Result<(Box<dyn BufRead>, u64, Option<Snapshot>)> {
    let name = source.to_string();
    Ok(match source {
        Source::Stdin => (Compression::None.reader(std::io::stdin().lock())?, 0, None),
        Source::File { path, .. } => {
            let cannot_read = || format!("{name}: cannot read");
            let meta = std::fs::metadata(path).with_context(cannot_read)?;
            if run.action == Action::Write {
                super::atomic::check_replaceable(&meta, run.consent())
                    .with_context(|| name.clone())?;
            }
            let file = std::fs::File::open(path).with_context(cannot_read)?;
            let read = Snapshot::of(&file.metadata().with_context(cannot_read)?);
            (Compression::of(path).reader(file)?, meta.len(), Some(read))
        }
    })
}

/// Ends the output: `--write` replaces the file only when a record changed, and `--strict`
/// writes nothing after a bad record, so nothing is lost.
fn finish(sink: Sink, strict_failure: bool, rewritten: bool) -> anyhow::Result<()> {
    match sink {
        Sink::None => Ok(()),
        Sink::Stdout(w) => jsonl::finish(w).context("writing to stdout"),
        Sink::File {
            writer,
            pending,
            replace,
        } => {
            jsonl::finish(writer).context("writing the cleaned records")?;
            if !strict_failure && (rewritten || !replace) {
                pending.commit()?;
            }
            Ok(())
        }
    }
}
