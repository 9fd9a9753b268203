//! The configuration file `ocrclean.toml`: rule selection, packs, per-path overrides and
//! suppressions, found by walking up from the working directory.
//!
//! ```toml
//! select = ["UNI", "WSP", "FUR"]
//! ignore = ["WSP002"]
//! unsafe-fixes = false
//! rules = ["my-rules"]                  # folders of extra packs, relative to this file
//! extend-words = ["Jinping", "Brics"]   # known words for word repair
//! words = ["names.txt"]                 # files of them, one per line
//! captions = "end"                      # where moved captions go: end, keep or drop
//!
//! [[override]]                          # later entries win
//! paths = ["archive/1850s/**"]
//! ignore = ["SPL"]
//!
//! [[suppress]]                          # text a rule must leave alone
//! paths = ["business/**"]
//! code = "SPL"
//! text = "RussiaChina"
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::input::Limits;
use crate::pipeline::{Captions, Options, Pipeline};
use crate::rules::{RegexBudget, RuleBook, RuleError};
use crate::stage::{Selection, UnknownSelector};
use crate::suppress::{Suppression, SuppressionError, parse_ignore_file};

/// The file name looked for.
pub const CONFIG_FILE: &str = "ocrclean.toml";
/// The suppressions file looked for beside it.
pub const IGNORE_FILE: &str = ".ocrclean-ignore";

/// The contents of `ocrclean.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Rules to run (codes or prefixes); replaces the default set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<String>>,
    /// Rules to run in addition.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend_select: Vec<String>,
    /// Rules not to run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Apply unsafe fixes too.
    #[serde(default)]
    pub unsafe_fixes: bool,
    /// Folders (or files) of extra rule packs, relative to the config file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<PathBuf>,
    /// Words the word-repair stages must treat as known (names, jargon of the corpus).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend_words: Vec<String>,
    /// Files of such words, one per line (`#` comments), relative to the config file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<PathBuf>,
    /// Where the layout stage puts the captions it takes out of the body: `end` (after the
    /// article, the default), `keep` (after the paragraph they interrupted) or `drop`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub captions: Option<Captions>,
    /// The most one document may hold: bytes, or a size like `"256M"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_document_size: Option<ByteSize>,
    /// The most one line (or JSON Lines record) may hold: bytes, or a size like `"16M"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_line_length: Option<ByteSize>,
    /// Selection changes for some paths.
    #[serde(default, rename = "override", skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// Text rules must leave alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppress: Vec<Suppress>,
}

/// A per-path change of the selection.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Path globs, relative to the config file's folder.
    pub paths: Vec<String>,
    /// Replaces the selection for these paths.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<String>>,
    /// Adds rules for these paths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend_select: Vec<String>,
    /// Removes rules for these paths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
}

/// A suppression: a rule (code or prefix) must leave this text alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Suppress {
    /// Path globs it applies to (all paths when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<String>>,
    /// Rule code or prefix.
    pub code: String,
    /// The exact text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Or a regular expression.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
}

/// A problem with the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause (not a `source`: the message already says it).
        error: std::io::Error,
    },
    /// The file is not a valid configuration.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Where.
        line: usize,
        /// What is wrong, with the closest valid key for an unknown one.
        message: String,
    },
    /// A selector matched no rule.
    #[error(transparent)]
    Selector(#[from] UnknownSelector),
    /// A rule pack is broken.
    #[error(transparent)]
    Rules(#[from] RuleError),
    /// A suppression is broken.
    #[error(transparent)]
    Suppression(#[from] SuppressionError),
    /// A word list is broken.
    #[error(transparent)]
    Words(#[from] crate::lexicon::WordsError),
    /// A word in `extend-words` cannot be a word.
    #[error("{path}: extend-words: {message}")]
    BadWord {
        /// The config file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A path glob is broken.
    #[error("{origin}: bad path glob {glob:?}: {message}")]
    Glob {
        /// Where it was written.
        origin: String,
        /// The glob.
        glob: String,
        /// Why it does not parse.
        message: String,
    },
}

impl Config {
    /// Parses a configuration; unknown keys are errors that name the closest valid key.
    pub fn parse(path: &Path, source: &str) -> Result<Config, ConfigError> {
        toml::from_str(source).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                source[..s.start.min(source.len())].matches('\n').count() + 1
            });
            ConfigError::Invalid {
                path: path.to_path_buf(),
                line,
                message: explain_toml_error(e.message()),
            }
        })
    }

    /// Reads a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let source = std::fs::read_to_string(path).map_err(|error| ConfigError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Config::parse(path, &source)
    }

    /// The nearest `ocrclean.toml` in `start` or a folder above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }
}

/// Rule codes and prefixes are upper case; `lay004` means `LAY004`.
fn upper_case(codes: &mut [String]) {
    for c in codes {
        c.make_ascii_uppercase();
    }
}

