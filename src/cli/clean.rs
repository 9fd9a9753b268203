//! `ocrclean clean`: read every document, gather batch evidence, clean in parallel, report in
//! input order.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use ocrclean::batch::Evidence;
use ocrclean::config::Settings;
use ocrclean::input::{self, InputError, Source};
use ocrclean::output::{self, Style};
use ocrclean::suppress::Suppression;
use ocrclean::{Batch, Cleaned, Context, Selection};
use rayon::prelude::*;

use super::report::{Tally, progress};
use super::review::Review;
use super::{CleanArgs, Color, EXIT_CHANGES, EXIT_CLEAN, EXIT_ERROR, Format};

/// What `clean` does with each result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    Print,
    Diff,
    Check,
    Write,
    OutDir,
}

/// Everything a run shares between its documents.
pub(super) struct Run<'a> {
    pub args: &'a CleanArgs,
    pub settings: &'a Settings,
    pub action: Action,
    pub style: Style,
    /// One selection per distinct set of matching per-path overrides (key 0: the pipeline's own).
    selections: HashMap<u64, Option<Selection>>,
    /// The `--report` page being gathered.
    pub review: Option<Review>,
}

impl Run<'_> {
    /// The context a document at `source` is cleaned in.
    pub fn context<'c>(
        &'c self,
        source: &Source,
        batch: &'c Batch,
        suppressions: &'c [Suppression],
    ) -> Context<'c> {
        let base = self.settings.pipeline.context();
        let mask = self.settings.override_mask(source.path());
        let selection = self
            .selections
            .get(&mask)
            .and_then(Option::as_ref)
            .unwrap_or(base.selection);
        Context {
            selection,
            batch: Some(batch),
            suppressions,
        }
    }

    /// The report for one document (or record) named `name`, as the mode and format want it.
    pub fn render(&self, name: &str, original: &str, cleaned: &Cleaned) -> String {
        let line = |s: Option<String>| s.map(|s| s + "\n").unwrap_or_default();
        match (self.args.format, self.action) {
            (Format::Json, _) => output::json::records(name, cleaned),
            (Format::Text, Action::Print) => String::new(),
            (Format::Text, Action::Diff) => {
                output::diff::render(name, original, cleaned, self.style)
            }
            (Format::Text, Action::Check) => {
                line(output::check::check_line(name, cleaned, self.style))
            }
            (Format::Text, Action::Write | Action::OutDir) => {
                let report = output::check::write_line(name, cleaned, self.style);
                match report {
                    None if self.args.verbose => format!("{name}: unchanged\n"),
                    other => line(other),
                }
            }
        }
    }

    /// The exit status for a run that saw `tally` and had problems or not.
    pub fn exit(&self, tally: &Tally, failed: bool) -> ExitCode {
        ExitCode::from(if failed || tally.failed > 0 {
            EXIT_ERROR
        } else if tally.changed > 0 && self.action != Action::Print {
            EXIT_CHANGES
        } else {
            EXIT_CLEAN
        })
    }

    /// The summary line and statistics, after everything else.
    pub fn finish(
        &self,
        tally: &Tally,
        unit: &str,
        started: Instant,
        used: &[usize],
    ) -> anyhow::Result<()> {
        let args = self.args;
        if args.statistics {
            print!("{}", tally.statistics(self.settings.pipeline.rules()));
        }
        let quiet_filter = self.action == Action::Print && !args.verbose;
        if !args.quiet && !quiet_filter {
            eprintln!("ocrclean: {}", tally.summary(unit, started));
        }
        for s in self
            .settings
            .suppressions()
            .filter(|s| !used.contains(&s.id))
        {
            eprintln!(
                "ocrclean: warning: unused suppression {}: no {} edit touched its text in this run",
                s.origin, s.code
            );
        }
        self.review.as_ref().map_or(Ok(()), |r| r.write(args.quiet))
    }

    /// Adds a document to the `--report` page, when there is one (for callers already in input
    /// order).
    pub fn review(&self, name: &str, original: &str, cleaned: &Cleaned) {
        if let Some(r) = &self.review {
            r.keep(Some(Review::section(name, original, cleaned)));
        }
    }

    /// The document's part of the `--report` page, when there is one (built on a worker, kept
    /// later in input order).
    pub fn section(&self, name: &str, original: &str, cleaned: &Cleaned) -> Option<ReviewPart> {
        self.review
            .as_ref()
            .map(|_| Review::section(name, original, cleaned))
    }
}

pub(super) type ReviewPart = ocrclean::output::html::Document;

/// What one document produced.
struct Outcome {
    stdout: String,
    tally: Tally,
    error: Option<String>,
    /// Suppressions that kept a rule off this document.
    suppressed: Vec<usize>,
    review: Option<ReviewPart>,
}

