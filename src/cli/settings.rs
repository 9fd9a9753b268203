//! From command-line arguments and `ocrclean.toml` to settings for a run.

use anyhow::Context as _;
use ocrclean::RuleBook;
use ocrclean::config::{CommandLine, Config, Settings};

use super::{CleanArgs, RuleArgs};

/// The settings the arguments ask for: the config file (found by walking up from the working
/// directory, or `--config`, or none with `--no-config`) overlaid with the command line.
pub fn settings(args: &RuleArgs) -> anyhow::Result<Settings> {
    settings_with(args, CommandLine::default())
}

/// The settings of a `clean` run: its size limits too.
pub fn clean_settings(args: &CleanArgs) -> anyhow::Result<Settings> {
    let limits = CommandLine {
        max_document_size: args.max_document_size,
        max_line_length: args.max_line_length,
        ..CommandLine::default()
    };
    settings_with(&args.rules, limits)
}

/// The settings with `extra`'s limits on top of the rule arguments.
fn settings_with(args: &RuleArgs, extra: CommandLine) -> anyhow::Result<Settings> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let file = match (&args.config, args.no_config) {
        (Some(path), _) => {
            anyhow::ensure!(path.is_file(), "{}: no such config file", path.display());
            Some(path.clone())
        }
        (None, true) => None,
        (None, false) => Config::discover(&cwd),
    };
    let command_line = CommandLine {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
        unsafe_fixes: args.unsafe_fixes,
        rules: args.rule_dirs.clone(),
        words: args.word_files.clone(),
        captions: args.captions,
        no_config: args.no_config,
        ..extra
    };
    Ok(Settings::new(file.as_deref(), command_line, &cwd)?)
}

/// The rule book the arguments ask for (built-in and user packs).
pub fn rule_book(args: &RuleArgs) -> anyhow::Result<RuleBook> {
    Ok(settings(args)?.pipeline.rules().clone())
}
