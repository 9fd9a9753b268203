//! The integration tests, in one binary (as ripgrep keeps them): one link instead of one per
//! file. Each module is one area of behaviour; tests that need a program the machine may not have
//! (Chromium, a package registry) are `#[ignore = "needs …"]`, and `.ci/run` runs them too.

mod brands;
mod cli;
mod completions;
mod config;
mod corpus;
mod diff_marks;
mod eval;
mod evidence;
mod exports;
mod furniture_batch;
mod furniture_properties;
mod hostile;
mod idempotence;
mod layout_properties;
mod limits;
mod locations;
mod measured;
// Resident sets as Linux reports them (`ru_maxrss` in kilobytes).
#[cfg(target_os = "linux")]
mod memory;
mod messages;
mod mojibake;
mod pre_commit;
mod properties;
mod readme;
mod report_browser;
mod review;
mod rule_examples;
mod safety;
mod samples;
mod seed_shape;
mod snapshots;
mod util;
mod word_lists;
mod word_repair;
