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
    /// Per node, which lower-case letters it has children along (bit `k`: `b'a' + k`), and in
    /// the bits from [`BEFORE_SHIFT`] on how many of its children sort before `a` (the
    /// apostrophe): a child is then found by a bit count, not a scan of its siblings. The
    /// confusion search asks a node for a child along each letter it might read there, up to
    /// thirty at a node, most of them missing.
    letters: &'static [u32],
}

/// Where a node's count of children before `a` starts in [`Trie::letters`]' words.
const BEFORE_SHIFT: u32 = 26;
/// The letter bits of those words.
const LETTER_BITS: u32 = (1 << BEFORE_SHIFT) - 1;

impl Trie {
    /// The root: the empty prefix.
    pub const ROOT: Node = 0;

    /// The embedded trie (its header is checked, and its letter index built, once per process).
    pub fn get() -> Trie {
        static TRIE: OnceLock<Trie> = OnceLock::new();
        static LETTERS: OnceLock<Box<[u32]>> = OnceLock::new();
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
            let mut trie = Trie {
                nodes,
                letters: &[],
            };
            trie.letters = LETTERS.get_or_init(|| trie.index_letters());
            trie
        })
    }

    /// The words of [`Trie::letters`], built from the nodes (about 200,000 of them: a
    /// millisecond, the first time a process asks for the trie).
    fn index_letters(&self) -> Box<[u32]> {
        (0..self.len() as Node)
            .map(|node| {
                let mut word = 0u32;
                let mut before = 0u32;
                for c in self.children(node) {
                    match self.label(c) {
                        l @ b'a'..=b'z' => word |= 1 << (l - b'a'),
                        l if l < b'a' => before += 1,
                        _ => {}
                    }
                }
                assert!(
                    before < 1 << (32 - BEFORE_SHIFT),
                    "the embedded word trie has a node with {before} children before `a`"
                );
                word | before << BEFORE_SHIFT
            })
            .collect()
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
        if byte.is_ascii_lowercase() {
            return self.letter_child(node, byte);
        }
        self.children(node).find(|&c| self.label(c) == byte)
    }

    /// The child of `node` along the lower-case letter `letter`: the children are sorted by
    /// label, so it is the one after those before `a` and those along earlier letters.
    #[inline]
    fn letter_child(&self, node: Node, letter: u8) -> Option<Node> {
        let word = self.letters[node as usize];
        let bit = 1u32 << (letter - b'a');
        if word & bit == 0 {
            return None;
        }
        let first = self.children(node).start;
        Some(first + (word >> BEFORE_SHIFT) + (word & (bit - 1)).count_ones())
    }

    /// The lower-case letters `node` has children along, as a set: bit `k` for `b'a' + k`.
    #[inline]
    pub fn letters(&self, node: Node) -> u32 {
        self.letters[node as usize] & LETTER_BITS
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
            let mut letters = 0u32;
            for c in trie.children(n) {
                assert!(trie.best_log_p(c) <= best);
                assert!(trie.label(c) > last, "children sorted by label");
                last = trie.label(c);
                if last.is_ascii_lowercase() {
                    letters |= 1 << (last - b'a');
                }
                stack.push(c);
            }
            assert_eq!(trie.letters(n), letters);
        }
        assert_eq!(seen, trie.len());
    }

    #[test]
    fn a_child_by_letter_is_the_child_with_that_label() {
        // Every node, every letter, against a scan of its children (`don't` puts an apostrophe
        // before the letters).
        let trie = Trie::get();
        assert!(trie.walk(Trie::ROOT, b"don't").is_some());
        for node in 0..trie.len() as Node {
            for letter in b'a'..=b'z' {
                let scanned = trie.children(node).find(|&c| trie.label(c) == letter);
                assert_eq!(
                    trie.child(node, letter),
                    scanned,
                    "{node} {}",
                    letter as char
                );
            }
        }
    }
}
