//! Labels of an export text: every artifact injected into it, where, and the expected repair.
//!
//! A label file (TOML) goes with each noisy document of the labelled export corpus
//! (`tests/data/exports/labels/`), written by the generator ([`super::exports`]) and read by
//! `ocrclean eval --labels DIR`. An artifact replaced a piece of the clean text: its `span` in the
//! noisy text holds `before`, and the repair puts `after` there. A caption or photo credit the
//! repair takes out of the body goes after the article: the `[[moved]]` paragraphs, in order,
//! each made of the parts of the artifacts it completes.
//!
//! ```toml
//! tail = 1843          # where the body ends in the noisy text: moved paragraphs go after it
//!
//! [[artifact]]
//! class = "footer"
//! shape = "pressreader-language, own paragraph"
//! code = "FUR001"
//! span = [1870, 1893]
//! before = "\n\nNewspapers in English"
//! after = ""
//! ```

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// What was injected into one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// The article the document was made from.
    #[serde(default)]
    pub article: String,
    /// Byte offset in the noisy text where the article's body ends: the repair puts moved
    /// paragraphs after it.
    pub tail: usize,
    /// The injected artifacts, in text order.
    #[serde(default, rename = "artifact")]
    pub artifacts: Vec<Artifact>,
    /// Paragraphs the repair adds after the article, in order.
    #[serde(default, rename = "moved")]
    pub moved: Vec<Moved>,
}

/// One injected artifact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Artifact {
    /// What kind: `footer`, `byline-credit`, `wedged-caption`, `caption-paragraph`,
    /// `lost-hyphen`.
    pub class: String,
    /// The variant of the class (`own paragraph`, `glued`, `continues with a number` ...).
    pub shape: String,
    /// The rule expected to repair it.
    pub code: String,
    /// Byte range in the noisy text, `[start, end]`.
    pub span: [usize; 2],
    /// The noisy text of the span.
    pub before: String,
    /// What the span becomes once repaired.
    pub after: String,
}

impl Artifact {
    /// The span as a range.
    pub fn range(&self) -> Range<usize> {
        self.span[0]..self.span[1]
    }
}

/// A paragraph the repair adds after the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moved {
    /// The whole paragraph (its parts joined by spaces).
    pub text: String,
    /// The parts, each completing one artifact's repair.
    #[serde(rename = "part")]
    pub parts: Vec<Part>,
}

/// A piece of a moved paragraph and the artifact whose text it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// Index of the artifact in [`Labels::artifacts`].
    pub artifact: usize,
    /// The text.
    pub text: String,
}

impl Labels {
    /// Reads a label file; the error says what is wrong.
    pub fn parse(source: &str) -> Result<Labels, String> {
        let labels: Labels = toml::from_str(source).map_err(|e| e.message().trim().to_string())?;
        for (i, m) in labels.moved.iter().enumerate() {
            if let Some(p) = m
                .parts
                .iter()
                .find(|p| p.artifact >= labels.artifacts.len())
            {
                return Err(format!(
                    "moved paragraph {i} names artifact {}, but there are only {}",
                    p.artifact,
                    labels.artifacts.len()
                ));
            }
        }
        Ok(labels)
    }

    /// Checks the labels against the noisy text they describe: every span holds its `before`.
    pub fn check(&self, noisy: &str) -> Result<(), String> {
        if self.tail > noisy.len() {
            return Err(format!(
                "tail {} is past the end ({})",
                self.tail,
                noisy.len()
            ));
        }
        for a in &self.artifacts {
            if noisy.get(a.range()) != Some(a.before.as_str()) {
                return Err(format!(
                    "artifact {:?} at {:?}: the text there is not {:?}",
                    a.class, a.span, a.before
                ));
            }
        }
        Ok(())
    }

    /// The labels as TOML.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_else(|e| format!("# cannot write labels: {e}\n"))
    }
}
