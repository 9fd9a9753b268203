//! From command-line rule arguments to a built pipeline.

use std::sync::Arc;

use anyhow::Context as _;
use ocrclean::{Options, Pipeline, RuleBook, Selection};

use super::RuleArgs;

/// The rule book: built-in packs plus the user's.
pub fn rule_book(args: &RuleArgs) -> anyhow::Result<RuleBook> {
    let mut book = RuleBook::builtin();
    for dir in &args.rule_dirs {
        book.load_user_packs(dir)
            .with_context(|| format!("loading rule packs from {}", dir.display()))?;
    }
    Ok(book)
}

/// The pipeline the arguments ask for.
pub fn pipeline(args: &RuleArgs) -> anyhow::Result<Pipeline> {
    let book = rule_book(args)?;
    let selection = Selection::resolve(
        &book,
        args.select.as_deref(),
        &args.extend_select,
        &args.ignore,
    )?;
    let options = Options {
        selection,
        unsafe_fixes: args.unsafe_fixes,
    };
    Ok(Pipeline::new(Arc::new(book), options)?)
}