impl Config {
    /// Every rule code and prefix in upper case, as the rules have them.
    fn upper_case_codes(&mut self) {
        upper_case(&mut self.extend_select);
        upper_case(&mut self.ignore);
        self.select.iter_mut().for_each(|s| upper_case(s));
        for o in &mut self.overrides {
            upper_case(&mut o.extend_select);
            upper_case(&mut o.ignore);
            o.select.iter_mut().for_each(|s| upper_case(s));
        }
        for s in &mut self.suppress {
            s.code.make_ascii_uppercase();
        }
    }
}

/// serde says `unknown field `selct`, expected one of `select`, ...`: keep that, and add the
/// closest valid key.
fn explain_toml_error(message: &str) -> String {
    let message = message.trim();
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let closest = valid
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .min()
        .filter(|(d, k)| *d <= 3.max(k.len() / 3));
    match closest {
        Some((_, k)) => format!(
            "unknown key `{unknown}`; did you mean `{k}`? (valid here: {})",
            valid.join(", ")
        ),
        None => format!("unknown key `{unknown}` (valid here: {})", valid.join(", ")),
    }
}

/// What the command line adds to the configuration; it wins over the file.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    /// `--select`: replaces every other selection.
    pub select: Option<Vec<String>>,
    /// `--extend-select`.
    pub extend_select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--unsafe-fixes`.
    pub unsafe_fixes: bool,
    /// `--rules DIR`, relative to the working directory.
    pub rules: Vec<PathBuf>,
    /// `--words FILE`, relative to the working directory.
    pub words: Vec<PathBuf>,
    /// `--captions end|keep|drop`.
    pub captions: Option<Captions>,
    /// `--max-document-size`.
    pub max_document_size: Option<ByteSize>,
    /// `--max-line-length`.
    pub max_line_length: Option<ByteSize>,
    /// `--no-config`: no `.ocrclean-ignore` either.
    pub no_config: bool,
}

/// A size in bytes, written as a number or with a binary unit: `65536`, `"64K"`, `"16M"`,
/// `"1G"` (`KiB`, `MB` and lower case too; every unit is a power of 1024).
///
/// ```
/// use ocrclean::config::ByteSize;
/// assert_eq!("16M".parse::<ByteSize>(), Ok(ByteSize(16 << 20)));
/// assert_eq!("1GiB".parse::<ByteSize>().map(|s| s.to_string()), Ok("1G".to_string()));
/// assert!("lots".parse::<ByteSize>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ByteSize(pub u64);

impl std::str::FromStr for ByteSize {
    type Err = String;

    fn from_str(s: &str) -> Result<ByteSize, String> {
        let bad =
            || format!("`{s}` is not a size: give bytes or a number with K, M, G or T (`64M`)");
        let t = s.trim();
        let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let n: u64 = t[..digits].parse().map_err(|_| bad())?;
        let unit = t[digits..].trim().to_ascii_uppercase();
        let unit = unit
            .strip_suffix("IB")
            .or(unit.strip_suffix('B'))
            .unwrap_or(&unit);
        let shift = match unit {
            "" => 0,
            "K" => 10,
            "M" => 20,
            "G" => 30,
            "T" => 40,
            _ => return Err(bad()),
        };
        n.checked_mul(1 << shift).map(ByteSize).ok_or_else(bad)
    }
}

impl std::fmt::Display for ByteSize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0;
        match [(40, "T"), (30, "G"), (20, "M"), (10, "K")]
            .into_iter()
            .find(|(shift, _)| n != 0 && n % (1 << shift) == 0)
        {
            Some((shift, unit)) => write!(f, "{}{unit}", n >> shift),
            None => write!(f, "{n}"),
        }
    }
}

