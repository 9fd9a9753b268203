//! The word witness table: which word forms the batch attests, and how often.
//!
//! Filled in by the word-repair work (issue 4); until then it records nothing, and stages treat
//! every form as unattested.

/// Word forms seen in the batch.
#[derive(Debug, Default)]
pub struct WordWitness {}

impl WordWitness {
    /// Counts word forms across `texts`.
    pub fn gather<S: AsRef<str> + Sync>(_texts: &[S]) -> WordWitness {
        WordWitness {}
    }
}
