//! `ocrclean clean`: read every document, gather batch evidence, clean in parallel, report in
//! input order.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use ocrclean::batch::Evidence;
use ocrclean::edit::Counts;
use ocrclean::input::{self, Document, InputError, Source};
use ocrclean::{Batch, Cleaned};
use rayon::prelude::*;

use super::atomic::{self, Snapshot};
use super::guard::{self, Inputs};
use super::report::{Tally, progress};
use super::run::{Action, ReviewPart, Run};
use super::{CleanArgs, Format};

/// Documents larger than this have their `--diff` or JSON report written as it is made, on
/// the thread that writes stdout, rather than held whole. A JSON report is about eight times
/// its document (a record every few dozen bytes): a 4 MB document's, held whole, was 34 MB.
const STREAMED_REPORT: usize = 1 << 20;

/// What a document puts on stdout.
enum Output<'t> {
    /// A report rendered on the worker (or nothing).
    Rendered(String),
    /// The cleaned text itself (the filter), not copied.
    Text(Cow<'t, str>),
    /// A large document's report, rendered as it is written.
    Streamed {
        name: String,
        original: &'t str,
        cleaned: Cleaned<'t>,
    },
}

impl Default for Output<'_> {
    fn default() -> Self {
        Output::Rendered(String::new())
    }
}

/// What one document produced.
#[derive(Default)]
struct Outcome<'t> {
    stdout: Output<'t>,
    tally: Tally,
    /// For stderr: an error, a skipped file, or what `-v` says.
    message: Option<String>,
    /// Suppressions that kept a rule off this document.
    suppressed: Vec<usize>,
    review: Option<ReviewPart>,
}

impl Outcome<'_> {
    /// A document that could not be read or written.
    fn failed(message: String) -> Self {
        Outcome {
            tally: Tally {
                failed: 1,
                ..Tally::default()
            },
            message: Some(format!("ocrclean: error: {message}")),
            ..Outcome::default()
        }
    }

    /// A document that could not be read: a binary file found in a folder is skipped with a
    /// note; anything else, or a file asked for by name, fails.
    fn unreadable(source: &Source, error: &InputError) -> Self {
        let found_in_folder = matches!(source, Source::File { path, root } if path != root);
        if error.is_binary() && found_in_folder {
            return Outcome {
                tally: Tally {
                    binary: 1,
                    ..Tally::default()
                },
                message: Some(format!("ocrclean: note: {error}")),
                ..Outcome::default()
            };
        }
        Outcome::failed(error.to_string())
    }
}

pub fn run(args: CleanArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let settings = super::settings::clean_settings(&args)?;
    let globs = match (&args.glob[..], args.jsonl) {
        ([], false) => vec!["*.txt".to_string()],
        ([], true) => ["*.jsonl", "*.jsonl.gz", "*.jsonl.zst"]
            .map(String::from)
            .to_vec(),
        (given, _) => given.to_vec(),
    };
    let out_dir = args.mode.out_dir.as_deref();
    let found = input::expand_except(&args.paths, &globs, args.mode.out_dir.as_slice());
    let sources = &found.sources;
    if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        anyhow::bail!("`-` (stdin) given more than once");
    }
    let run = Run::new(
        &args,
        &settings,
        sources,
        sources.len() + found.errors.len(),
    )?;
    let inputs = Inputs::new(sources);
    let targets = match out_dir {
        Some(dir) => out_paths(dir, sources, &inputs)?,
        None => HashMap::new(),
    };
    if let Some(page) = &args.report {
        guard::check_report(page, &inputs, out_dir, args.overwrite_report)?;
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    for e in &found.errors {
        eprintln!("ocrclean: error: {e}");
    }
    for dir in &found.empty {
        eprintln!(
            "ocrclean: warning: {}: no files match {} (--glob chooses others)",
            dir.display(),
            globs.join(", ")
        );
    }
    let mut tally = Tally {
        failed: found.errors.len(),
        ..Tally::default()
    };
    if args.jsonl {
        return pool.install(|| super::corpus::run(&run, sources, &targets, tally, started));
    }
    let used = clean_files(&run, &pool, sources, &targets, &mut tally)?;
    let mut out = std::io::stdout().lock();
    run.finish(&mut out, &tally, "file", started, &used)?;
    Ok(run.exit(&tally))
}

