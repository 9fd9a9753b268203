//! Halves of a development set: one to learn and tune on, one held out to measure.
//!
//! The split is by position, so that it is fixed, needs no list of names, and takes every other
//! document of a set sorted in time or by page: the k-th document (from 0) read from each PATH
//! argument, in the order eval reads them (files of a folder sorted by path, records in file
//! order), is in the training half when k is even and in the held-out half when k is odd.
//!
//! ```
//! use ocrclean::eval::split::Half;
//! assert_eq!("held-out".parse::<Half>(), Ok(Half::HeldOut));
//! assert!(Half::Train.holds(0) && Half::HeldOut.holds(1) && !Half::Train.holds(3));
//! ```

use super::load::{Inputs, LoadError, load};
use super::sample::Sample;

/// One half of a development set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Half {
    /// Even positions: what the error model is learned and the thresholds are tuned on.
    Train,
    /// Odd positions: what the figures are quoted on.
    HeldOut,
}

impl Half {
    /// Whether the document at position `k` of its input is in this half.
    pub fn holds(self, k: usize) -> bool {
        (k % 2 == 0) == (self == Half::Train)
    }

    /// The name as written on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Half::Train => "train",
            Half::HeldOut => "held-out",
        }
    }
}

/// A `--split` value that is neither `train` nor `held-out`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a half: use `train` or `held-out`")]
pub struct BadHalf(pub String);

impl std::str::FromStr for Half {
    type Err = BadHalf;

    fn from_str(s: &str) -> Result<Half, BadHalf> {
        match s {
            "train" => Ok(Half::Train),
            "held-out" => Ok(Half::HeldOut),
            _ => Err(BadHalf(s.to_string())),
        }
    }
}

/// Reads the documents `inputs` names, as [`load`] does, keeping only `half` of each PATH
/// argument's documents (all of them without a half).
pub fn load_half(inputs: &Inputs, half: Option<Half>) -> (Vec<Sample>, Vec<LoadError>) {
    let Some(half) = half else {
        return load(inputs);
    };
    let mut samples = Vec::new();
    let mut errors = Vec::new();
    for path in &inputs.paths {
        let one = Inputs {
            paths: vec![path.clone()],
            ..inputs.clone()
        };
        let (found, mut failed) = load(&one);
        samples.extend(
            found
                .into_iter()
                .enumerate()
                .filter(|(k, _)| half.holds(*k))
                .map(|(_, s)| s),
        );
        errors.append(&mut failed);
    }
    (samples, errors)
}
