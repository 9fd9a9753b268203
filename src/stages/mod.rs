//! The stages of the default pipeline, one module each, built in pipeline order.
//!
//! A [`Pipeline`](crate::Pipeline) builds and runs them; each is also a [`Stage`] of its own,
//! for measuring or testing one stage at a time (`benches/hyphen.rs`).
//!
//! No function here is longer than 80 lines of code (`clippy.toml`): a long check is split
//! into named steps.
#![warn(clippy::too_many_lines)]

use std::sync::Arc;

use crate::lexicon::{Lexicon, UserWords};
use crate::rules::{Matcher, RuleBook, RuleError, StageName};
use crate::stage::Stage;

mod confusion;
mod evidence;
mod furniture;
mod hyphen;
mod layout;
mod split;
mod tokens;
mod unicode;
mod whitespace;

pub use confusion::Confusion;
pub use confusion::learn::ErrorCounts;
pub use furniture::Furniture;
pub use hyphen::Hyphen;
pub use layout::{BadCaptions, Captions, Layout};
pub use split::Split;
pub use unicode::{Characters, Mojibake, Normalize};
pub use whitespace::Whitespace;

/// Builds every stage from the rule book, in pipeline order: the layout stage puts captions
/// where `captions` says (and knows whether its unsafe fixes are applied), the word repair stages know the user's `words`. Fails when a user rule
/// asks a stage for a kind of matching it does not do.
pub(crate) fn build(
    book: &RuleBook,
    captions: Captions,
    unsafe_fixes: bool,
    words: &Arc<UserWords>,
) -> Result<Vec<Box<dyn Stage>>, RuleError> {
    check_matchers(book)?;
    let lexicon = Lexicon::with_user_words(words.clone());
    let mojibake = unicode::Mojibake::new(book)?;
    let mojibake_after_table = mojibake.after_table(book);
    Ok(vec![
        Box::new(mojibake),
        Box::new(unicode::Characters::new(book)),
        Box::new(mojibake_after_table),
        Box::new(unicode::Normalize),
        Box::new(furniture::Furniture::new(book)?),
        Box::new(layout::Layout::new(book, captions, unsafe_fixes)?),
        Box::new(hyphen::Hyphen::new(lexicon.clone(), book)?),
        Box::new(split::Split::new(lexicon.clone(), book)?),
        Box::new(confusion::Confusion::from_book(book, lexicon)?),
        Box::new(whitespace::Whitespace),
    ])
}

/// The matcher kinds each stage knows how to run.
fn accepts(stage: StageName, matcher: &Matcher) -> bool {
    matches!(
        (stage, matcher),
        (_, Matcher::Builtin)
            | (StageName::Unicode, Matcher::Chars(_))
            | (StageName::Furniture, Matcher::Lines { .. })
            | (StageName::Confusion, Matcher::Pairs(_))
    )
}

fn check_matchers(book: &RuleBook) -> Result<(), RuleError> {
    for rule in book.rules() {
        if !accepts(rule.stage, &rule.matcher) {
            return Err(RuleError::Invalid {
                path: rule.origin.file.clone(),
                line: rule.origin.line,
                message: format!(
                    "rule {}: stage `{}` cannot run `{}` rules",
                    rule.code,
                    rule.stage,
                    rule.matcher.kind()
                ),
            });
        }
        if rule.matcher == Matcher::Builtin && !rule.origin.builtin {
            return Err(RuleError::Invalid {
                path: rule.origin.file.clone(),
                line: rule.origin.line,
                message: format!(
                    "rule {}: `builtin = true` is for the rules that ship with ocrclean; \
                     describe what your rule matches instead",
                    rule.code
                ),
            });
        }
    }
    Ok(())
}
