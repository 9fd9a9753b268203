//! What a `clean` run shares between its documents (the mode, the settings, the selections per
//! path, the review page) and how it reports one document and ends.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use ocrclean::config::Settings;
use ocrclean::edit::Counts;
use ocrclean::input::{Limits, Source};
use ocrclean::output::{self, Style};
use ocrclean::suppress::Suppression;
use ocrclean::{Batch, Cleaned, Context, Selection};

use super::atomic::Consent;
use super::report::Tally;
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

impl<'a> Run<'a> {
    /// The run `args` ask for over `sources` (`inputs` arguments, errors included).
    pub fn new(
        args: &'a CleanArgs,
        settings: &'a Settings,
        sources: &[Source],
        inputs: usize,
    ) -> anyhow::Result<Run<'a>> {
        let mode = &args.mode;
        let action = match mode {
            m if m.out_dir.is_some() => Action::OutDir,
            m if m.diff => Action::Diff,
            m if m.check => Action::Check,
            m if m.write => Action::Write,
            // Many documents and no mode: a filter makes no sense, so report as --check does.
            _ if inputs > 1 => Action::Check,
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
        for s in sources {
            let mask = settings.override_mask(s.path());
            if let std::collections::hash_map::Entry::Vacant(e) = selections.entry(mask) {
                e.insert(settings.selection_for(mask)?);
            }
        }
        // A quiet filter, or a corpus filter, shows nothing but the text: unsafe fixes it will
        // not apply need not be found. Otherwise the run says how many it left.
        let shows_pending = action != Action::Print
            || !(args.quiet || args.jsonl)
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
        Ok(Run {
            args,
            settings,
            action,
            style,
            selections,
            review: args
                .report
                .as_deref()
                .map(|p| Review::new(p, &args.paths, settings.pipeline.rules())),
        })
    }

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
            ..base
        }
    }

    /// How large a document and a line may be.
    pub fn limits(&self) -> Limits {
        self.settings.limits
    }

    /// What the user allowed `--write` to do.
    pub fn consent(&self) -> Consent {
        Consent {
            break_hardlinks: self.args.break_hardlinks,
        }
    }

    /// The report for one document (or record) named `name`, as the mode and format want it.
    pub fn render(&self, name: &str, original: &str, cleaned: &Cleaned) -> String {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = self.write_report(&mut out, name, original, cleaned);
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`render`](Self::render), written to `out` as it is made.
    pub fn write_report(
        &self,
        out: &mut dyn Write,
        name: &str,
        original: &str,
        cleaned: &Cleaned,
    ) -> std::io::Result<()> {
        match (self.args.format, self.action) {
            (Format::Json, _) => output::json::write(out, name, None, None, cleaned),
            (Format::Text, Action::Diff) => {
                output::diff::write(out, name, original, cleaned, self.style)
            }
            (Format::Text, Action::Print | Action::Check | Action::Write | Action::OutDir) => {
                let counts = Counts::of(&cleaned.changes);
                out.write_all(self.count_line(name, cleaned.changed(), &counts).as_bytes())
            }
        }
    }

    /// Whether the report of a document names its changes (a diff, JSON, the review page), or
    /// only counts them (the filter, `--check`, `--write`, `--out-dir`): then the run counts
    /// them ([`ocrclean::Pipeline::count_with`]) rather than keeping each.
    pub fn lists_changes(&self) -> bool {
        self.args.format == Format::Json || self.action == Action::Diff || self.review.is_some()
    }

    /// The report of a document whose changes are only counted: its `--check` or `--write`
    /// line (none for the filter).
    pub fn count_line(&self, name: &str, changed: bool, counts: &Counts) -> String {
        let line = match self.action {
            Action::Print | Action::Diff => return String::new(),
            Action::Check => output::check::check_line(name, changed, counts, self.style),
            Action::Write | Action::OutDir => {
                output::check::write_line(name, changed, counts, self.style)
            }
        };
        match line {
            Some(s) => format!("{s}\n"),
            None if self.args.verbose => format!("{name}: unchanged\n"),
            None => String::new(),
        }
    }

    /// What `-v` says on stderr about a document: in `--diff` mode, that it is unchanged (stdout
    /// stays a patch).
    pub fn note(&self, name: &str, cleaned: &Cleaned) -> Option<String> {
        let quiet = cleaned.changed() || !cleaned.changes.is_empty();
        (self.args.verbose
            && !quiet
            && self.args.format == Format::Text
            && self.action == Action::Diff)
            .then(|| format!("{name}: unchanged"))
    }

    /// The exit status for a run that saw `tally`.
    pub fn exit(&self, tally: &Tally) -> ExitCode {
        ExitCode::from(if tally.failed > 0 {
            EXIT_ERROR
        } else if tally.changed > 0 && self.action != Action::Print {
            EXIT_CHANGES
        } else if tally.pending > 0 && matches!(self.action, Action::Check | Action::Diff) {
            // A check fails on any fix it found, applied by default or not.
            EXIT_CHANGES
        } else {
            EXIT_CLEAN
        })
    }

    /// The statistics, summary line and unused suppressions, after everything else; then the
    /// review page.
    pub fn finish(
        &self,
        out: &mut impl Write,
        tally: &Tally,
        unit: &str,
        started: Instant,
        used: &[usize],
    ) -> anyhow::Result<()> {
        let args = self.args;
        if args.statistics {
            out.write_all(tally.statistics(self.settings.pipeline.rules()).as_bytes())
                .context("writing to stdout")?;
        }
        out.flush().context("writing to stdout")?;
        let quiet_filter = self.action == Action::Print && !args.verbose;
        if !args.quiet && !quiet_filter {
            eprintln!("ocrclean: {}", tally.summary(unit, started));
        }
        if let Some(hint) = tally.pending_hint().filter(|_| !args.quiet) {
            eprintln!("ocrclean: {hint}");
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
