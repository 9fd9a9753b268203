//! Command-line arguments (clap) and dispatch to the subcommands.

mod atomic;
mod clean;
mod corpus;
mod eval;
mod generate;
mod guard;
mod report;
mod review;
mod rules;
mod run;
mod settings;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Exit status: nothing to change.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: changes pending (`--check`, `--diff`) or made (`--write`).
pub const EXIT_CHANGES: u8 = 1;
/// Exit status: bad usage or unreadable input.
pub const EXIT_ERROR: u8 = 2;

/// Cleans OCR noise out of newspaper text, explaining every change.
///
/// Exit status: 0 nothing to change, 1 changes pending or made, 2 usage or input error.
#[derive(Debug, Parser)]
#[command(name = "ocrclean", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Clean documents: print the result, show a diff, check, or write in place.
    Clean(CleanArgs),
    /// List every rule: code, stage, safe or unsafe, and what it does.
    Rules(RulesArgs),
    /// Explain one rule: what it does, why, and its examples.
    Explain(ExplainArgs),
    /// Show the configuration in effect.
    Config(ConfigArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions(generate::CompletionsArgs),
    /// Print the manual page (roff): `ocrclean man | man -l -`.
    Man(generate::ManArgs),
    /// Score the pipeline against reference texts: error rates before and after, per-rule
    /// verdicts.
    Eval(EvalArgs),
}

/// What `clean` does with its results. At most one; none means: print the cleaned text (one
/// input) or check (several).
#[derive(Debug, Args, Default)]
#[group(multiple = false)]
struct Mode {
    /// Show unified diffs, each hunk annotated with the rule codes that made it.
    #[arg(long)]
    diff: bool,
    /// List the documents that would change, with counts per rule code.
    #[arg(long)]
    check: bool,
    /// Rewrite files in place (atomically), listing what changed.
    #[arg(long)]
    write: bool,
    /// Write cleaned copies under DIR, mirroring the input tree; inputs stay untouched.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
enum Format {
    /// Human-readable lines.
    #[default]
    Text,
    /// JSON Lines: one object per change (path, code, span, line:col, before, after, reason, safe).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
enum Color {
    /// Colour when printing to a terminal and NO_COLOR is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// `--captions`: the values are listed, so help and shell completions offer them.
fn captions_parser() -> impl clap::builder::TypedValueParser<Value = ocrclean::pipeline::Captions> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["end", "keep", "drop"])
        .map(|s| s.parse().expect("a listed value parses"))
}

/// Which rules run, and how far fixes may go.
#[derive(Debug, Args, Default, Clone)]
struct RuleArgs {
    /// Rules to run, by code or prefix (`UNI001`, `FUR`, `ALL`); replaces the default set.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    select: Option<Vec<String>>,
    /// Rules to run in addition to the selected ones.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    extend_select: Vec<String>,
    /// Rules not to run, by code or prefix.
    #[arg(long, value_delimiter = ',', value_name = "CODES")]
    ignore: Vec<String>,
    /// Apply unsafe fixes too (without it they are only reported).
    #[arg(long)]
    unsafe_fixes: bool,
    /// A folder (or file) of extra rule packs; may be given more than once.
    #[arg(long = "rules", value_name = "DIR")]
    rule_dirs: Vec<PathBuf>,
    /// A file of words the word-repair stages must treat as known (one per line, `#` comments);
    /// may be given more than once.
    #[arg(long = "words", value_name = "FILE")]
    word_files: Vec<PathBuf>,
    /// Where captions taken out of the body text go: `end` (after the article, each its own
    /// paragraph with its photo credit; the default), `keep` (after the paragraph it
    /// interrupted) or `drop` (removed; the report keeps them). Wins over the config's
    /// `captions`.
    #[arg(long, value_name = "WHERE", value_parser = captions_parser())]
    captions: Option<ocrclean::pipeline::Captions>,
    /// Use this configuration file instead of the nearest `ocrclean.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore any `ocrclean.toml` (and `.ocrclean-ignore`).
    #[arg(long)]
    no_config: bool,
}

#[derive(Debug, Args)]
struct CleanArgs {
    /// Files, folders (walked recursively, .gitignore respected) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    mode: Mode,
    /// Report format.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// Which files to take from folders (repeatable; `!` excludes). Default: `*.txt`, or
    /// `*.jsonl`, `*.jsonl.gz`, `*.jsonl.zst` with `--jsonl`.
    #[arg(long, value_name = "GLOB")]
    glob: Vec<String>,
    /// Worker threads (default: all cores). Output is the same whatever the number.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t)]
    color: Color,
    /// Corpus mode: inputs are JSON Lines (plain, .gz or .zst); the text field of each record is
    /// cleaned and every other field kept as it was.
    #[arg(long)]
    jsonl: bool,
    /// The field that holds the text, in corpus mode.
    #[arg(long, value_name = "NAME", default_value = "text", requires = "jsonl")]
    field: String,
    /// Add a field (`--annotate` or `--annotate=NAME`, default `ocrclean`) to each record, with
    /// counts per rule code and the text removed or moved.
    #[arg(long, value_name = "NAME", num_args = 0..=1, require_equals = true, default_missing_value = "ocrclean", requires = "jsonl")]
    annotate: Option<String>,
    /// Treat a record that is not valid JSON or lacks the field as an error (exit 2) instead of
    /// passing it through unchanged.
    #[arg(long, requires = "jsonl")]
    strict: bool,
    /// Print counts per rule code at the end.
    #[arg(long)]
    statistics: bool,
    /// Also write a self-contained HTML page for reviewing every change (works with every mode).
    /// It may replace only an earlier review page, never an input.
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,
    /// Let `--report` replace a file that is not an earlier review page.
    #[arg(long, requires = "report")]
    overwrite_report: bool,
    /// Let `--write` replace a file that has other hard links: this name gets the cleaned text,
    /// the other names keep the old one. Without it such files are left alone (an error).
    #[arg(long)]
    break_hardlinks: bool,
    /// The most one document may hold, in bytes (`64M`, `1G`); larger input is refused. Default
    /// 1G; wins over the config's `max-document-size`.
    #[arg(long, value_name = "SIZE")]
    max_document_size: Option<ocrclean::config::ByteSize>,
    /// The most one line may hold, in bytes (`16M`): a document with a longer line is refused,
    /// and so is a JSON Lines file with a longer record. Default 64M; wins over the config's
    /// `max-line-length`.
    #[arg(long, value_name = "SIZE")]
    max_line_length: Option<ocrclean::config::ByteSize>,
    /// Print nothing on stderr but errors: no progress, no summary.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    quiet: bool,
    /// Also name unchanged documents, and print the summary in filter mode too.
    #[arg(long, short = 'v')]
    verbose: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, Args)]
