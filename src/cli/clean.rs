//! `ocrclean clean`: read every document, gather batch evidence, clean in parallel, report in
//! input order.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use ocrclean::input::{self, InputError, Source};
use ocrclean::output::{self, Style};
use ocrclean::{Batch, Cleaned, Pipeline};
use rayon::prelude::*;

use super::{CleanArgs, Color, EXIT_CHANGES, EXIT_CLEAN, EXIT_ERROR, Format};

/// What `clean` does with each result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Print,
    Diff,
    Check,
    Write,
    OutDir,
}

/// What one document produced: text for stdout, and whether it changed.
struct Outcome {
    stdout: String,
    changed: bool,
    error: Option<String>,
    /// Suppressions that kept a rule off this document.
    suppressed: Vec<usize>,
}

pub fn run(args: CleanArgs) -> anyhow::Result<ExitCode> {
    let settings = super::settings::settings(&args.rules)?;
    let pipeline = &settings.pipeline;
    let (sources, input_errors) = input::expand(&args.paths, &args.glob);
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
    let targets = match (&args.mode.out_dir, action) {
        (Some(dir), Action::OutDir) => out_paths(dir, &sources)?,
        _ => HashMap::new(),
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

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    // Per-path overrides: one selection per distinct set of matching overrides.
    let masks: Vec<u64> = sources
        .iter()
        .map(|s| settings.override_mask(s.path()))
        .collect();
    let mut selections = HashMap::new();
    for &mask in &masks {
        if let std::collections::hash_map::Entry::Vacant(e) = selections.entry(mask) {
            e.insert(settings.selection_for(mask)?);
        }
    }
    let outcomes: Vec<Outcome> = pool.install(|| {
        let texts: Vec<Result<String, InputError>> = sources.par_iter().map(input::read).collect();
        let readable: Vec<&str> = texts.iter().filter_map(|t| t.as_deref().ok()).collect();
        let batch = Batch::gather(&readable);
        sources
            .par_iter()
            .zip(texts.par_iter())
            .zip(masks.par_iter())
            .map(|((source, text), mask)| match text {
                Err(e) => Outcome {
                    stdout: String::new(),
                    changed: false,
                    error: Some(e.to_string()),
                    suppressed: Vec::new(),
                },
                Ok(text) => {
                    let job = Job {
                        pipeline,
                        selection: selections.get(mask).and_then(Option::as_ref),
                        suppressions: settings.suppressions_for(source.path()),
                        batch: &batch,
                        action,
                        format: args.format,
                        style,
                        target: targets.get(source).map(PathBuf::as_path),
                    };
                    job.run(source, text)
                }
            })
            .collect()
    });

    let mut failed = !input_errors.is_empty();
    for e in &input_errors {
        eprintln!("ocrclean: error: {e}");
    }
    let mut changed = false;
    let mut used = std::collections::HashSet::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for o in outcomes {
        changed |= o.changed;
        used.extend(o.suppressed);
        if let Some(e) = o.error {
            failed = true;
            eprintln!("ocrclean: error: {e}");
        }
        out.write_all(o.stdout.as_bytes())
            .context("writing to stdout")?;
    }
    out.flush().context("writing to stdout")?;
    for s in settings.suppressions().filter(|s| !used.contains(&s.id)) {
        eprintln!(
            "ocrclean: warning: unused suppression {}: no {} edit touched its text in this run",
            s.origin, s.code
        );
    }
    Ok(ExitCode::from(if failed {
        EXIT_ERROR
    } else if changed && action != Action::Print {
        EXIT_CHANGES
    } else {
        EXIT_CLEAN
    }))
}

struct Job<'a> {
    pipeline: &'a Pipeline,
    selection: Option<&'a ocrclean::Selection>,
    suppressions: Vec<ocrclean::suppress::Suppression>,
    batch: &'a Batch,
    action: Action,
    format: Format,
    style: Style,
    target: Option<&'a Path>,
}

impl Job<'_> {
    fn run(&self, source: &Source, text: &str) -> Outcome {
        let base = self.pipeline.context();
        let ctx = ocrclean::Context {
            selection: self.selection.unwrap_or(base.selection),
            batch: Some(self.batch),
            suppressions: &self.suppressions,
        };
        let cleaned = self.pipeline.clean_with(text, &ctx);
        let name = source.to_string();
        let changed = cleaned.changed();
        let mut outcome = Outcome {
            stdout: String::new(),
            changed,
            error: None,
            suppressed: cleaned.suppressed.clone(),
        };
        let written = match (self.action, source) {
            (Action::Write, Source::File { path, .. }) if changed => write_atomic(path, &cleaned),
            (Action::OutDir, _) => match self.target {
                Some(target) => write_copy(target, &cleaned),
                None => Ok(()),
            },
            _ => Ok(()),
        };
        if let Err(e) = written {
            outcome.error = Some(format!("{name}: {e:#}"));
            outcome.changed = false;
            return outcome;
        }
        outcome.stdout = match (self.format, self.action) {
            (Format::Json, _) => output::json::records(&name, &cleaned),
            (Format::Text, Action::Print) => cleaned.text.into_owned(),
            // `--write -`: there is no file to write, so the result goes to stdout.
            (Format::Text, Action::Write) if *source == Source::Stdin => cleaned.text.into_owned(),
            (Format::Text, Action::Diff) => output::diff::render(&name, text, &cleaned, self.style),
            (Format::Text, Action::Check) => {
                line(output::check::check_line(&name, &cleaned, self.style))
            }
            (Format::Text, Action::Write | Action::OutDir) => {
                line(output::check::write_line(&name, &cleaned, self.style))
            }
        };
        outcome
    }
}

fn line(s: Option<String>) -> String {
    s.map(|s| s + "\n").unwrap_or_default()
}

/// Replaces `path` with the cleaned text: a temporary file in the same folder, the original's
/// permissions, then a rename, so the file is never half written.
fn write_atomic(path: &Path, cleaned: &Cleaned) -> anyhow::Result<()> {
    // Write through a symlink to its target rather than replacing the link with a file.
    let target = std::fs::canonicalize(path).context("resolving path")?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)
        .context("reading permissions")?
        .permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".ocrclean-")
        .tempfile_in(dir)
        .context("creating a temporary file beside it")?;
    tmp.write_all(cleaned.text.as_bytes())
        .context("writing the temporary file")?;
    tmp.as_file()
        .sync_all()
        .context("syncing the temporary file")?;
    std::fs::set_permissions(tmp.path(), permissions).context("setting permissions")?;
    tmp.persist(&target).context("replacing the file")?;
    Ok(())
}

fn write_copy(target: &Path, cleaned: &Cleaned) -> anyhow::Result<()> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).context("creating a temporary file")?;
    tmp.write_all(cleaned.text.as_bytes())
        .context("writing the copy")?;
    tmp.persist(target)
        .with_context(|| format!("writing {}", target.display()))?;
    Ok(())
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
