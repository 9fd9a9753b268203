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
use ocrclean::jsonl::{self, Compression, CorpusWriter, Stream};
use ocrclean::output;
use ocrclean::{Batch, Context};

use super::Format;
use super::clean::{Action, Run, persist_beside, temp_beside, temp_for_copy};
use super::report::{Tally, progress};

pub(super) fn run(
    run: &Run,
    sources: &[Source],
    targets: &HashMap<Source, PathBuf>,
    had_errors: bool,
    started: Instant,
) -> anyhow::Result<ExitCode> {
    let mut tally = Tally::default();
    let mut used = Vec::new();
    let mut failed = had_errors;
    let batch = gather(run, sources);
    for source in sources {
        let batch = batch.as_ref().filter(|_| *source != Source::Stdin);
        match corpus(
            run,
            source,
            batch,
            targets.get(source),
            &mut tally,
            &mut used,
        ) {
            Ok(()) => {}
            Err(e) => {
                failed = true;
                eprintln!("ocrclean: error: {source}: {e:#}");
            }
        }
    }
    run.finish(&tally, "records", started, &used)?;
    Ok(run.exit(&tally, failed))
}

/// The first pass: the evidence of every record of every file, gathered before any is cleaned,
/// so that the corpus is one batch however its records are split into files and chunks (the
/// engines' gather, merge, clean). `None` without files: standard input cannot be read twice, so
/// its chunks are their own batches.
fn gather(run: &Run, sources: &[Source]) -> Option<Batch> {
    let files: Vec<&Path> = sources.iter().filter_map(Source::path).collect();
    if files.is_empty() {
        return None;
    }
    let size = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let bar = progress(size, run.args.quiet || size < (8 << 20), "bytes");
    let stream = Stream::new(&run.settings.pipeline, &run.args.field);
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
        tmp: tempfile::TempPath,
        target: PathBuf,
        replace: bool,
    },
}

fn sink(run: &Run, source: &Source, target: Option<&PathBuf>) -> anyhow::Result<Sink> {
    let stdout = || Compression::None.writer(std::io::stdout());
    Ok(match (run.action, source, target) {
        (Action::Print, _, _) | (Action::Write, Source::Stdin, _)
            if run.args.format == Format::Text =>
        {
            Sink::Stdout(stdout()?)
        }
        (Action::Write, Source::File { path, .. }, _) => {
            let tmp = temp_beside(path)?;
            let (file, tmp) = tmp.into_parts();
            Sink::File {
                writer: Compression::of(path).writer(file)?,
                tmp,
                target: path.clone(),
                replace: true,
            }
        }
        (Action::OutDir, _, Some(target)) => {
            let (file, tmp) = temp_for_copy(target, source.path())?.into_parts();
            Sink::File {
                writer: Compression::of(target).writer(file)?,
                tmp,
                target: target.clone(),
                replace: false,
            }
        }
        _ => Sink::None,
    })
}

fn corpus(
    run: &Run,
    source: &Source,
    batch: Option<&Batch>,
    target: Option<&PathBuf>,
    tally: &mut Tally,
    used: &mut Vec<usize>,
) -> anyhow::Result<()> {
    let name = source.to_string();
    let reader: Box<dyn BufRead> = match source {
        Source::Stdin => Compression::None.reader(std::io::stdin().lock())?,
        Source::File { path, .. } => {
            let file = std::fs::File::open(path).context("cannot open")?;
            Compression::of(path).reader(file)?
        }
    };
    let size = source
        .path()
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    let bar = progress(size, run.args.quiet || size < (8 << 20), "bytes");
    let mut sink = sink(run, source, target)?;
    let suppressions = run.settings.suppressions_for(source.path());
    let placeholder = Batch::default();
    let context = Context {
        batch,
        ..run.context(source, &placeholder, &suppressions)
    };
    let stream = Stream::new(&run.settings.pipeline, &run.args.field)
        .annotate(run.args.annotate.as_deref())
        .context(context);
    let mut rewritten = false;
    let mut strict_failure = false;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    stream.run(reader, |o| {
        bar.inc(o.input.len() as u64);
        rewritten |= o.output != o.input;
        match &mut sink {
            Sink::Stdout(w) | Sink::File { writer: w, .. } => w.write_all(o.output.as_bytes())?,
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
        tally.add(record.text.len(), &record.cleaned);
        used.extend(record.cleaned.suppressed.iter().copied());
        run.review(
            &format!("{name}:{}", o.number),
            &record.text,
            &record.cleaned,
        );
        let report = match run.args.format {
            Format::Json => output::json::keyed_records(
                &name,
                Some(o.number),
                record.id.as_deref(),
                &record.cleaned,
            ),
            Format::Text => run.render(
                &format!("{name}:{}", o.number),
                &record.text,
                &record.cleaned,
            ),
        };
        out.write_all(report.as_bytes())
    })?;
    bar.finish_and_clear();
    if strict_failure {
        tally.failed += 1;
    }
    match sink {
        Sink::None => {}
        Sink::Stdout(w) => jsonl::finish(w).context("writing to stdout")?,
        Sink::File {
            writer,
            tmp,
            target,
            replace,
        } => {
            jsonl::finish(writer).context("writing records")?;
            // --write leaves a file alone unless a record changed; --strict writes nothing after a
            // bad record, so nothing is lost.
            if !strict_failure && (rewritten || !replace) {
                let tmp = tempfile::NamedTempFile::from_parts(std::fs::File::open(&tmp)?, tmp);
                if replace {
                    persist_beside(tmp, &target)?;
                } else {
                    tmp.persist(&target)
                        .with_context(|| format!("writing {}", target.display()))?;
                }
            }
        }
    }
    Ok(())
}