/// Cleans every file a window at a time, writing reports in input order; returns the
/// suppressions that were used.
fn clean_files(
    run: &Run,
    pool: &rayon::ThreadPool,
    sources: &[Source],
    targets: &HashMap<Source, PathBuf>,
    tally: &mut Tally,
) -> anyhow::Result<Vec<usize>> {
    let bar = progress(sources.len() as u64, run.args.quiet, "files");
    let windows = windows(sources);
    let read = |s: &Source| read(run, s);
    // One window: read once. More: read once for the batch's evidence, then again to clean, a
    // window at a time, so memory holds one window's texts rather than the whole batch. What
    // cannot be read twice (stdin, a FIFO) is kept from the first pass.
    let mut first: Option<Vec<Result<Document, InputError>>> = None;
    let mut kept: HashMap<usize, Result<Document, InputError>> = HashMap::new();
    let batch = pool.install(|| {
        if windows.len() <= 1 {
            let texts: Vec<_> = sources.par_iter().map(read).collect();
            let batch = run.settings.pipeline.gather(&readable(&texts));
            first = Some(texts);
            batch
        } else {
            let mut evidence = Evidence::default();
            for w in &windows {
                let texts: Vec<_> = sources[w.clone()].par_iter().map(read).collect();
                run.settings
                    .pipeline
                    .gather_more(&mut evidence, &readable(&texts));
                for (i, t) in w.clone().zip(texts) {
                    if !rereadable(&sources[i]) {
                        kept.insert(i, t);
                    }
                }
            }
            evidence.finish()
        }
    });

    let mut used = Vec::new();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for w in windows {
        let texts: Vec<Result<Document, InputError>> = match first.take() {
            Some(texts) => texts,
            None => {
                let kept: Vec<_> = w.clone().map(|i| kept.remove(&i)).collect();
                pool.install(|| {
                    kept.into_par_iter()
                        .zip(w.clone().into_par_iter())
                        .map(|(k, i)| k.unwrap_or_else(|| read(&sources[i])))
                        .collect()
                })
            }
        };
        let outcomes: Vec<Outcome> = pool.install(|| {
            sources[w.clone()]
                .par_iter()
                .zip(texts.par_iter())
                .map(|(source, text)| {
                    let outcome = match text {
                        Err(e) => Outcome::unreadable(source, e),
                        Ok(doc) => clean_file(run, &batch, source, doc, targets.get(source)),
                    };
                    bar.inc(1);
                    outcome
                })
                .collect()
        });
        for o in outcomes {
            tally.merge(o.tally);
            used.extend(o.suppressed);
            if let Some(r) = &run.review {
                r.keep(o.review);
            }
            if let Some(m) = o.message {
                // What stdout has so far comes first, so the two streams keep their order.
                out.flush().context("writing to stdout")?;
                bar.suspend(|| eprintln!("{m}"));
            }
            let written = match o.stdout {
                Output::Rendered(s) => out.write_all(s.as_bytes()),
                Output::Text(t) => out.write_all(t.as_bytes()),
                Output::Streamed {
                    name,
                    original,
                    cleaned,
                } => run.write_report(&mut out, &name, original, &cleaned),
            };
            written.context("writing to stdout")?;
        }
    }
    bar.finish_and_clear();
    out.flush().context("writing to stdout")?;
    Ok(used)
}

/// The texts that could be read.
fn readable(texts: &[Result<Document, InputError>]) -> Vec<&str> {
    texts
        .iter()
        .filter_map(|t| t.as_ref().ok())
        .map(|d| d.text.as_str())
        .collect()
}

/// Whether a second read gives the same text: a regular file does, stdin and a FIFO do not.
pub(super) fn rereadable(source: &Source) -> bool {
    source
        .path()
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.is_file())
}

/// Reads one document. `--write` never opens what it could not replace: a FIFO would block, a
/// device never end.
fn read(run: &Run, source: &Source) -> Result<Document, InputError> {
    if let (Action::Write, Some(path)) = (run.action, source.path())
        && let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(InputError::NotRegular {
            source_name: source.to_string(),
            kind: atomic::kind_of(&meta),
        });
    }
    input::read_document(source, run.limits())
}

/// Input cleaned at a time in folder mode, in bytes (by file size) and in files.
const WINDOW_BYTES: u64 = 64 << 20;
const WINDOW_FILES: usize = 2048;

