//! Which stretch of the gold corresponds to a stretch of the input.
//!
//! The input and the gold are aligned once per document, word by word (a Myers diff of their
//! whitespace-separated words, from `similar`): every word the diff finds in both is an anchor
//! whose position is known on both sides. The gold for a change is then the stretch between the
//! nearest anchors around it: from the last shared word that ends before the change to the first
//! shared word that starts after it, both words included so that a rule joining across them
//! (a line-end hyphen, a line break) is judged with the letters on both sides.
//!
//! The diff is not a minimal character alignment, and it need not be: it only picks the window,
//! and the verdict inside the window is an exact edit distance.

use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// A word alignment of an input with its gold.
#[derive(Debug, Clone)]
pub struct Alignment {
    input_words: Vec<Range<usize>>,
    gold_words: Vec<Range<usize>>,
    /// Pairs of (input word, gold word) the diff matched, increasing on both sides.
    anchors: Vec<(usize, usize)>,
    input_len: usize,
    gold_len: usize,
}

impl Alignment {
    /// Aligns `input` with `gold`.
    pub fn new(input: &str, gold: &str) -> Alignment {
        let input_words = words(input);
        let gold_words = words(gold);
        let a: Vec<&str> = input_words.iter().map(|r| &input[r.clone()]).collect();
        let b: Vec<&str> = gold_words.iter().map(|r| &gold[r.clone()]).collect();
        let mut anchors = Vec::new();
        for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                anchors.extend((0..len).map(|k| (old_index + k, new_index + k)));
            }
        }
        Alignment {
            input_words,
            gold_words,
            anchors,
            input_len: input.len(),
            gold_len: gold.len(),
        }
    }

    /// How many words the input and the gold share in the alignment.
    #[cfg(test)]
    pub fn anchors(&self) -> usize {
        self.anchors.len()
    }

    /// The stretches between consecutive shared words, where the input and the gold differ (or
    /// only their spacing does): `(input range, gold range)` pairs, in order, each running from
    /// the end of one shared word to the start of the next (the text's edges at either end). The
    /// shared words themselves lie outside every gap. Learning an error model reads these.
    pub fn gaps(&self) -> Vec<(Range<usize>, Range<usize>)> {
        let mut out = Vec::with_capacity(self.anchors.len() + 1);
        let (mut input_at, mut gold_at) = (0, 0);
        for &(i, g) in &self.anchors {
            out.push((
                input_at..self.input_words[i].start,
                gold_at..self.gold_words[g].start,
            ));
            (input_at, gold_at) = (self.input_words[i].end, self.gold_words[g].end);
        }
        out.push((input_at..self.input_len, gold_at..self.gold_len));
        out
    }

    /// The input stretch around `span` (a byte range of the input) bounded by shared words, and
    /// the gold stretch between the same words.
    pub fn window(&self, span: &Range<usize>) -> (Range<usize>, Range<usize>) {
        let before = self
            .anchors
            .partition_point(|&(i, _)| self.input_words[i].end <= span.start);
        let (input_start, gold_start) = match before.checked_sub(1) {
            Some(k) => {
                let (i, g) = self.anchors[k];
                (self.input_words[i].start, self.gold_words[g].start)
            }
            None => (0, 0),
        };
        let after = self
            .anchors
            .partition_point(|&(i, _)| self.input_words[i].start < span.end);
        let (input_end, gold_end) = match self.anchors.get(after) {
            Some(&(i, g)) => (self.input_words[i].end, self.gold_words[g].end),
            None => (self.input_len, self.gold_len),
        };
        (input_start..input_end, gold_start..gold_end)
    }
}

/// Byte ranges of the whitespace-separated words of `text` (the raw tokens of the text model).
fn words(text: &str) -> Vec<Range<usize>> {
    crate::text::raw_tokens(text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_words_bound_a_window() {
        use crate::eval::align::Alignment;
        let input = "tbe cat sat on tbe mat";
        let gold = "the cat sat on the mat";
        let a = Alignment::new(input, gold);
        // The second `tbe` (bytes 15..18) lies between the shared words `on` and `mat`.
        let (i, g) = a.window(&(15..18));
        assert_eq!((&input[i], &gold[g]), ("on tbe mat", "on the mat"));
    }

    fn window<'a>(
        a: &Alignment,
        input: &'a str,
        gold: &'a str,
        span: Range<usize>,
    ) -> (&'a str, &'a str) {
        let (i, g) = a.window(&span);
        (&input[i], &gold[g])
    }

    #[test]
    fn a_change_inside_a_shared_word_widens_to_its_neighbours() {
        // The gold keeps the printed hyphen: removing it touches the shared word `Thorns-`.
        let input = "parish of Thorns-\nhope, near";
        let gold = "parish of Thorns-\nhope, near";
        let a = Alignment::new(input, gold);
        assert_eq!(a.anchors(), 5);
        let span = 16..18; // "-\n"
        assert_eq!(
            window(&a, input, gold, span),
            ("of Thorns-\nhope,", "of Thorns-\nhope,")
        );
    }

    #[test]
    fn whitespace_changes_are_judged_with_the_words_around_them() {
        let input = "one  two three";
        let gold = "one two three";
        let a = Alignment::new(input, gold);
        assert_eq!(window(&a, input, gold, 3..5), ("one  two", "one two"));
    }

    #[test]
    fn edges_of_the_text_bound_the_window() {
        let input = "Tbe end";
        let gold = "The end";
        let a = Alignment::new(input, gold);
        assert_eq!(window(&a, input, gold, 0..3), ("Tbe end", "The end"));
        assert_eq!(window(&a, input, gold, 7..7), ("end", "end"));
    }

    #[test]
    fn gaps_lie_between_shared_words() {
        let input = "tbe cat sat";
        let gold = "the cat  sat";
        let a = Alignment::new(input, gold);
        let gaps: Vec<(&str, &str)> = a
            .gaps()
            .into_iter()
            .map(|(i, g)| (&input[i], &gold[g]))
            .collect();
        assert_eq!(gaps, vec![("tbe ", "the "), (" ", "  "), ("", "")]);
    }

    #[test]
    fn insertions_between_words_find_their_place() {
        let input = "a b c";
        let gold = "a b x c";
        let a = Alignment::new(input, gold);
        // An insertion at byte 3 (before ` c`) lies between `b` and `c`.
        assert_eq!(window(&a, input, gold, 3..3), ("b c", "b x c"));
    }
}
