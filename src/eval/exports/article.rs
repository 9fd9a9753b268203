//! The article format of the labelled export corpus (`tests/data/exports/articles/*.toml`): a
//! clean article, exactly what a perfect cleaner outputs for its body, with the parts an export
//! prints around it (masthead, headline, standfirst, byline, captions).

use serde::Deserialize;

/// One clean article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// The desk (`courts`, `business`, ...).
    pub desk: String,
    /// The spelling variety the body uses.
    pub spelling: String,
    /// `curly` or `straight`.
    pub quotes: String,
    /// The (fictional) masthead.
    pub publication: String,
    /// Where it is published, as an export's `Newspapers from <Country>` line names it.
    pub country: String,
    /// The headline.
    pub headline: String,
    /// The standfirst, or empty.
    #[serde(default)]
    pub standfirst: String,
    /// Publication date, `YYYY-MM-DD`.
    pub date: String,
    /// Who wrote it.
    pub byline: Byline,
    /// Photo captions that belong to the article.
    #[serde(default)]
    pub captions: Vec<Caption>,
    /// The body: one line per paragraph, paragraphs separated by a blank line.
    #[serde(default)]
    pub body: String,
}

/// The byline of an article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Byline {
    /// The writer's name.
    pub name: String,
    /// An e-mail address, or empty.
    #[serde(default)]
    pub email: String,
    /// A role (`Courts reporter`), or empty.
    #[serde(default)]
    pub role: String,
    /// The article's body, when the file puts `body = ...` after the `[byline]` table (TOML
    /// then reads it as the byline's); moved to [`Article::body`] on reading.
    #[serde(default)]
    body: Option<String>,
}

/// A photo caption and its credit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caption {
    /// The caption as printed.
    pub text: String,
    /// The photo credit as printed (`Photo: AFP`), or empty.
    #[serde(default)]
    pub credit: String,
    /// The article's body, when the file puts `body = ...` after the last `[[captions]]` table
    /// (as the agreed format's example does; TOML then reads it as the caption's).
    #[serde(default)]
    body: Option<String>,
}

impl Caption {
    /// A caption with `text` and `credit`.
    pub fn new(text: impl Into<String>, credit: impl Into<String>) -> Caption {
        Caption {
            text: text.into(),
            credit: credit.into(),
            body: None,
        }
    }

    /// The caption as a paragraph: its text, then its credit.
    pub fn paragraph(&self) -> String {
        if self.credit.is_empty() {
            self.text.clone()
        } else {
            format!("{} {}", self.text, self.credit)
        }
    }
}

impl Article {
    /// Reads an article; the error names what is wrong.
    pub fn parse(source: &str) -> Result<Article, String> {
        let mut article: Article = toml::from_str(source).map_err(|e| e.to_string())?;
        // `body = """..."""` written after a table belongs to that table in TOML.
        let stray = article
            .captions
            .iter_mut()
            .filter_map(|c| c.body.take())
            .chain(article.byline.body.take());
        for body in stray {
            if !article.body.is_empty() {
                return Err("two bodies: give `body` once".into());
            }
            article.body = body;
        }
        if article.paragraphs().count() == 0 {
            return Err("the body has no paragraphs".into());
        }
        Ok(article)
    }

    /// The body's paragraphs, trimmed.
    pub fn paragraphs(&self) -> impl Iterator<Item = &str> {
        self.body
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }
}
