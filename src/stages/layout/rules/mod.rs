//! The layout rules, one module each: what it does, why, an example, and its check.

pub(super) mod byline_credit;
pub(super) mod caption_paragraph;
pub(super) mod hard_wrap;
pub(super) mod wedged_caption;