impl Serialize for ByteSize {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ByteSize, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Bytes(u64),
            Text(String),
        }
        match Written::deserialize(d)? {
            Written::Bytes(n) => Ok(ByteSize(n)),
            Written::Text(t) => t.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// Everything a run needs to decide what runs where: the pipeline, and per-path selections and
/// suppressions.
pub struct Settings {
    /// Paths in the configuration are relative to this folder.
    pub root: PathBuf,
    /// The configuration file used, if any.
    pub file: Option<PathBuf>,
    /// The configuration in effect, command line included.
    pub effective: Config,
    /// The configuration as the file has it.
    config: Config,
    /// The pipeline, with the selection for paths no override names.
    pub pipeline: Pipeline,
    /// How large a document and a line may be.
    pub limits: Limits,
    overrides: Vec<(GlobSet, Override)>,
    command_line: CommandLine,
    suppressions: Vec<(GlobSet, Suppression)>,
}

impl Settings {
    /// Combines a configuration (read from `file` when given) with the command line. `cwd` is
    /// where relative command-line paths and documents are resolved.
    pub fn new(
        file: Option<&Path>,
        mut command_line: CommandLine,
        cwd: &Path,
    ) -> Result<Settings, ConfigError> {
        let mut config = match file {
            Some(f) => Config::load(f)?,
            None => Config::default(),
        };
        config.upper_case_codes();
        for list in [&mut command_line.extend_select, &mut command_line.ignore] {
            upper_case(list);
        }
        if let Some(list) = &mut command_line.select {
            upper_case(list);
        }
        let root = file
            .and_then(Path::parent)
            .map(|p| {
                if p.as_os_str().is_empty() {
                    cwd.to_path_buf()
                } else {
                    cwd.join(p)
                }
            })
            .unwrap_or_else(|| cwd.to_path_buf());
        let mut book = RuleBook::builtin();
        for dir in &config.rules {
            book.load_user_packs(&root.join(dir))?;
        }
        for dir in &command_line.rules {
            book.load_user_packs(&cwd.join(dir))?;
        }
        let origin = file.map_or_else(|| "command line".to_string(), |f| f.display().to_string());
        let mut overrides = Vec::new();
        for o in &config.overrides {
            overrides.push((glob_set(&o.paths, &origin)?, o.clone()));
        }
        let ignore_file = root.join(IGNORE_FILE);
        let ignore_source = if !command_line.no_config && ignore_file.is_file() {
            Some(
                std::fs::read_to_string(&ignore_file).map_err(|error| ConfigError::Io {
                    path: ignore_file.clone(),
                    error,
                })?,
            )
        } else {
            None
        };
        // Every suppression pattern of the run shares one budget of compiled size.
        let patterns =
            config.suppress.len() + ignore_source.as_deref().map_or(0, |s| s.lines().count());
        let mut budget = RegexBudget::new(patterns);
        let mut suppressions = Vec::new();
        for (i, s) in config.suppress.iter().enumerate() {
            let globs = s.paths.clone().unwrap_or_else(|| vec!["**".into()]);
            let sup = Suppression::new(
                i,
                &s.code,
                s.text.as_deref(),
                s.regex.as_deref(),
                format!("{origin}: [[suppress]] #{}", i + 1),
                &mut budget,
            )?;
            suppressions.push((glob_set(&globs, &origin)?, sup));
        }
        if let Some(source) = &ignore_source {
            let name = ignore_file.display().to_string();
            for (glob, sup) in parse_ignore_file(&name, source, suppressions.len(), &mut budget)? {
                let origin = sup.origin.clone();
                suppressions.push((glob_set(&[glob], &origin)?, sup));
            }
        }
        let mut words = crate::lexicon::UserWords::default();
        for w in &config.extend_words {
            words.insert(w).map_err(|e| ConfigError::BadWord {
                path: file.map(Path::to_path_buf).unwrap_or_default(),
                message: e.to_string(),
            })?;
        }
        for f in &config.words {
            words.extend_from_file(&root.join(f))?;
        }
        for f in &command_line.words {
            words.extend_from_file(&cwd.join(f))?;
        }
        let mut effective = config.clone();
        effective.words.extend(command_line.words.iter().cloned());
        effective.rules.extend(command_line.rules.iter().cloned());
        if command_line.select.is_some() {
            effective.select = command_line.select.clone();
        }
        effective
            .extend_select
            .extend(command_line.extend_select.iter().cloned());
        effective.ignore.extend(command_line.ignore.iter().cloned());
        effective.unsafe_fixes |= command_line.unsafe_fixes;
        effective.max_document_size = command_line.max_document_size.or(config.max_document_size);
        effective.max_line_length = command_line.max_line_length.or(config.max_line_length);
        let defaults = Limits::default();
        let limits = Limits {
            document: effective
                .max_document_size
                .map_or(defaults.document, |s| s.0),
            line: effective.max_line_length.map_or(defaults.line, |s| s.0),
        };
        // Always shown by `config --dump`, default included.
        let captions = command_line
            .captions
            .or(config.captions)
            .unwrap_or_default();
        effective.captions = Some(captions);
        let selection = Selection::resolve(
            &book,
            effective.select.as_deref(),
            &effective.extend_select,
            &effective.ignore,
        )?;
        let pipeline = Pipeline::new(
            Arc::new(book),
            Options {
                selection,
                unsafe_fixes: effective.unsafe_fixes,
                captions,
                words: Arc::new(words),
            },
        )?;
        let settings = Settings {
            root,
            file: file.map(Path::to_path_buf),
            effective,
            config,
            pipeline,
            limits,
            overrides,
            command_line,
            suppressions,
        };
        // Resolve every override once now, so a bad selector is reported before any work.
        for (_, o) in &settings.overrides {
            settings.resolve(std::iter::once(o))?;
        }
        Ok(settings)
    }

    fn resolve<'o>(
        &self,
        overrides: impl Iterator<Item = &'o Override>,
    ) -> Result<Selection, ConfigError> {
        let config = &self.config;
        let cli = &self.command_line;
        // The file's selection, then each matching override in order, then the command line.
        let mut select = config.select.clone();
        let mut extend = config.extend_select.clone();
        let mut ignore = config.ignore.clone();
        for o in overrides {
            if let Some(s) = &o.select {
                select = Some(s.clone());
                extend.clear();
                ignore.clear();
            }
            extend.extend(o.extend_select.iter().cloned());
            ignore.extend(o.ignore.iter().cloned());
        }
        if let Some(s) = &cli.select {
            select = Some(s.clone());
        }
        extend.extend(cli.extend_select.iter().cloned());
        ignore.extend(cli.ignore.iter().cloned());
        Ok(Selection::resolve(
            self.pipeline.rules(),
            select.as_deref(),
            &extend,
            &ignore,
        )?)
    }

    /// The path as the configuration's globs see it: relative to the root when under it.
    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(path))
                .unwrap_or_else(|_| path.to_path_buf())
        };
        absolute
            .strip_prefix(&self.root)
            .map(Path::to_path_buf)
            .unwrap_or(absolute)
    }

    /// Which overrides apply to `path` (a bit per override), to share selections between paths.
    pub fn override_mask(&self, path: Option<&Path>) -> u64 {
        let Some(path) = path else { return 0 };
        let rel = self.relative(path);
        self.overrides
            .iter()
            .enumerate()
            .take(64)
            .filter(|(_, (g, _))| g.is_match(&rel))
            .fold(0, |m, (i, _)| m | 1 << i)
    }

    /// The selection for the overrides in `mask`; `None` when it is the pipeline's own.
    pub fn selection_for(&self, mask: u64) -> Result<Option<Selection>, ConfigError> {
        if mask == 0 {
            return Ok(None);
        }
        let chosen = self
            .overrides
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, (_, o))| o);
        self.resolve(chosen).map(Some)
    }

    /// The suppressions that apply to `path`.
    pub fn suppressions_for(&self, path: Option<&Path>) -> Vec<Suppression> {
        let rel = path.map(|p| self.relative(p));
        self.suppressions
            .iter()
            .filter(|(g, _)| rel.as_ref().is_none_or(|r| g.is_match(r)))
            .map(|(_, s)| s.clone())
            .collect()
    }

    /// Every suppression, for reporting the ones that matched nothing.
    pub fn suppressions(&self) -> impl Iterator<Item = &Suppression> {
        self.suppressions.iter().map(|(_, s)| s)
    }

    /// The effective configuration as TOML.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        match &self.file {
            Some(f) => out.push_str(&format!("# from {}\n", f.display())),
            None => out.push_str("# no ocrclean.toml found: defaults\n"),
        }
        out.push_str(&toml::to_string_pretty(&self.effective).unwrap_or_default());
        if self.effective.select.is_none() {
            let codes: Vec<String> = self
                .pipeline
                .options()
                .selection
                .codes()
                .iter()
                .map(ToString::to_string)
                .collect();
            out.push_str(&format!("# default selection: {}\n", codes.join(", ")));
        }
        out
    }
}

