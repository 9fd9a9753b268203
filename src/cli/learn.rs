//! `ocrclean learn-errors`: learns an OCR error model from OCR texts and their references. The
//! work is in [`ocrclean::stages::ErrorCounts`]; this reads the arguments and the documents
//! (as `eval` reads them) and writes the table.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use ocrclean::eval::Inputs;
use ocrclean::eval::split::{Half, load_half};
use ocrclean::stages::ErrorCounts;

use super::{EXIT_CLEAN, EXIT_ERROR};

/// Arguments of `learn-errors`.
#[derive(Debug, Args)]
pub struct LearnArgs {
    /// OCR inputs with their references, in any form `eval` reads: JSON Lines with `ocr` and `gt`
    /// fields, ICDAR 2017 files, or plain texts with `--gold DIR`.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Folder of reference texts for plain inputs (as for `eval`).
    #[arg(long, value_name = "DIR")]
    gold: Option<PathBuf>,
    /// Learn from one half of each PATH's documents only (`train`: the 1st, 3rd, …), so that
    /// `eval --split held-out` measures on documents the model never saw. All by default.
    #[arg(long, value_name = "HALF", value_parser = super::half_parser())]
    split: Option<Half>,
    /// Keep edits seen at least this many times.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_count: u64,
    /// Write the table here (default: stdout). Use it with `clean --errors FILE`.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: LearnArgs) -> anyhow::Result<ExitCode> {
    let inputs = Inputs {
        paths: args.paths.clone(),
        gold: args.gold.clone(),
        ..Inputs::default()
    };
    let (samples, errors) = load_half(&inputs, args.split);
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("ocrclean: error: {e}");
        }
        eprintln!("ocrclean: nothing learned: every input needs its reference");
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    anyhow::ensure!(
        !samples.is_empty(),
        "no documents to learn from in the paths given"
    );
    let mut counts = ErrorCounts::default();
    for sample in &samples {
        for piece in &sample.pieces {
            counts.add_pair(&sample.input[piece.input.clone()], &piece.gold);
        }
    }
    let mut table = header(&args, samples.len());
    table.push_str(&counts.table(args.min_count));
    match &args.output {
        Some(path) => std::fs::write(path, &table)
            .with_context(|| format!("writing the error table to {}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(table.as_bytes())
                .and_then(|()| out.flush())
                .context("writing to stdout")?;
        }
    }
    let (pairs, skipped, edits) = counts.summary();
    eprintln!(
        "ocrclean: learned {edits} edits from {pairs} texts of {} documents ({skipped} stretches \
         skipped as debris)",
        samples.len()
    );
    Ok(ExitCode::from(EXIT_CLEAN))
}

/// The table's first lines: what it is and how to make it again. Paths are given as the user
/// wrote them, file names only, so that the table does not depend on where the data lay.
fn header(args: &LearnArgs, documents: usize) -> String {
    let names: Vec<String> = args
        .paths
        .iter()
        .map(|p| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect();
    let split = args.split.map_or("all", Half::as_str);
    format!(
        "# ocrclean OCR error model: gold<TAB>ocr<TAB>count<TAB>of (count/of: the chance that\n\
         # the gold side was printed as the OCR side; ␣ is a space, an empty field nothing).\n\
         # Learned by `ocrclean learn-errors --split {split} --min-count {}` from {documents}\n\
         # documents of: {}\n",
        args.min_count,
        names.join(", ")
    )
}
