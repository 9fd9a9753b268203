//! What the batch says about a token: the word witness table (`crate::batch::words`) seen from
//! the word repair stages.
//!
//! A form the lexicon does not know but the batch prints again and again, in several documents,
//! is a word of this batch (a name, a coinage, a house spelling), not an accident to repair.

use crate::stage::Context;

/// How often the batch saw a form, exactly as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    /// Occurrences in the whole batch, the document being cleaned included.
    pub count: u32,
    /// Documents it occurs in.
    pub documents: u32,
}

/// How often the batch saw `form`.
pub(crate) fn seen(ctx: &Context, form: &str) -> Seen {
    // The witness table is being filled in on the `lexicon` branch; until it lands every form
    // is unseen.
    let _ = (ctx, form);
    Seen::default()
}

/// Whether the batch attests `form` as a word of its own: printed in more than one document,
/// at least three times. One document's repeated misreading does not count.
pub(crate) fn attested(ctx: &Context, form: &str) -> bool {
    let s = seen(ctx, form);
    s.documents >= 2 && s.count >= 3
}