fn glob_set(globs: &[String], origin: &str) -> Result<GlobSet, ConfigError> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| ConfigError::Glob {
            origin: origin.to_string(),
            glob: g.clone(),
            message: e.kind().to_string(),
        })?;
        b.add(glob);
    }
    b.build().map_err(|e| ConfigError::Glob {
        origin: origin.to_string(),
        glob: globs.join(", "),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_the_closest() {
        let err = Config::parse(Path::new("ocrclean.toml"), "selct = [\"UNI\"]\n").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("ocrclean.toml:1: unknown key `selct`; did you mean `select`?"),
            "{msg}"
        );
        let err = Config::parse(
            Path::new("ocrclean.toml"),
            "[[override]]\npaths = [\"a\"]\nignroe = [\"UNI\"]\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("did you mean `ignore`?"), "{err}");
    }

    #[test]
    fn parses_a_full_config() {
        let c = Config::parse(
            Path::new("x"),
            r#"
select = ["UNI"]
unsafe-fixes = true
[[override]]
paths = ["a/**"]
ignore = ["UNI001"]
[[suppress]]
code = "SPL"
text = "RussiaChina"
"#,
        )
        .unwrap();
        assert_eq!(c.select, Some(vec!["UNI".to_string()]));
        assert!(c.unsafe_fixes);
        assert_eq!(c.overrides[0].ignore, vec!["UNI001"]);
        assert_eq!(c.suppress[0].text.as_deref(), Some("RussiaChina"));
    }
}
