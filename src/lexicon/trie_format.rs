//! The layout of the compiled word trie, shared by `build.rs` (which writes it) and
//! [`crate::lexicon::trie`] (which reads it in place).
//!
//! ```text
//! header   TRIE_MAGIC (8 bytes), node count (u32 LE), 4 bytes of padding
//! nodes    node count × 8 bytes, in breadth-first order (node 0 is the root):
//!          first child (u32 LE), child count (u8), label (u8: the byte on the edge into
//!          the node; 0 for the root), word (u8), best (u8)
//! ```
//!
//! The children of a node are consecutive and sorted by label, so a child is found by a short
//! scan. `word` is the quantised probability of the word the path to the node spells ([`NONE`]
//! when it spells none), `best` the best `word` in the node's subtree: what any word below can
//! score at most, the bound that lets a search abandon a branch early. Probabilities are
//! quantised as `round(-log10(p) * STEPS)`: 0 is certain, larger is rarer.

/// First bytes of the compiled trie.
pub const TRIE_MAGIC: &[u8; 8] = b"OCTRIE01";
/// Bytes before the nodes.
pub const TRIE_HEADER_LEN: usize = 16;
/// Bytes per node.
pub const NODE_LEN: usize = 8;
/// Quantisation steps per decade of probability.
pub const STEPS: f32 = 20.0;
/// `word` of a node that ends no word.
pub const NONE: u8 = 255;

/// The quantised form of a log10 probability (see the module docs). Only `build.rs`, which
/// writes the trie, quantises; the crate reads.
#[allow(dead_code)]
pub fn quantise(log_p: f64) -> u8 {
    (-log_p * f64::from(STEPS))
        .round()
        .clamp(0.0, f64::from(NONE - 1)) as u8
}