struct RulesArgs {
    /// Run the examples of the packs in DIR (or one pack file) and report failures.
    #[arg(long, value_name = "DIR")]
    check: Option<PathBuf>,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// The rule's code, e.g. `FUR001`.
    code: String,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Debug, Args)]
struct ConfigArgs {
    /// Print the effective configuration (file and command line together) as TOML.
    #[arg(long, required = true)]
    dump: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

/// How `eval` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
enum EvalFormat {
    /// A readable table.
    #[default]
    Text,
    /// One JSON object with every figure, per rule and per document.
    Json,
}

/// `ocrclean eval`. The format of each input is found as follows: with `--gold DIR` every input
/// is a plain text paired with the file of the same relative path under DIR; without it, a
/// `*.jsonl` file (`.gz`, `.zst`) holds one document per record (fields `ocr`, `gt`, optional
/// `id`) and any other file must be in the ICDAR 2017 format (`[OCR_toInput]`, `[OCR_aligned]`,
/// `[ GS_aligned]`; `#` in the gold is not scored, `@` is an alignment gap).
#[derive(Debug, Args)]
struct EvalArgs {
    /// OCR inputs: files or folders (walked: `*.txt`, and `*.jsonl*` without `--gold`).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Folder of reference texts: each input is scored against the file with the same path
    /// relative to the argument it was found under.
    #[arg(long, value_name = "DIR")]
    gold: Option<PathBuf>,
    /// Folder of label files (the labelled export corpus): each input `NAME.txt` has
    /// `NAME.toml` at the same relative path, listing the artifacts injected into it. Adds the
    /// per-rule table of proposals right and wrong, artifacts missed, and paragraphs damaged;
    /// the documents of one folder are cleaned as one batch.
    #[arg(long, value_name = "DIR", requires = "gold")]
    labels: Option<PathBuf>,
    /// Before scoring, join words hyphenated at line ends and turn line breaks into spaces
    /// (paragraph breaks kept) on the input, the output and the gold alike, so line-break
    /// decisions are not scored. For references that keep the printed lines.
    #[arg(long)]
    unwrap: bool,
    /// Run the pipeline on the reference texts only and count edits per 100,000 words: every
    /// edit on clean text is a false positive.
    #[arg(long)]
    clean_prose: bool,
    /// Report format.
    #[arg(long, value_enum, default_value_t)]
    format: EvalFormat,
    /// JSON Lines: the field with the OCR text.
    #[arg(long, value_name = "NAME", default_value = "ocr")]
    ocr_field: String,
    /// JSON Lines: the field with the reference text.
    #[arg(long, value_name = "NAME", default_value = "gt")]
    gold_field: String,
    /// JSON Lines: the field that names a record in the report (else its line number).
    #[arg(long, value_name = "NAME", default_value = "id")]
    id_field: String,
    /// JSON Lines: a field with another corrector's output (a string or an array of lines), scored
    /// beside ours on the same documents.
    #[arg(long, value_name = "NAME")]
    baseline_field: Option<String>,
    /// How many example edits to show per rule (edits away from the reference; with
    /// `--clean-prose`, any edit).
    #[arg(long, value_name = "N", default_value_t = 3)]
    examples: usize,
    /// Worker threads (default: all cores). The report is the same whatever the number.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Add a line per document to the table.
    #[arg(long, short = 'v')]
    verbose: bool,
    /// Do not print the timing line on stderr.
    #[arg(long, short = 'q')]
    quiet: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

/// Writes `text` to stdout; an error (a closed pipe) is returned, not a panic as `print!` has.
pub fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| anyhow::Error::new(e).context("writing to stdout"))
}

/// Whether the error is stdout closing under us (`| head`).
pub fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The error and its causes on one line, `outer: inner`, each said once: a cause that its
/// parent's message already ends with is not repeated.
pub fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Clean(args) => clean::run(args),
        Command::Rules(args) => rules::list(args),
        Command::Explain(args) => rules::explain(args),
        Command::Eval(args) => eval::run(args),
        Command::Config(args) => {
            print(&settings::settings(&args.rules)?.dump())?;
            Ok(ExitCode::from(EXIT_CLEAN))
        }
        Command::Completions(args) => generate::completions(args),
        Command::Man(args) => generate::man(args),
    }
}
