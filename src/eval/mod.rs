//! `ocrclean eval`: how much closer to a reference text the pipeline brings OCR.

pub mod align;
pub mod distance;
pub mod icdar;
pub mod judge;
pub mod metrics;
pub mod normalize;
pub mod sample;
