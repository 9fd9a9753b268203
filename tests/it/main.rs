//! The integration tests, in one binary (as ripgrep keeps them): one link instead of one per
//! file. Each module is one area of behaviour; tests that need a program the machine may not have
//! (Chromium, a package registry) are `#[ignore = "needs …"]`, and `.ci/run` runs them too.

mod cli;
mod completions;
mod config;
mod corpus;
mod eval;
mod evidence;
mod furniture_batch;
mod furniture_properties;
mod layout_properties;
mod pre_commit;
mod properties;
mod report_browser;
mod review;
mod rule_examples;
mod samples;
mod seed_shape;
mod word_repair;
