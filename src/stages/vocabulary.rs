//! The common-word table moved below the stages, to [`crate::lexicon::vocabulary`] (the batch
//! pass reads it too); this path stays for the confusion stage until it is ported.

pub(crate) use crate::lexicon::vocabulary::Vocabulary;
