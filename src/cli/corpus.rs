//! `ocrclean clean --jsonl`: JSON Lines corpora, streamed in chunks of records that are cleaned
//! in parallel and written in input order, so memory stays bounded whatever the file size.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use ocrclean::Batch;
use ocrclean::input::Source;
use ocrclean::jsonl::{self, Annotation, Compression, CorpusWriter, Record};
use ocrclean::output;
use rayon::prelude::*;

use super::Format;
use super::clean::{Action, Run, persist_beside, temp_beside, temp_for_copy};
use super::report::{Tally, progress};

/// Records per chunk, and bytes: whichever is reached first ends the chunk.
const CHUNK_RECORDS: usize = 2048;
const CHUNK_BYTES: usize = 16 << 20;

/// What one record produced.
struct Outcome {
    /// The line to write (the input line when the record could not be cleaned).
    line: String,
    report: String,
    tally: Tally,
    warning: Option<String>,
    suppressed: Vec<usize>,
    review: Option<super::clean::ReviewPart>,
}

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
    for source in sources {
        match corpus(run, source, targets.get(source), &mut tally, &mut used) {
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
            let (file, tmp) = temp_for_copy(target)?.into_parts();
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
    target: Option<&PathBuf>,
    tally: &mut Tally,
    used: &mut Vec<usize>,
) -> anyhow::Result<()> {
    let name = source.to_string();
    let mut reader: Box<dyn BufRead> = match source {
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
    let mut rewritten = false;
    let mut strict_failure = false;
    let mut first_line = 1;
    let stdout = std::io::stdout();
    loop {
        let chunk = read_chunk(&mut reader)
            .with_context(|| format!("reading record {first_line} (is it UTF-8 JSON Lines?)"))?;
        if chunk.is_empty() {
            break;
        }
        let (records, batch) = parse_chunk(run, &chunk);
        let outcomes: Vec<Outcome> = chunk
            .par_iter()
            .zip(records.par_iter())
            .enumerate()
            .map(|(i, (line, record))| {
                let ctx = run.context(source, &batch, &suppressions);
                clean_record(run, &name, first_line + i, line, record, &ctx)
            })
            .collect();
        let mut out = stdout.lock();
        for (o, line) in outcomes.into_iter().zip(&chunk) {
            tally.merge(o.tally);
            used.extend(o.suppressed);
            if let Some(r) = &run.review {
                r.keep(o.review);
            }
            if let Some(w) = o.warning {
                if run.args.strict {
                    strict_failure = true;
                    eprintln!("ocrclean: error: {w}");
                } else {
                    eprintln!("ocrclean: warning: {w} (passed through unchanged)");
                }
            }
            rewritten |= o.line != *line;
            match &mut sink {
                Sink::Stdout(w) | Sink::File { writer: w, .. } => {
                    w.write_all(o.line.as_bytes()).context("writing records")?
                }
                Sink::None => {}
            }
            out.write_all(o.report.as_bytes())
                .context("writing to stdout")?;
        }
        bar.inc(chunk.iter().map(|l| l.len() as u64).sum());
        first_line += chunk.len();
    }
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

/// Up to a chunk of lines, each with its line break.
fn read_chunk(reader: &mut dyn BufRead) -> std::io::Result<Vec<String>> {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    while chunk.len() < CHUNK_RECORDS && bytes < CHUNK_BYTES {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        bytes += line.len();
        chunk.push(line);
    }
    Ok(chunk)
}

type Parsed<'a> = Result<Record<'a>, jsonl::RecordError>;

/// Parses a chunk's records and gathers its batch evidence (the chunk is the batch: a stream
/// cannot be read twice).
fn parse_chunk<'c>(run: &Run, chunk: &'c [String]) -> (Vec<Option<Parsed<'c>>>, Batch) {
    let field = &run.args.field;
    let annotate = run.args.annotate.as_deref();
    let records: Vec<Option<Parsed>> = chunk
        .par_iter()
        .map(|line| {
            let body = line.trim_end_matches(['\n', '\r']);
            (!body.trim().is_empty()).then(|| Record::parse_annotated(body, field, annotate))
        })
        .collect();
    let texts: Vec<&str> = records
        .iter()
        .filter_map(|r| r.as_ref().and_then(|r| r.as_ref().ok()))
        .map(|r| r.text.as_str())
        .collect();
    let batch = Batch::gather(&texts);
    (records, batch)
}

fn clean_record(
    run: &Run,
    path: &str,
    number: usize,
    line: &str,
    record: &Option<Parsed>,
    ctx: &ocrclean::Context,
) -> Outcome {
    let unchanged = |warning: Option<String>, skipped| Outcome {
        line: line.to_string(),
        report: String::new(),
        tally: Tally {
            skipped,
            ..Tally::default()
        },
        warning,
        suppressed: Vec::new(),
        review: None,
    };
    let record = match record {
        None => return unchanged(None, 0),
        Some(Err(e)) => return unchanged(Some(format!("{path}:{number}: {e}")), 1),
        Some(Ok(r)) => r,
    };
    let cleaned = run.settings.pipeline.clean_with(&record.text, ctx);
    let mut tally = Tally::default();
    tally.add(record.text.len(), &cleaned);
    let ending = &line[record.line.len()..];
    let annotation = run
        .args
        .annotate
        .as_deref()
        .map(|name| (name, Annotation::of(&cleaned).to_json()));
    let out = if cleaned.changed() || annotation.is_some() {
        let annotation = annotation.as_ref().map(|(n, j)| (*n, j.as_str()));
        record.with_text(&cleaned.text, annotation) + ending
    } else {
        line.to_string()
    };
    let name = format!("{path}:{number}");
    let report = match run.args.format {
        Format::Json => {
            output::json::keyed_records(path, Some(number), record.id.as_deref(), &cleaned)
        }
        Format::Text => run.render(&name, &record.text, &cleaned),
    };
    Outcome {
        line: out,
        report,
        tally,
        warning: None,
        review: run.section(&name, &record.text, &cleaned),
        suppressed: cleaned.suppressed,
    }
}
