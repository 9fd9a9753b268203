//! The `ocrclean` command: parses arguments and dispatches; the work is in the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        // Stdout closed under us (`ocrclean clean big.txt | head -1`): the reader has what it
        // wanted, so end quietly and successfully, as ripgrep does.
        Err(e) if cli::broken_pipe(&e) => ExitCode::from(cli::EXIT_CLEAN),
        Err(e) => {
            eprintln!("ocrclean: error: {}", cli::message(&e));
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
