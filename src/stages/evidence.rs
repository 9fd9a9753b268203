//! What the batch says about a token: the word witness table ([`crate::batch::words`]) seen
//! from the word repair stages.
//!
//! A form the lexicon does not know but the batch prints again and again, in several documents,
//! is a word of this batch (a name, a coinage, a house spelling), not an accident to repair. An
//! OCR engine repeats its accidents too (`tbe` in every issue of a badly scanned paper), but never
//! as often as the words they stand for: so when the repair would give a common word, the form is
//! attested only when it is printed more often than a share of that word's expected count.

use crate::batch::words::Seen;
use crate::stage::Context;

/// The most an accident is expected to take of the occurrences of the words it stands for.
const ACCIDENT_SHARE: f64 = 0.5;

/// How often the batch saw `form`, exactly as written.
pub(crate) fn seen(ctx: &Context, form: &str) -> Seen {
    ctx.batch.map_or_else(Seen::default, |b| b.words.form(form))
}

/// Whether the batch attests `form` as a word of its own: printed in more than one document, at
/// least three times, and, when `repair_log_p` gives the log10 probability of what the repair
/// would print instead, more often than an accident of that could explain.
pub(crate) fn attested(ctx: &Context, form: &str, repair_log_p: Option<f32>) -> bool {
    attested_beyond(ctx, form, repair_log_p, ACCIDENT_SHARE)
}

/// [`attested`], with `share` in place of the share of the repair's expected count an accident
/// may take. The confusion stage, whose repairs are one likely misreading away from far more
/// frequent words, counts a form as a word only when it is printed more often than the word it
/// would be (`share` 1): a scan misreads the same word the same way again and again (`tbe`,
/// `boen` in every issue), so recurrence alone is no evidence there.
pub(crate) fn attested_beyond(
    ctx: &Context,
    form: &str,
    repair_log_p: Option<f32>,
    share: f64,
) -> bool {
    let s = seen(ctx, form);
    if s.documents < 2 || s.count < 3 {
        return false;
    }
    match (repair_log_p, ctx.batch) {
        (Some(log_p), Some(batch)) => {
            let expected = batch.words.tokens() as f64 * 10f64.powf(f64::from(log_p));
            f64::from(s.count) > share * expected
        }
        _ => true,
    }
}
