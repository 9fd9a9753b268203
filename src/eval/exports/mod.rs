//! The labelled export corpus: clean articles rendered as digital-edition (PressReader-style)
//! export texts, with export artifacts injected and every artifact labelled.
//!
//! For each article (`tests/data/exports/articles/NNN-desk-slug.toml`, see [`Article`]) the
//! generator writes [`VARIANTS`] noisy renderings and one clean one (the negative), each as three
//! files under the corpus folder:
//!
//! - `noisy/SPLIT/VARIANT/NAME.txt`: the export text, artifacts injected;
//! - `expected/SPLIT/VARIANT/NAME.txt`: what ocrclean with its defaults should make of it (the
//!   byline on its own line, captions and their credits after the article, footers gone,
//!   hyphens restored, everything else byte for byte);
//! - `labels/SPLIT/VARIANT/NAME.toml`: each artifact's class, the rule expected to repair it, its
//!   span in the noisy text and the repair ([`crate::eval::labels`]).
//!
//! SPLIT is `dev` or `heldout` (articles whose number is a multiple of five, never tuned on);
//! VARIANT is `v1`, `v2` ... or `clean`. A variant folder is one batch: the renderings of one
//! article never share a batch, so one cannot lend another evidence.
//!
//! Everything follows from the articles and [`SEED`]: `cargo run --example export_corpus`
//! rewrites the corpus, and a test checks that the committed files are what it writes.
//!
//! ```
//! use ocrclean::eval::exports::{self, Article};
//! let source = r#"
//! desk = "courts"
//! spelling = "british"
//! quotes = "straight"
//! publication = "The Harbour Herald"
//! country = "Australia"
//! headline = "Ferry operator fined"
//! date = "2024-03-14"
//! byline = { name = "Ana Ruiz" }
//! body = "The ferry operator was fined on Tuesday for a long-term breach of the safety code."
//! "#;
//! let article = Article::parse(source).unwrap();
//! let docs = exports::render_article("001-courts-ferry", &article, exports::SEED);
//! assert_eq!(docs.len(), exports::VARIANTS + 1);
//! let clean = docs.last().unwrap();
//! assert_eq!(clean.path, "dev/clean/001-courts-ferry");
//! assert_eq!(clean.rendered.noisy, clean.rendered.expected);
//! ```

mod article;
mod doc;
mod rng;
mod variant;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use article::{Article, Byline, Caption};
pub use doc::Rendered;

use crate::lexicon::Lexicon;

/// The seed the committed corpus is generated from.
pub const SEED: u64 = 20_240_410;

/// Noisy renderings per article.
pub const VARIANTS: usize = 3;

/// One generated document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `SPLIT/VARIANT/NAME`, without extension.
    pub path: String,
    /// Its texts and labels.
    pub rendered: Rendered,
}

/// The split an article belongs to: every fifth article is held out.
pub fn split_of(name: &str) -> &'static str {
    let number: u32 = name
        .split('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if number % 5 == 0 { "heldout" } else { "dev" }
}

/// The renderings of one article: its noisy variants, then the clean one.
pub fn render_article(name: &str, article: &Article, seed: u64) -> Vec<Generated> {
    let lexicon = Lexicon::with_user_words(Arc::default());
    let split = split_of(name);
    let mut out = Vec::with_capacity(VARIANTS + 1);
    for v in 1..=VARIANTS {
        let mut rng = rng::Rng::new(seed, &format!("{name}/v{v}"));
        out.push(Generated {
            path: format!("{split}/v{v}/{name}"),
            rendered: variant::render(name, article, &mut rng, true, &lexicon),
        });
    }
    let mut rng = rng::Rng::new(seed, &format!("{name}/clean"));
    out.push(Generated {
        path: format!("{split}/clean/{name}"),
        rendered: variant::render(name, article, &mut rng, false, &lexicon),
    });
    out
}

/// A problem reading the articles.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ArticleError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

/// Reads every `*.toml` article in `dirs` (sorted by name) and renders them all.
pub fn generate(dirs: &[&Path], seed: u64) -> Result<Vec<Generated>, ArticleError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let mut out = Vec::new();
    for path in files {
        let error = |message: String| ArticleError {
            path: path.clone(),
            message,
        };
        let source = std::fs::read_to_string(&path).map_err(|e| error(e.to_string()))?;
        let article = Article::parse(&source).map_err(error)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.extend(render_article(&name, &article, seed));
    }
    Ok(out)
}

/// The files of the corpus, relative to its folder, with their contents.
pub fn files(docs: &[Generated]) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(docs.len() * 3);
    for d in docs {
        out.push((format!("noisy/{}.txt", d.path), d.rendered.noisy.clone()));
        out.push((
            format!("expected/{}.txt", d.path),
            d.rendered.expected.clone(),
        ));
        out.push((
            format!("labels/{}.toml", d.path),
            d.rendered.labels.to_toml(),
        ));
    }
    out
}
