//! The candidates of each form, found once and shared by every document of the batch.
//!
//! A scan prints the same misreadings again and again (`tbe`, `aud`, a name in every issue), and
//! the candidate search is the stage's cost, so its result for a form is kept for the stage's
//! life, which is the run's batch. The search depends on the form alone (the error model and the
//! lexicon are fixed when the stage is built); context is scored afresh for each occurrence. The
//! table is split in shards behind their own locks, so that threads cleaning different documents
//! seldom wait for each other, and a shard that grows past its bound is emptied, so memory stays
//! flat on a corpus of any size.

use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::candidates::Candidate;

const SHARDS: usize = 16;
/// Forms kept per shard before it is emptied (about 32 MB in all at the most).
const MAX_PER_SHARD: usize = 1 << 14;

/// Form → its candidates, best first.
pub type Found = Arc<[Candidate]>;

/// See the [module docs](self).
#[derive(Default)]
pub struct Memo {
    shards: [Mutex<FxHashMap<Box<str>, Found>>; SHARDS],
}

impl Memo {
    /// The candidates of `form`, searched with `search` the first time.
    pub fn get_or(&self, form: &str, search: impl FnOnce() -> Vec<Candidate>) -> Found {
        let shard = &self.shards[FxBuildHasher.hash_one(form) as usize % SHARDS];
        if let Some(found) = shard.lock().unwrap_or_else(|e| e.into_inner()).get(form) {
            return found.clone();
        }
        // Searched without the lock held: two threads may both search a new form, and both
        // find the same.
        let found: Found = search().into();
        let mut map = shard.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_PER_SHARD {
            map.clear();
        }
        map.insert(form.into(), found.clone());
        found
    }
}