pub fn run(args: CleanArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let settings = super::settings::settings(&args.rules)?;
    let globs = match (&args.glob[..], args.jsonl) {
        ([], false) => vec!["*.txt".to_string()],
        ([], true) => ["*.jsonl", "*.jsonl.gz", "*.jsonl.zst"]
            .map(String::from)
            .to_vec(),
        (given, _) => given.to_vec(),
    };
    let (sources, input_errors) = input::expand(&args.paths, &globs);
    if sources.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        anyhow::bail!("`-` (stdin) given more than once");
    }
    let mode = &args.mode;
    let action = match mode {
        m if m.out_dir.is_some() => Action::OutDir,
        m if m.diff => Action::Diff,
        m if m.check => Action::Check,
        m if m.write => Action::Write,
        // Many documents and no mode: a filter makes no sense, so report as --check does.
        _ if sources.len() + input_errors.len() > 1 => Action::Check,
        _ => Action::Print,
    };
    let style = Style {
        color: match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
    };
    let mut selections = HashMap::new();
    for s in &sources {
        let mask = settings.override_mask(s.path());
        if let std::collections::hash_map::Entry::Vacant(e) = selections.entry(mask) {
            e.insert(settings.selection_for(mask)?);
        }
    }
    // A filter shows nothing but the text: unsafe fixes it will not apply need not be found.
    let shows_pending = action != Action::Print
        || args.format == Format::Json
        || args.statistics
        || args.report.is_some()
        || args.annotate.is_some();
    if !shows_pending && !settings.pipeline.options().unsafe_fixes {
        let book = settings.pipeline.rules();
        for sel in selections.values_mut() {
            let current = sel
                .as_ref()
                .unwrap_or(&settings.pipeline.options().selection);
            *sel = Some(current.applied_only(book));
        }
    }
    let targets = match (&args.mode.out_dir, action) {
        (Some(dir), Action::OutDir) => out_paths(dir, &sources)?,
        _ => HashMap::new(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let run = Run {
        args: &args,
        settings: &settings,
        action,
        style,
        selections,
        review: args
            .report
            .as_deref()
            .map(|p| Review::new(p, &args.paths, settings.pipeline.rules())),
    };
    for e in &input_errors {
        eprintln!("ocrclean: error: {e}");
    }
    if args.jsonl {
        return pool.install(|| {
            super::corpus::run(&run, &sources, &targets, !input_errors.is_empty(), started)
        });
    }

    let bar = progress(sources.len() as u64, args.quiet, "files");
    let windows = windows(&sources);
    // One window: read once. More: read once for the batch's evidence, then again to clean, a
    // window at a time, so memory holds one window's texts rather than the whole batch. Standard
    // input cannot be read twice: its text is kept from the first pass.
    let mut first: Option<Vec<Result<String, InputError>>> = None;
    let mut stdin: Option<Result<String, InputError>> = None;
    let batch = pool.install(|| {
        if windows.len() <= 1 {
            let texts: Vec<_> = sources.par_iter().map(input::read).collect();
            let readable: Vec<&str> = texts.iter().filter_map(|t| t.as_deref().ok()).collect();
            let batch = settings.pipeline.gather(&readable);
            first = Some(texts);
            batch
        } else {
            let mut evidence = Evidence::default();
            for w in &windows {
                let texts: Vec<_> = sources[w.clone()].par_iter().map(input::read).collect();
                let readable: Vec<&str> = texts.iter().filter_map(|t| t.as_deref().ok()).collect();
                settings.pipeline.gather_more(&mut evidence, &readable);
                for (s, t) in sources[w.clone()].iter().zip(texts) {
                    if *s == Source::Stdin {
                        stdin = Some(t);
                    }
                }
            }
            evidence.finish()
        }
    });

    let mut tally = Tally::default();
    let mut used = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for w in windows.iter().cloned() {
        let window = &sources[w];
        let outcomes: Vec<Outcome> = pool.install(|| {
            let texts: Vec<Result<String, InputError>> = match first.take() {
                Some(texts) => texts,
                None => window
                    .par_iter()
                    .map(|s| match s {
                        Source::Stdin => Ok(String::new()),
                        s => input::read(s),
                    })
                    .collect(),
            };
            let mut texts = texts;
            if let Some(i) = window.iter().position(|s| *s == Source::Stdin)
                && let Some(t) = stdin.take()
            {
                texts[i] = t;
            }
            window
                .par_iter()
                .zip(texts.par_iter())
                .map(|(source, text)| {
                    let outcome = match text {
                        Err(e) => Outcome {
                            stdout: String::new(),
                            tally: Tally {
                                failed: 1,
                                ..Tally::default()
                            },
                            error: Some(e.to_string()),
                            suppressed: Vec::new(),
                            review: None,
                        },
                        Ok(text) => clean_file(&run, &batch, source, text, targets.get(source)),
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
            if let Some(e) = o.error {
                bar.suspend(|| eprintln!("ocrclean: error: {e}"));
            }
            out.write_all(o.stdout.as_bytes())
                .context("writing to stdout")?;
        }
    }
    bar.finish_and_clear();
    out.flush().context("writing to stdout")?;
    run.finish(&tally, "files", started, &used)?;
    Ok(run.exit(&tally, !input_errors.is_empty()))
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

fn clean_file(
    run: &Run,
    batch: &Batch,
    source: &Source,
    text: &str,
    target: Option<&PathBuf>,
) -> Outcome {
    let suppressions = run.settings.suppressions_for(source.path());
    let ctx = run.context(source, batch, &suppressions);
    let cleaned = run.settings.pipeline.clean_with(text, &ctx);
    let name = source.to_string();
    let mut tally = Tally::default();
    tally.add(text.len(), &cleaned);
    let written = match (run.action, source) {
        (Action::Write, Source::File { path, .. }) if cleaned.changed() => {
            write_atomic(path, cleaned.text.as_bytes())
        }
        (Action::OutDir, _) => target.map_or(Ok(()), |t| {
            write_copy(t, cleaned.text.as_bytes(), source.path())
        }),
        _ => Ok(()),
    };
    if let Err(e) = written {
        return Outcome {
            stdout: String::new(),
            tally: Tally {
                failed: 1,
                ..Tally::default()
            },
            error: Some(format!("{name}: {e:#}")),
            suppressed: Vec::new(),
            review: None,
        };
    }
    let stdout = match (run.args.format, run.action, source) {
        (super::Format::Text, Action::Print, _) => cleaned.text.to_string(),
        // `--write -`: there is no file to write, so the result goes to stdout.
        (super::Format::Text, Action::Write, Source::Stdin) => cleaned.text.to_string(),
        _ => run.render(&name, text, &cleaned),
    };
    Outcome {
        stdout,
        tally,
        error: None,
        review: run.section(&name, text, &cleaned),
        suppressed: cleaned.suppressed,
    }
}

/// Replaces `path` with `bytes`: a temporary file in the same folder, the original's
/// permissions, then a rename, so the file is never half written.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut tmp = temp_beside(path)?;
    tmp.write_all(bytes).context("writing the temporary file")?;
    persist_beside(tmp, path)
}

/// A temporary file in the folder of `path` (through a symlink, its target's folder).
pub(super) fn temp_beside(path: &Path) -> anyhow::Result<tempfile::NamedTempFile> {
    let target = std::fs::canonicalize(path).context("resolving path")?;
    let dir = target.parent().unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(".ocrclean-")
        .tempfile_in(dir)
        .context("creating a temporary file beside it")
}

/// Gives `tmp` the permissions of `path` and renames it over `path`'s target.
pub(super) fn persist_beside(tmp: tempfile::NamedTempFile, path: &Path) -> anyhow::Result<()> {
    let target = std::fs::canonicalize(path).context("resolving path")?;
    let permissions = std::fs::metadata(&target)
        .context("reading permissions")?
        .permissions();
    tmp.as_file()
        .sync_all()
        .context("syncing the temporary file")?;
    std::fs::set_permissions(tmp.path(), permissions).context("setting permissions")?;
    tmp.persist(&target).context("replacing the file")?;
    Ok(())
}

pub(super) fn write_copy(target: &Path, bytes: &[u8], like: Option<&Path>) -> anyhow::Result<()> {
    let mut tmp = temp_for_copy(target, like)?;
    tmp.write_all(bytes).context("writing the copy")?;
    tmp.persist(target)
        .with_context(|| format!("writing {}", target.display()))?;
    Ok(())
}

/// A temporary file in the folder `target` will be in (created if needed), with the permissions
/// of the input it copies (`like`), or read-write for the owner and readable by all.
pub(super) fn temp_for_copy(
    target: &Path,
    like: Option<&Path>,
) -> anyhow::Result<tempfile::NamedTempFile> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let tmp = tempfile::NamedTempFile::new_in(dir).context("creating a temporary file")?;
    let permissions = match like.map(std::fs::metadata) {
        Some(Ok(m)) => m.permissions(),
        _ => default_permissions(tmp.as_file())?,
    };
    std::fs::set_permissions(tmp.path(), permissions).context("setting permissions")?;
    Ok(tmp)
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> anyhow::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> anyhow::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

/// Where each document's copy goes under `--out-dir`; two inputs that would land on the same
/// path are an error, as is stdin.
fn out_paths(dir: &Path, sources: &[Source]) -> anyhow::Result<HashMap<Source, PathBuf>> {
    let mut targets = HashMap::new();
    let mut seen: HashMap<PathBuf, &Source> = HashMap::new();
    for s in sources {
        if *s == Source::Stdin {
            anyhow::bail!("--out-dir needs files or folders, not `-` (stdin)");
        }
        let target = dir.join(s.relative());
        if let (Some(path), Ok(out)) = (s.path(), std::fs::canonicalize(&target))
            && std::fs::canonicalize(path).is_ok_and(|p| p == out)
        {
            anyhow::bail!(
                "--out-dir would overwrite the input {s}; choose a folder outside the inputs"
            );
        }
        if let Some(other) = seen.insert(target.clone(), s) {
            anyhow::bail!(
                "{other} and {s} would both be written to {}; give them separately",
                target.display()
            );
        }
        targets.insert(s.clone(), target);
    }
    Ok(targets)
}
