//! `ocrclean eval`: scores the pipeline against reference texts. The work is in
//! [`ocrclean::eval`]; this reads the arguments, loads the documents and prints the report.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use ocrclean::eval::{self, EvalOptions, Inputs};

use super::{EXIT_CLEAN, EXIT_ERROR, EvalArgs, EvalFormat};

pub fn run(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let settings = super::settings::settings(&args.rules)?;
    let inputs = Inputs {
        paths: args.paths.clone(),
        gold: args.gold.clone(),
        labels: args.labels.clone(),
        ocr_field: args.ocr_field.clone(),
        gold_field: args.gold_field.clone(),
        id_field: args.id_field.clone(),
        baseline_field: args.baseline_field.clone(),
    };
    let (samples, errors) = eval::load(&inputs);
    if !errors.is_empty() {
        for e in &errors {
            eprintln!("ocrclean: error: {e}");
        }
        eprintln!("ocrclean: nothing evaluated: every input needs its reference");
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    if samples.is_empty() {
        anyhow::bail!("no documents to evaluate in the paths given");
    }
    let options = EvalOptions {
        unwrap: args.unwrap,
        examples: args.examples,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .context("starting worker threads")?;
    let pipeline = &settings.pipeline;
    let out = pool.install(|| {
        if args.clean_prose {
            let report = eval::clean_prose(pipeline, &samples, &options);
            match args.format {
                EvalFormat::Text => eval::render::prose_text(&report),
                EvalFormat::Json => eval::render::json(&report),
            }
        } else {
            let report = eval::evaluate(pipeline, &samples, &options);
            match args.format {
                EvalFormat::Text => eval::render::text(&report, args.verbose),
                EvalFormat::Json => eval::render::json(&report),
            }
        }
    });
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .context("writing to stdout")?;
    if !args.quiet {
        let bytes: usize = samples.iter().map(|s| s.input.len()).sum();
        eprintln!(
            "ocrclean: evaluated {} documents ({:.1} MB) in {:.2} s",
            samples.len(),
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(ExitCode::from(EXIT_CLEAN))
}
