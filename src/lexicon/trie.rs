//! The frequency list's words as a trie, compiled by `build.rs` (layout in `trie_format.rs`) and
//! read in place: the dictionary that the confusion stage walks a damaged token against.
//!
//! Each node knows the probability of its word (if it ends one) and the best probability of any
//! word below it, so a search that has already paid for some edits can tell at once that no word
//! down a branch could pay them back.
//!
//! ```
//! use ocrclean::lexicon::trie::Trie;
//! let trie = Trie::get();
//! let t = trie.child(Trie::ROOT, b't').unwrap();
//! let th = trie.child(t, b'h').unwrap();
//! let the = trie.child(th, b'e').unwrap();
//! assert!(trie.word_log_p(the).unwrap() > -2.0);
//! assert!(trie.word_log_p(th).is_none());
//! assert!(trie.best_log_p(t) >= trie.word_log_p(the).unwrap());
//! ```

use std::sync::OnceLock;

use super::trie_format::{NODE_LEN, NONE, STEPS, TRIE_HEADER_LEN, TRIE_MAGIC};

/// The compiled trie (see `trie_format.rs`), built by `build.rs` from `rules/lexicon/frequency.txt`.
static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/trie.bin"));

/// A node of the trie.
pub type Node = u32;

/// The word trie (see the [module docs](self)).
#[derive(Debug, Clone, Copy)]
pub struct Trie {
    nodes: &'static [u8],
}

impl Trie {
    /// The root: the empty prefix.
    pub const ROOT: Node = 0;

    /// The embedded trie (its header is checked once per process).
    pub fn get() -> Trie {
        static TRIE: OnceLock<Trie> = OnceLock::new();
        *TRIE.get_or_init(|| {
            assert!(
                DATA.len() >= TRIE_HEADER_LEN && &DATA[..8] == TRIE_MAGIC,
                "the embedded word trie is corrupt: rebuild ocrclean"
            );
            let count = u32::from_le_bytes([DATA[8], DATA[9], DATA[10], DATA[11]]) as usize;
            let nodes = &DATA[TRIE_HEADER_LEN..];
            assert_eq!(
                nodes.len(),
                count * NODE_LEN,
                "the embedded word trie is truncated"
            );
            Trie { nodes }
        })
    }

    #[inline]
    fn record(&self, node: Node) -> &[u8] {
        let at = node as usize * NODE_LEN;
        &self.nodes[at..at + NODE_LEN]
    }

    /// The children of `node`, as a range of nodes.
    #[inline]
    pub fn children(&self, node: Node) -> std::ops::Range<Node> {
        let r = self.record(node);
        let first = u32::from_le_bytes([r[0], r[1], r[2], r[3]]);
        first..first + u32::from(r[4])
    }

    /// The byte on the edge into `node`.
    #[inline]
    pub fn label(&self, node: Node) -> u8 {
        self.record(node)[5]
    }

    /// The child of `node` along `byte`.
    #[inline]
    pub fn child(&self, node: Node, byte: u8) -> Option<Node> {
        self.children(node).find(|&c| self.label(c) == byte)
    }

    /// The node `path` leads to from `node`.
    #[inline]
    pub fn walk(&self, node: Node, path: &[u8]) -> Option<Node> {
        path.iter().try_fold(node, |n, &b| self.child(n, b))
    }

    /// log10 of the probability of the word `node` ends, when it ends one.
    #[inline]
    pub fn word_log_p(&self, node: Node) -> Option<f32> {
        let q = self.record(node)[6];
        (q != NONE).then(|| -f32::from(q) / STEPS)
    }

    /// log10 of the best probability of a word at or below `node`.
    #[inline]
    pub fn best_log_p(&self, node: Node) -> f32 {
        -f32::from(self.record(node)[7]) / STEPS
    }

    /// How many nodes the trie has (its memory is eight bytes each).
    pub fn len(&self) -> usize {
        self.nodes.len() / NODE_LEN
    }

    /// Whether it is empty (never, for the embedded one).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_word_is_in_the_trie_with_its_probability() {
        let trie = Trie::get();
        let list = include_str!("../../rules/lexicon/frequency.txt");
        let total: f64 = list
            .lines()
            .filter_map(|l| l.split_once(' ')?.1.parse::<f64>().ok())
            .sum();
        for line in list.lines().step_by(97) {
            let (word, count) = line.split_once(' ').unwrap();
            let node = trie.walk(Trie::ROOT, word.as_bytes()).unwrap();
            let log_p = (count.parse::<f64>().unwrap() / total).log10() as f32;
            let got = trie.word_log_p(node).unwrap();
            assert!(
                (got - log_p).abs() <= 0.5 / STEPS + 1e-4,
                "{word}: {got} {log_p}"
            );
        }
        assert!(trie.walk(Trie::ROOT, b"tbe").is_none());
    }

    #[test]
    fn best_bounds_every_word_below() {
        let trie = Trie::get();
        let mut stack = vec![Trie::ROOT];
        let mut seen = 0;
        while let Some(n) = stack.pop() {
            seen += 1;
            let best = trie.best_log_p(n);
            if let Some(p) = trie.word_log_p(n) {
                assert!(p <= best);
            }
            let mut last = 0u8;
            for c in trie.children(n) {
                assert!(trie.best_log_p(c) <= best);
                assert!(trie.label(c) > last, "children sorted by label");
                last = trie.label(c);
                stack.push(c);
            }
        }
        assert_eq!(seen, trie.len());
    }
}
