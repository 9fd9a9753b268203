//! The one text model: what a word, a line, a paragraph and a sentence end are, for the batch
//! pass, every stage and eval alike.
//!
//! The batch counts exactly the forms the stages later look up, so there is one definition of
//! each; a stage that needs something else says why where it differs.

mod case;

pub use case::Case;
