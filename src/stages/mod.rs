//! The stages of the default pipeline, one module each, built in pipeline order.

use crate::lexicon::Lexicon;
use crate::pipeline::Options;
use crate::rules::{Matcher, RuleBook, RuleError, StageName};
use crate::stage::Stage;

pub mod confusion;
mod evidence;
pub mod furniture;
pub mod hyphen;
pub mod layout;
pub mod split;
mod tokens;
pub mod unicode;
pub(crate) mod vocabulary;
pub mod whitespace;

/// Builds every stage from the rule book, in pipeline order. Fails when a user rule asks a stage
/// for a kind of matching it does not do.
pub fn build(book: &RuleBook, options: &Options) -> Result<Vec<Box<dyn Stage>>, RuleError> {
    check_matchers(book)?;
    let lexicon = Lexicon::with_user_words(options.words.clone());
    let mojibake = unicode::Mojibake::new(book)?;
    let mojibake_after_table = mojibake.after_table(book);
    Ok(vec![
        Box::new(mojibake),
        Box::new(unicode::Characters::new(book)),
        Box::new(mojibake_after_table),
        Box::new(unicode::Normalize),
        Box::new(furniture::Furniture::new(book)?),
        Box::new(layout::Layout::new(book, options)?),
        Box::new(hyphen::Hyphen::new(options)),
        Box::new(split::Split::new(lexicon.clone())),
        Box::new(confusion::Confusion::new(book, lexicon)),
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
