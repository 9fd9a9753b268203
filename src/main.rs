//! The `ocrclean` command: parses arguments and dispatches; the work is in the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("ocrclean: error: {e:#}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
