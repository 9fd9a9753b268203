//! The one text model: what a word, a line, a paragraph and a sentence end are, for the batch
//! pass, every stage and eval alike.
//!
//! The batch counts exactly the forms the stages later look up, so there is one definition of
//! each; a stage that needs something else says why where it differs.

mod case;
mod lines;
mod sentence;
mod tokens;

pub use case::Case;
pub use lines::{Line, Lines, is_blank, is_spaces, lines};
pub use sentence::{ends_sentence, is_closer, is_opener, is_terminal};
pub use tokens::{Token, Tokens, raw_tokens, split_possessive, tokens};