/// Consecutive runs of `sources` of about [`WINDOW_BYTES`] (a larger file is a window of its
/// own) and at most [`WINDOW_FILES`] files. Sizes come from file metadata; a file that cannot be
/// measured counts as empty here and reports its error when read.
fn windows(sources: &[Source]) -> Vec<std::ops::Range<usize>> {
    // `OCRCLEAN_WINDOW_BYTES` sets the window's size, so tests can see windows on small inputs.
    let window_bytes = std::env::var("OCRCLEAN_WINDOW_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(WINDOW_BYTES);
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, s) in sources.iter().enumerate() {
        let size = s
            .path()
            .and_then(|p| std::fs::metadata(p).ok())
            .map_or(0, |m| m.len());
        if i > start && (bytes + size > window_bytes || i - start >= WINDOW_FILES) {
            out.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    if start < sources.len() {
        out.push(start..sources.len());
    }
    out
}

fn clean_file<'t>(
    run: &Run,
    batch: &Batch,
    source: &Source,
    doc: &'t Document,
    target: Option<&PathBuf>,
) -> Outcome<'t> {
    let text = doc.text.as_str();
    let suppressions = run.settings.suppressions_for(source.path());
    let ctx = run.context(source, batch, &suppressions);
    let name = source.to_string();
    if !run.lists_changes() {
        let counted = run.settings.pipeline.count_with(text, &ctx);
        return counted_file(run, source, doc, counted, name, target);
    }
    let mut cleaned = run.settings.pipeline.clean_with(text, &ctx);
    if let Err(e) = write(run, source, doc, &cleaned.text, cleaned.changed(), target) {
        return Outcome::failed(format!("{name}: {}", super::message(&e)));
    }
    let mut tally = Tally::default();
    tally.add(text.len(), cleaned.changed(), &Counts::of(&cleaned.changes));
    let message = run.note(&name, &cleaned);
    let review = run.section(&name, text, &cleaned);
    let suppressed = std::mem::take(&mut cleaned.suppressed);
    let stdout = match (run.args.format, run.action, source) {
        (Format::Text, Action::Print, _) => Output::Text(cleaned.text),
        // `--write -`: there is no file to write, so the result goes to stdout.
        (Format::Text, Action::Write, Source::Stdin) => Output::Text(cleaned.text),
        _ if text.len() > STREAMED_REPORT => Output::Streamed {
            name,
            original: text,
            cleaned,
        },
        _ => Output::Rendered(run.render(&name, text, &cleaned)),
    };
    Outcome {
        stdout,
        tally,
        message,
        review,
        suppressed,
    }
}

/// [`clean_file`] for a report that only counts the changes.
fn counted_file<'t>(
    run: &Run,
    source: &Source,
    doc: &'t Document,
    counted: ocrclean::Counted<'t>,
    name: String,
    target: Option<&PathBuf>,
) -> Outcome<'t> {
    if let Err(e) = write(run, source, doc, &counted.text, counted.changed, target) {
        return Outcome::failed(format!("{name}: {}", super::message(&e)));
    }
    let mut tally = Tally::default();
    tally.add(doc.text.len(), counted.changed, &counted.counts);
    let stdout = match (run.args.format, run.action, source) {
        (Format::Text, Action::Print, _) => Output::Text(counted.text),
        // `--write -`: there is no file to write, so the result goes to stdout.
        (Format::Text, Action::Write, Source::Stdin) => Output::Text(counted.text),
        _ => Output::Rendered(run.count_line(&name, counted.changed, &counted.counts)),
    };
    Outcome {
        stdout,
        tally,
        message: None,
        review: None,
        suppressed: counted.suppressed,
    }
}

/// Writes the cleaned `text` where the mode wants it: over the file (`--write`, only when it
/// `changed` and only if the file is as it was read), or as a copy (`--out-dir`).
fn write(
    run: &Run,
    source: &Source,
    doc: &Document,
    text: &str,
    changed: bool,
    target: Option<&PathBuf>,
) -> anyhow::Result<()> {
    match (run.action, source, &doc.metadata) {
        (Action::Write, Source::File { path, .. }, Some(meta)) if changed => {
            atomic::replace(path, text.as_bytes(), Snapshot::of(meta), run.consent())
        }
        (Action::OutDir, _, _) => target.map_or(Ok(()), |t| {
            atomic::write_copy(t, text.as_bytes(), source.path())
        }),
        _ => Ok(()),
    }
}

/// Where each document's copy goes under `--out-dir`; a copy that would land on an input, two
/// inputs that would land on the same path, and stdin are errors.
fn out_paths(
    dir: &Path,
    sources: &[Source],
    inputs: &Inputs,
) -> anyhow::Result<HashMap<Source, PathBuf>> {
    let mut targets = HashMap::new();
    let mut seen: HashMap<PathBuf, &Source> = HashMap::new();
    let mut resolver = guard::Resolver::default();
    for s in sources {
        if *s == Source::Stdin {
            anyhow::bail!("--out-dir needs files or folders, not `-` (stdin)");
        }
        let target = dir.join(s.relative());
        let resolved = resolver.resolve(&target);
        if inputs.holds(&resolved) {
            anyhow::bail!(
                "--out-dir would write the copy of {s} over an input ({}); choose a folder \
                 outside the inputs",
                target.display()
            );
        }
        if let Some(other) = seen.insert(resolved, s) {
            anyhow::bail!(
                "{other} and {s} would both be written to {}; give them separately",
                target.display()
            );
        }
        targets.insert(s.clone(), target);
    }
    Ok(targets)
}
