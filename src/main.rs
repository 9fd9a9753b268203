//! The `ocrclean` command: parses arguments and dispatches; the work is in the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    fix_allocator_thresholds();
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

/// Fixes glibc's mmap threshold at its default (128 KiB). Left dynamic, glibc raises it to the size
/// of each large block freed, up to 32 MB, and blocks below it then come from the heap, where they
/// stay resident after they are freed: a run's transient buffers (a stage's edits, a copy of the
/// text) added 17 MB to the peak of a 16 MB document, which now stays under twice its size plus
/// 64 MB (`benches/memory.sh`). The cost is a fresh mapping for each large block: on that
/// document 66 % more page faults, about 5 % more CPU time.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fix_allocator_thresholds() {
    // SAFETY: `mallopt` only sets a parameter of the allocator; it is called before any other
    // thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 << 10);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fix_allocator_thresholds() {}
