//! # ocrclean
//!
//! Cleans OCR noise out of newspaper text: ordered rule stages, rules kept as data, every change
//! explained with a rule code and its span in the original text.
//!
//! ```
//! use ocrclean::Pipeline;
//!
//! let pipeline = Pipeline::default();
//! let cleaned = pipeline.clean("Oﬃcials met\u{00A0}yesterday.  \n");
//! assert_eq!(cleaned.text, "Officials met yesterday.\n");
//! for change in &cleaned.changes {
//!     println!("{} {}:{} {:?} -> {:?} ({})", change.code, change.start.line,
//!         change.start.col, change.before, change.after, change.reason);
//! }
//! ```
//!
//! The API is what this page re-exports: a [`Pipeline`] (made by a [`PipelineBuilder`] or from a
//! [`Config`]) cleans text into [`Cleaned`] values whose [`Change`]s name their rule and span;
//! a [`Batch`] carries the evidence a corpus pass gathers. The modules are the layers the
//! `ocrclean` binary is built from: reading inputs ([`input`], [`jsonl`]), the rules and their
//! codes ([`rules`], [`code`]), the stages ([`stages`]), reporting ([`output`]) and scoring
//! ([`eval`]). None of them prints: printing is the binary's.

#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod batch;
pub mod code;
pub mod config;
pub mod edit;
pub mod eval;
mod examples;
pub mod input;
pub mod jsonl;
pub mod lexicon;
mod offsets;
pub mod output;
#[cfg(test)]
mod peak_alloc;
mod pipeline;
pub mod rules;
pub mod stage;
pub mod stages;
pub mod suppress;
pub mod text;

pub use batch::Batch;
pub use code::RuleCode;
pub use config::{Config, Settings};
pub use edit::{Change, Cleaned, Counted, Edit, LineCol, Status};
pub use lexicon::{Lexicon, UserWords};
pub use pipeline::{Options, Pipeline, PipelineBuilder};
pub use rules::{Rule, RuleBook, StageName};
pub use stage::{Context, LineForm, Selection, Stage};
pub use stages::{BadCaptions, Captions};
