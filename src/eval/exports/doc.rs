//! Building one export text: the clean text, the edits that make it noisy, and from both the
//! noisy text, the expected output and the labels.

use std::ops::Range;

use crate::eval::labels::{Artifact, Labels, Moved, Part};

/// What an edit of the clean text injects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    /// The artifact class (`footer` ...).
    pub class: &'static str,
    /// The rule expected to repair it.
    pub code: &'static str,
}

/// One edit that turns a piece of the clean text into an artifact.
#[derive(Debug, Clone)]
struct Injection {
    /// Byte range of the clean text it replaces (empty: an insertion).
    at: Range<usize>,
    /// What the noisy text holds there.
    noisy: String,
    kind: Kind,
    shape: String,
}

/// A clean export text being written, with the artifacts to inject into it.
#[derive(Debug, Default)]
pub struct Doc {
    clean: String,
    injections: Vec<Injection>,
    /// Paragraphs the repair moves after the article: (injection, text) parts.
    moved: Vec<Vec<(usize, String)>>,
    body_end: usize,
}

/// A document ready to write: noisy text, what a perfect cleaner makes of it, and its labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The export text with its artifacts.
    pub noisy: String,
    /// The expected output of the cleaner.
    pub expected: String,
    /// What was injected, where.
    pub labels: Labels,
}

impl Doc {
    /// Where the clean text ends now.
    pub fn len(&self) -> usize {
        self.clean.len()
    }

    /// Appends clean text.
    pub fn push(&mut self, s: &str) {
        self.clean.push_str(s);
    }

    /// Marks the end of the body: moved paragraphs go after it.
    pub fn end_body(&mut self) {
        self.body_end = self.clean.len();
    }

    /// Injects `noisy` in place of the clean text at `at`; returns the injection's index.
    pub fn inject(
        &mut self,
        at: Range<usize>,
        noisy: impl Into<String>,
        kind: Kind,
        shape: impl Into<String>,
    ) -> usize {
        self.injections.push(Injection {
            at,
            noisy: noisy.into(),
            kind,
            shape: shape.into(),
        });
        self.injections.len() - 1
    }

    /// Says that the repair of the given injections ends in one paragraph after the article,
    /// made of their texts in order, joined by spaces.
    pub fn moved(&mut self, parts: Vec<(usize, String)>) {
        self.moved.push(parts);
    }

    /// The noisy text, the expected output and the labels.
    pub fn render(mut self, article: &str) -> Rendered {
        // Stable: insertions at one place keep the order they were made in.
        let mut order: Vec<usize> = (0..self.injections.len()).collect();
        order.sort_by_key(|&i| (self.injections[i].at.start, self.injections[i].at.end));
        let mut noisy = String::with_capacity(self.clean.len() + 512);
        let mut index_of = vec![0; self.injections.len()];
        let mut artifacts = Vec::with_capacity(order.len());
        let mut last = 0;
        let mut tail = None;
        for &i in &order {
            let inj = &self.injections[i];
            noisy.push_str(&self.clean[last..inj.at.start]);
            if tail.is_none() && inj.at.start >= self.body_end {
                tail = Some(noisy.len() + self.body_end - inj.at.start);
            }
            let start = noisy.len();
            noisy.push_str(&inj.noisy);
            index_of[i] = artifacts.len();
            artifacts.push(Artifact {
                class: inj.kind.class.to_string(),
                shape: inj.shape.clone(),
                code: inj.kind.code.to_string(),
                span: [start, noisy.len()],
                before: inj.noisy.clone(),
                after: self.clean[inj.at.clone()].to_string(),
            });
            last = inj.at.end;
        }
        let tail = tail.unwrap_or(noisy.len() + self.body_end - last);
        noisy.push_str(&self.clean[last..]);

        let mut expected = std::mem::take(&mut self.clean);
        let final_newline = expected.ends_with('\n');
        if final_newline {
            expected.pop();
        }
        let mut moved = Vec::with_capacity(self.moved.len());
        for parts in &self.moved {
            let text: Vec<&str> = parts.iter().map(|(_, t)| t.as_str()).collect();
            let text = text.join(" ");
            expected.push_str("\n\n");
            expected.push_str(&text);
            moved.push(Moved {
                text,
                parts: parts
                    .iter()
                    .map(|(i, t)| Part {
                        artifact: index_of[*i],
                        text: t.clone(),
                    })
                    .collect(),
            });
        }
        if final_newline {
            expected.push('\n');
        }
        Rendered {
            noisy,
            expected,
            labels: Labels {
                article: article.to_string(),
                tail,
                artifacts,
                moved,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOOTER: Kind = Kind {
        class: "footer",
        code: "FUR001",
    };
    const CAPTION: Kind = Kind {
        class: "wedged-caption",
        code: "LAY001",
    };

    #[test]
    fn spans_and_expected_output() {
        let mut d = Doc::default();
        d.push("Head\n\nOne two three four.");
        let space = d.len() - " three four.".len();
        d.end_body();
        let end = d.len();
        d.push("\n");
        let c = d.inject(space..space + 1, "\n\nCap. ", CAPTION, "same line");
        d.moved(vec![(c, "Cap.".into())]);
        d.inject(
            end..end,
            "\n\nNewspapers in English",
            FOOTER,
            "own paragraph",
        );
        let r = d.render("x");
        assert_eq!(
            r.noisy,
            "Head\n\nOne two\n\nCap. three four.\n\nNewspapers in English\n"
        );
        assert_eq!(r.expected, "Head\n\nOne two three four.\n\nCap.\n");
        r.labels.check(&r.noisy).unwrap();
        assert_eq!(r.labels.tail, r.noisy.find("\n\nNewspapers").unwrap());
        assert_eq!(r.labels.artifacts[0].after, " ");
        assert_eq!(r.labels.moved[0].parts[0].artifact, 0);
    }
}
