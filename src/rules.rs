//! Rule packs: TOML files under `rules/` (embedded in the binary) and users' own packs.
//!
//! A pack is a list of `[[rule]]` tables. Every rule has a stable code, the stage that runs it, a
//! description, whether its fix is safe, what it matches, and examples that the test suite runs
//! through the whole pipeline. Rules whose logic is code (`builtin`) still live here, so that
//! `ocrclean rules` and `ocrclean explain` describe every code the tool can report.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::code::RuleCode;

pub(crate) mod screen;
pub use crate::examples::{ExampleFailure, check_examples};

/// The built-in packs, embedded at build time. `tests/rule_packs.rs` checks this list names every
/// `.toml` file under `rules/`.
pub const BUILTIN_PACKS: &[(&str, &str)] = &[
    ("rules/unicode.toml", include_str!("../rules/unicode.toml")),
    ("rules/hyphen.toml", include_str!("../rules/hyphen.toml")),
    ("rules/split.toml", include_str!("../rules/split.toml")),
    (
        "rules/ocr-confusions.toml",
        include_str!("../rules/ocr-confusions.toml"),
    ),
    (
        "rules/furniture/pressreader.toml",
        include_str!("../rules/furniture/pressreader.toml"),
    ),
    (
        "rules/furniture/page.toml",
        include_str!("../rules/furniture/page.toml"),
    ),
    (
        "rules/furniture/batch.toml",
        include_str!("../rules/furniture/batch.toml"),
    ),
    ("rules/layout.toml", include_str!("../rules/layout.toml")),
    (
        "rules/whitespace.toml",
        include_str!("../rules/whitespace.toml"),
    ),
];

/// Largest compiled size of one user regex; a pattern that needs more is refused.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
/// Largest compiled size of the user's patterns of one kind together (a run's suppressions, the
/// furniture stage's line patterns): the regex crate's limits apply to one regex at a time, so
/// 5,000 patterns could each take their megabyte (8.5 GB for a 124 KB `.ocrclean-ignore`).
pub const USER_REGEX_TOTAL: usize = 64 << 20;
/// Search memory (the lazy DFA's cache, per thread) the user's patterns of one kind share.
const USER_REGEX_CACHES: usize = 64 << 20;

/// The stages of the pipeline, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StageName {
    /// Character-level repairs: NFC, ligatures, invisible characters, mojibake.
    Unicode,
    /// Export and page furniture lines.
    Furniture,
    /// Captions, bylines, hard-wrapped lines.
    Layout,
    /// Hyphens at line breaks.
    Hyphen,
    /// Run-together words.
    Split,
    /// OCR character confusions.
    Confusion,
    /// Spaces and blank lines.
    Whitespace,
}

impl StageName {
    /// Every stage in pipeline order.
    pub const ALL: [StageName; 7] = [
        StageName::Unicode,
        StageName::Furniture,
        StageName::Layout,
        StageName::Hyphen,
        StageName::Split,
        StageName::Confusion,
        StageName::Whitespace,
    ];

    /// The code prefix of the stage's rules.
    pub fn prefix(self) -> &'static str {
        match self {
            StageName::Unicode => "UNI",
            StageName::Furniture => "FUR",
            StageName::Layout => "LAY",
            StageName::Hyphen => "HYP",
            StageName::Split => "SPL",
            StageName::Confusion => "OCR",
            StageName::Whitespace => "WSP",
        }
    }

    /// The stage's name as written in packs.
    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Unicode => "unicode",
            StageName::Furniture => "furniture",
            StageName::Layout => "layout",
            StageName::Hyphen => "hyphen",
            StageName::Split => "split",
            StageName::Confusion => "confusion",
            StageName::Whitespace => "whitespace",
        }
    }
}

impl fmt::Display for StageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// What a rule matches. Stages accept the kinds that make sense for them.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// The logic is code in the stage; the pack only describes it.
    Builtin,
    /// Characters (or inclusive ranges of them) and what each becomes.
    Chars(Vec<(Range<char>, String)>),
    /// Whole lines: exact texts and regular expressions that must match the whole line.
    ///
    /// A rule's `[rule.lists]` fill `{name}` placeholders when the pack is read: a literal line
    /// becomes one line per entry, a pattern gets an alternation of the escaped entries.
    Lines {
        /// Exact line texts (compared after trimming surrounding spaces and collapsing runs of
        /// spaces inside), placeholders expanded.
        literal: Vec<String>,
        /// Patterns matched against the whole trimmed line, placeholders filled.
        patterns: Vec<String>,
    },
    /// OCR confusion pairs: what was read, what it should be.
    Pairs(Vec<(String, String)>),
}

impl Matcher {
    /// A word for the kind, used in messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Matcher::Builtin => "builtin",
            Matcher::Chars(_) => "chars",
            Matcher::Lines { .. } => "lines",
            Matcher::Pairs(_) => "pairs",
        }
    }
}

/// One example of a rule: the input and what the whole pipeline must make of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    /// Text given to the pipeline.
    pub input: String,
    /// Expected output; equal to `input` for a negative or flagged example.
    pub output: String,
    /// The rule must report this text (a flag) and leave it unchanged: the positive example of a
    /// rule that only reports.
    pub flagged: bool,
    /// Other documents of the batch the input is cleaned in (empty: the input is its own batch).
    /// Rules that learn from the batch need them to show what they do.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub batch: Vec<String>,
    /// Line of the example in its pack file.
    pub line: usize,
}

impl Example {
    /// Whether the example shows text the rule must leave alone without reporting it.
    pub fn is_negative(&self) -> bool {
        self.input == self.output && !self.flagged
    }
}

/// Where a rule was defined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The pack's path (`rules/unicode.toml` for built-ins).
    pub file: PathBuf,
    /// Line of the rule's `[[rule]]` table.
    pub line: usize,
    /// Whether the pack is embedded in the binary.
    pub builtin: bool,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// A rule, loaded and checked.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable code, e.g. `UNI001`.
    pub code: RuleCode,
    /// Short name, e.g. `ligature`; a built-in rule's names its constant in
    /// [`crate::code::builtin`] (`hard-wrap`: `layout::HARD_WRAP`).
    pub name: String,
    /// The stage that runs it.
    pub stage: StageName,
    /// What it does and why, for `ocrclean explain`.
    pub description: String,
    /// The short reason a change by this rule gives in the report (`PressReader export footer`);
    /// stages whose logic is code write their own.
    pub reason: Option<String>,
    /// Whether its fix is applied without `--unsafe-fixes`.
    pub safe: bool,
    /// Whether it runs when the configuration does not select it explicitly.
    pub default: bool,
    /// What it matches.
    pub matcher: Matcher,
    /// Examples, positive and negative.
    pub examples: Vec<Example>,
    /// Where it was defined.
    pub origin: Origin,
    /// Its figures on the labelled export corpus, when measured.
    pub measured: Option<Measured>,
}

/// A problem with a rule pack.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The file could not be read.
    #[error("cannot read rule pack {path}: {source}")]
    Io {
        /// The pack.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a valid pack.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The pack.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// Two rules share a code.
    #[error(
        "rule code {code} is defined twice: in {first} and in {second}; give the user rule a new code"
    )]
    Duplicate {
        /// The code.
        code: RuleCode,
        /// The first definition.
        first: Origin,
        /// The second definition.
        second: Origin,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    #[serde(default)]
    rule: Vec<toml::Spanned<RuleSpec>>,
    #[serde(default)]
    data: BTreeMap<String, BTreeMap<String, toml::Spanned<Vec<String>>>>,
    /// Figures measured for the pack's rules, by code (generated: see [`Measured`]).
    #[serde(default)]
    measured: BTreeMap<String, Measured>,
}

/// How a rule fared on the labelled export corpus (`tests/data/exports/`, dev split, default
/// settings, with the held-out split beside it), kept with the rule in its pack as
/// `[measured.CODE]` and shown by `ocrclean explain`. Generated by `cargo run --release --example measure_rules`; a test checks the figures
/// are current. A rule is made safe when its precision is at least 99.5 % over at least 200
/// proposals on the dev split, the held-out split agrees (see [`Measured::meets_the_bar`]) and it
/// makes no edit on the clean sets.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Measured {
    /// What it was measured on.
    pub corpus: String,
    /// Proposals (applied or pending).
    pub proposals: usize,
    /// Proposals that repaired an injected artifact.
    pub right: usize,
    /// Wrong proposals on the clean renderings (documents without artifacts).
    pub on_clean: usize,
    /// Artifacts labelled with the rule.
    pub labelled: usize,
    /// Of those, repaired.
    pub repaired: usize,
    /// The same figures on the held-out split (`[measured.CODE.heldout]`), never tuned on: a
    /// rule fitted to the dev articles shows it here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heldout: Option<Box<Measured>>,
}

impl Measured {
    /// Right proposals over all proposals, when there were any.
    pub fn precision(&self) -> Option<f64> {
        (self.proposals > 0).then(|| self.right as f64 / self.proposals as f64)
    }

    /// Repaired artifacts over labelled ones, when any were labelled.
    pub fn recall(&self) -> Option<f64> {
        (self.labelled > 0).then(|| self.repaired as f64 / self.labelled as f64)
    }

    /// Whether these figures, on their own split, are good enough for a safe rule: nothing
    /// changed on a clean rendering and at most one wrong proposal in 200 (99.5 %). A split with
    /// fewer than 200 proposals may still have one wrong: the bar cannot tell one slip in 60 from
    /// chance, and the held-out split is a fifth of the corpus.
    pub fn meets_the_bar(&self) -> bool {
        let wrong = self.proposals - self.right.min(self.proposals);
        self.on_clean == 0 && wrong <= (self.proposals / 200).max(1)
    }

    /// Whether both splits meet the bar ([`Measured::meets_the_bar`]); figures without a held-out
    /// table are judged on the dev split alone.
    pub fn meets_the_bar_on_both_splits(&self) -> bool {
        self.meets_the_bar() && self.heldout.as_ref().is_none_or(|h| h.meets_the_bar())
    }
}

/// A named list of words or patterns that a stage's built-in logic reads, from a pack's
/// `[data.<stage>]` table (`[data.layout] function-words = ["and", "of"]`). Lists of the same name
/// from several packs add up, so a user pack can extend what a stage knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataList {
    /// The stage that reads it.
    pub stage: StageName,
    /// The list's name, e.g. `function-words`.
    pub name: String,
    /// Its entries, in file order.
    pub values: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RuleSpec {
    code: String,
    name: String,
    stage: StageName,
    description: String,
    reason: Option<String>,
    safe: bool,
    #[serde(default = "yes")]
    default: bool,
    #[serde(default)]
    builtin: bool,
    chars: Option<BTreeMap<String, String>>,
    lines: Option<Vec<String>>,
    line_patterns: Option<Vec<String>>,
    pairs: Option<Vec<[String; 2]>>,
    #[serde(default)]
    lists: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    example: Vec<toml::Spanned<ExampleSpec>>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleSpec {
    input: String,
    output: Option<String>,
    #[serde(default)]
    flagged: bool,
    #[serde(default)]
    batch: Vec<String>,
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Parses one pack. `builtin` marks embedded packs.
pub fn parse_pack(path: &Path, source: &str, builtin: bool) -> Result<Vec<Rule>, RuleError> {
    parse_pack_with_data(path, source, builtin).map(|(rules, _)| rules)
}

/// Parses one pack: its rules and its `[data.<stage>]` lists.
pub fn parse_pack_with_data(
    path: &Path,
    source: &str,
    builtin: bool,
) -> Result<(Vec<Rule>, Vec<DataList>), RuleError> {
    let invalid = |offset: usize, message: String| RuleError::Invalid {
        path: path.to_path_buf(),
        line: line_of(source, offset),
        message,
    };
    let file: PackFile = toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        invalid(offset, e.message().trim().to_string())
    })?;
    let mut rules = Vec::with_capacity(file.rule.len());
    for spanned in file.rule {
        let at = spanned.span().start;
        let spec = spanned.into_inner();
        let code: RuleCode = spec
            .code
            .parse()
            .map_err(|e: crate::code::BadCode| invalid(at, e.to_string()))?;
        if code.prefix() != spec.stage.prefix() {
            return Err(invalid(
                at,
                format!(
                    "rule {code} runs in stage `{}`, so its code must start with {}",
                    spec.stage,
                    spec.stage.prefix()
                ),
            ));
        }
        let matcher =
            matcher_of(&spec, builtin).map_err(|m| invalid(at, format!("rule {code}: {m}")))?;
        let examples: Vec<Example> = spec
            .example
            .into_iter()
            .map(|e| {
                let line = line_of(source, e.span().start);
                let e = e.into_inner();
                if e.flagged && e.output.is_some() {
                    return Err(RuleError::Invalid {
                        path: path.to_path_buf(),
                        line,
                        message: format!(
                            "rule {code}: a `flagged` example is reported, not changed: drop its \
                             `output`"
                        ),
                    });
                }
                Ok(Example {
                    output: e.output.unwrap_or_else(|| e.input.clone()),
                    input: e.input,
                    flagged: e.flagged,
                    batch: e.batch,
                    line,
                })
            })
            .collect::<Result<_, _>>()?;
        if examples.is_empty() {
            return Err(invalid(
                at,
                format!(
                    "rule {code} has no examples: add at least one [[rule.example]] that it fixes \
                     and one it must leave unchanged"
                ),
            ));
        }
        rules.push(Rule {
            code,
            name: spec.name,
            stage: spec.stage,
            description: spec.description.trim().to_string(),
            reason: spec.reason.map(|r| r.trim().to_string()),
            safe: spec.safe,
            default: spec.default,
            matcher,
            examples,
            origin: Origin {
                file: path.to_path_buf(),
                line: line_of(source, at),
                builtin,
            },
            measured: None,
        });
    }
    let mut measured = file.measured;
    for r in &mut rules {
        r.measured = measured.remove(r.code.as_str());
    }
    if let Some(code) = measured.keys().next() {
        return Err(invalid(
            0,
            format!(
                "[measured.{code}]: the pack has no rule {code}; measured figures go in the pack of their rule"
            ),
        ));
    }
    let mut data = Vec::new();
    for (stage_name, lists) in file.data {
        let stage = StageName::ALL
            .into_iter()
            .find(|s| s.as_str() == stage_name)
            .ok_or_else(|| {
                invalid(
                    0,
                    format!(
                        "[data.{stage_name}]: no stage is called `{stage_name}`; stages are {}",
                        StageName::ALL.map(StageName::as_str).join(", ")
                    ),
                )
            })?;
        for (name, values) in lists {
            let line = line_of(source, values.span().start);
            data.push(DataList {
                stage,
                name,
                values: values.into_inner(),
                origin: Origin {
                    file: path.to_path_buf(),
                    line,
                    builtin,
                },
            });
        }
    }
    Ok((rules, data))
}

/// `builtin` packs skip the syntax check of line patterns: the stage compiles them when the
/// pipeline is built, and the test suite builds one from every built-in pack.
fn matcher_of(spec: &RuleSpec, builtin: bool) -> Result<Matcher, String> {
    let mut kinds = Vec::new();
    if spec.builtin {
        kinds.push(Matcher::Builtin);
    }
    if let Some(chars) = &spec.chars {
        let mut table = Vec::with_capacity(chars.len());
        for (key, to) in chars {
            table.push((char_range(key)?, to.clone()));
        }
        kinds.push(Matcher::Chars(table));
    }
    if spec.lines.is_some() || spec.line_patterns.is_some() {
        let mut patterns = Vec::new();
        for p in spec.line_patterns.iter().flatten() {
            let filled = fill_pattern(p, &spec.lists)?;
            if !builtin {
                check_regex_syntax(&filled)?;
            }
            patterns.push(filled);
        }
        let mut literal = Vec::new();
        for line in spec.lines.iter().flatten() {
            expand_line(line, &spec.lists, &mut literal)?;
        }
        kinds.push(Matcher::Lines { literal, patterns });
    } else if !spec.lists.is_empty() {
        return Err(
            "`[rule.lists]` fill `{name}` placeholders of `lines` and `line-patterns`; \
                    this rule has neither"
                .into(),
        );
    }
    if let Some(pairs) = &spec.pairs {
        kinds.push(Matcher::Pairs(
            pairs.iter().map(|[a, b]| (a.clone(), b.clone())).collect(),
        ));
    }
    match kinds.len() {
        1 => Ok(kinds.pop().unwrap_or(Matcher::Builtin)),
        0 => Err(
            "says nothing to match: give one of `chars`, `lines`, `line-patterns`, `pairs`, \
                  or `builtin = true`"
                .into(),
        ),
        _ => Err(format!(
            "has more than one matcher ({}): split it into one rule per matcher",
            kinds
                .iter()
                .map(Matcher::kind)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Most literal lines one rule may expand to; a rule that needs more should use a pattern.
const MAX_EXPANDED_LINES: usize = 100_000;

/// A `{name}` placeholder: where it is, and the entries it stands for.
type Placeholder<'l> = (Range<usize>, &'l [String]);

/// The first `{name}` placeholder in `s` naming one of `lists`: its byte range and the list.
/// Braces around anything else (`\d{2}`, `\p{Lu}`, `{x}` in a rule without lists) are left as
/// they are.
fn placeholder<'l>(
    s: &str,
    lists: &'l BTreeMap<String, Vec<String>>,
) -> Result<Option<Placeholder<'l>>, String> {
    let mut from = 0;
    while let Some(open) = s[from..].find('{').map(|i| from + i) {
        let Some(close) = s[open..].find('}').map(|i| open + i) else {
            break;
        };
        let name = &s[open + 1..close];
        // `\p{Lu}`, `\x{2014}`: a regex escape's braces, not a placeholder.
        let escape = [r"\p", r"\P", r"\x", r"\u", r"\U"]
            .iter()
            .any(|e| s[..open].ends_with(e));
        let is_name = !escape
            && !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || b == b'-' || b == b'_');
        if is_name {
            return match lists.get(name) {
                Some(values) if values.is_empty() => Err(format!("list `{name}` is empty")),
                Some(values) => Ok(Some((open..close + 1, values))),
                None if lists.is_empty() => Ok(None),
                None => Err(format!(
                    "`{{{name}}}` names no list of this rule; its lists are {}",
                    lists
                        .keys()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
        }
        from = open + 1;
    }
    Ok(None)
}

/// A literal line with its placeholders expanded into every combination of list entries.
fn expand_line(
    line: &str,
    lists: &BTreeMap<String, Vec<String>>,
    out: &mut Vec<String>,
) -> Result<(), String> {
    let Some((at, values)) = placeholder(line, lists)? else {
        out.push(line.to_string());
        return Ok(());
    };
    // Entries are not searched for placeholders: only the text after this one is.
    let mut tails = Vec::new();
    expand_line(&line[at.end..], lists, &mut tails)?;
    if out.len() + values.len() * tails.len() > MAX_EXPANDED_LINES {
        return Err(format!(
            "`{line}` expands to more than {MAX_EXPANDED_LINES} lines: use `line-patterns` for it"
        ));
    }
    let head = &line[..at.start];
    for v in values {
        for t in &tails {
            out.push(format!("{head}{v}{t}"));
        }
    }
    Ok(())
}

/// A line pattern with each placeholder replaced by an alternation of its escaped entries.
fn fill_pattern(pattern: &str, lists: &BTreeMap<String, Vec<String>>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some((at, values)) = placeholder(rest, lists)? {
        out.push_str(&rest[..at.start]);
        out.push_str("(?:");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            // `\x20`, not a space: the pattern may be in verbose `(?x)` mode.
            out.push_str(&regex::escape(v).replace(' ', "\\x20"));
        }
        out.push(')');
        rest = &rest[at.end..];
    }
    out.push_str(rest);
    Ok(out)
}

fn char_range(key: &str) -> Result<Range<char>, String> {
    let chars: Vec<char> = key.chars().collect();
    match chars.as_slice() {
        [c] => Ok(*c..*c),
        [a, '-', b] if a <= b => Ok(*a..*b),
        _ => Err(format!(
            "`chars` key {key:?} is neither one character nor a range like \"\\u0080-\\u009F\""
        )),
    }
}

/// Checks a pattern's syntax without compiling it: `lines` patterns are compiled once, together,
/// by the stage that runs them (with the same size limit per pattern), and compiling each one
/// here too would cost more than the rest of loading the packs.
pub fn check_regex_syntax(pattern: &str) -> Result<(), String> {
    regex_syntax::Parser::new()
        .parse(pattern)
        .map(drop)
        .map_err(|e| format!("bad regular expression {pattern:?}: {e}"))
}

/// Compiles a pattern from a pack with a size limit, so a user pattern cannot exhaust memory.
pub fn compile_user_regex(pattern: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("bad regular expression {pattern:?}: {e}"))
}

/// What is left of the compiled size the user's patterns of one kind may take together
/// ([`USER_REGEX_TOTAL`]); a pattern that does not fit is refused, named.
#[derive(Debug, Clone)]
pub struct RegexBudget {
    left: usize,
    /// Search cache each pattern may grow, so that all of them together stay within
    /// `USER_REGEX_CACHES` per thread.
    cache: usize,
    compiled: usize,
}

impl RegexBudget {
    /// A budget for `count` patterns.
    pub fn new(count: usize) -> RegexBudget {
        RegexBudget {
            left: USER_REGEX_TOTAL,
            cache: (USER_REGEX_CACHES / count.max(1)).clamp(16 << 10, 2 << 20),
            compiled: 0,
        }
    }

    /// Compiles a user pattern within the budget and the limit for one pattern, and charges its
    /// compiled size.
    pub fn compile(&mut self, pattern: &str) -> Result<regex_automata::meta::Regex, String> {
        use regex_automata::meta;
        let limit = self.left.min(REGEX_SIZE_LIMIT);
        let config = meta::Config::new()
            .nfa_size_limit(Some(limit))
            .onepass_size_limit(Some(limit))
            .hybrid_cache_capacity(self.cache);
        let over = |what: String| {
            format!(
                "regular expression {pattern:?}: {what}; use fewer or simpler patterns (`[a-z]` \
                 compiles far smaller than `\\w`, which is every letter of Unicode)"
            )
        };
        let re = meta::Regex::builder()
            .configure(config)
            .build(pattern)
            .map_err(|e| match (e.size_limit(), e.syntax_error()) {
                (Some(_), _) if limit < REGEX_SIZE_LIMIT => over(self.over_message()),
                (_, Some(syntax)) => format!("bad regular expression {pattern:?}: {syntax}"),
                _ => format!("bad regular expression {pattern:?}: {e}"),
            })?;
        let size = re.memory_usage();
        if size > self.left {
            return Err(over(self.over_message()));
        }
        self.left -= size;
        self.compiled += 1;
        Ok(re)
    }

    fn over_message(&self) -> String {
        format!(
            "with the {} patterns before it, it takes more than {} MB compiled, the most the \
             patterns of one kind may take together",
            self.compiled,
            USER_REGEX_TOTAL >> 20
        )
    }
}

/// The size limit for a regex set of `count` user patterns (the furniture stage's line
/// patterns): their megabyte each, but no more than [`USER_REGEX_TOTAL`] together.
pub fn set_size_limit(count: usize) -> usize {
    REGEX_SIZE_LIMIT.saturating_mul(count).min(USER_REGEX_TOTAL)
}

/// Why a set of user patterns does not compile within [`set_size_limit`]: the index of the
/// pattern to blame and what is wrong with it. A pattern too large alone is blamed first; else the
/// one that brings the set over [`USER_REGEX_TOTAL`] (the last of the shortest leading run that
/// does not fit). Sizes are the compiled NFA's, which is what the limits measure.
pub fn set_error(patterns: &[String]) -> Option<(usize, String)> {
    use regex_automata::nfa::thompson;
    let nfa = |patterns: &[String], limit: usize| {
        thompson::Compiler::new()
            .configure(thompson::Config::new().nfa_size_limit(Some(limit)))
            .build_many(patterns)
            .map(drop)
            .map_err(|e| e.to_string())
    };
    for (i, p) in patterns.iter().enumerate() {
        if let Err(e) = nfa(std::slice::from_ref(p), REGEX_SIZE_LIMIT) {
            return Some((i, format!("bad regular expression {p:?}: {e}")));
        }
    }
    let fits = |n: usize| nfa(&patterns[..n], USER_REGEX_TOTAL).is_ok();
    if fits(patterns.len()) {
        return None;
    }
    // The shortest failing run: fits(lo) holds, fits(hi) does not.
    let (mut lo, mut hi) = (0, patterns.len());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let i = hi - 1;
    Some((
        i,
        format!(
            "line pattern {:?} brings the patterns before it over {} MB compiled, the most they \
             may take together; use fewer or simpler patterns (`[a-z]` compiles far smaller than \
             `\\w`, which is every letter of Unicode)",
            patterns[i],
            USER_REGEX_TOTAL >> 20
        ),
    ))
}

/// A set of user patterns that cannot fit within [`USER_REGEX_TOTAL`], found before compiling
/// the set: the index of the pattern to blame and what is wrong with it, a pattern too large
/// alone or the one that brings the patterns before it over the budget. Each pattern is compiled
/// once, alone, with what is left of the budget as its limit, so a set far over the budget is
/// refused after compiling about a budget's worth (3,000 `\w` line patterns of
/// `benches/memory.sh`: 3.7 s and 36 MB peak RSS, where compiling the set first and bisecting
/// for the culprit with [`set_error`] took 96.5 s and 201 MB). The sizes summed are the finished
/// NFAs'; the limit of a set's compilation counts its builder's memory, a little more, so a set
/// this passes may still fail, and [`set_error`] then names the pattern exactly.
pub fn budget_error(patterns: &[String]) -> Option<(usize, String)> {
    use regex_automata::nfa::thompson;
    let mut left = USER_REGEX_TOTAL;
    for (i, p) in patterns.iter().enumerate() {
        let limit = left.min(REGEX_SIZE_LIMIT);
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().nfa_size_limit(Some(limit)))
            .build(p);
        match nfa {
            Ok(nfa) if nfa.memory_usage() <= left => left -= nfa.memory_usage(),
            Err(e) if limit == REGEX_SIZE_LIMIT => {
                return Some((i, format!("bad regular expression {p:?}: {e}")));
            }
            _ => {
                return Some((
                    i,
                    format!(
                        "line pattern {p:?} brings the patterns before it over {} MB compiled, \
                         the most they may take together; use fewer or simpler patterns \
                         (`[a-z]` compiles far smaller than `\\w`, which is every letter of \
                         Unicode)",
                        USER_REGEX_TOTAL >> 20
                    ),
                ));
            }
        }
    }
    None
}

impl Rule {
    /// The first sentence of the description, on one line.
    pub fn summary(&self) -> String {
        let flat = self
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match flat.find(". ") {
            Some(i) => flat[..=i].to_string(),
            None => flat,
        }
    }
}

/// The built-in `[data.<stage>]` lists too long to write in their pack, each in a text file of its
/// own (one entry a line, `#` comments, in sorted runs between comments): the stage, the list's
/// name, the file and its text. Each is read as the list of that name written in a pack would
/// be, so a user's pack extends it the same way (`[data.split] brands = ["FooBar"]`).
pub const BUILTIN_LIST_FILES: &[(StageName, &str, &str, &str)] = &[
    (
        StageName::Split,
        "affixes",
        "rules/split/affixes.txt",
        include_str!("../rules/split/affixes.txt"),
    ),
    (
        StageName::Split,
        "brands",
        "rules/split/brands.txt",
        include_str!("../rules/split/brands.txt"),
    ),
    (
        StageName::Split,
        "cantonese-syllables",
        "rules/split/cantonese-syllables.txt",
        include_str!("../rules/split/cantonese-syllables.txt"),
    ),
    (
        StageName::Split,
        "compound-pairs",
        "rules/split/compound-pairs.txt",
        include_str!("../rules/split/compound-pairs.txt"),
    ),
    (
        StageName::Split,
        "function-words",
        "rules/split/function-words.txt",
        include_str!("../rules/split/function-words.txt"),
    ),
    (
        StageName::Split,
        "hyphen-compounds",
        "rules/split/hyphen-compounds.txt",
        include_str!("../rules/split/hyphen-compounds.txt"),
    ),
    (
        StageName::Split,
        "hyphenated-words",
        "rules/split/hyphenated-words.txt",
        include_str!("../rules/split/hyphenated-words.txt"),
    ),
    (
        StageName::Split,
        "name-phrases",
        "rules/split/name-phrases.txt",
        include_str!("../rules/split/name-phrases.txt"),
    ),
    (
        StageName::Split,
        "name-particles",
        "rules/split/name-particles.txt",
        include_str!("../rules/split/name-particles.txt"),
    ),
    (
        StageName::Split,
        "name-prefixes",
        "rules/split/name-prefixes.txt",
        include_str!("../rules/split/name-prefixes.txt"),
    ),
    (
        StageName::Split,
        "titles",
        "rules/split/titles.txt",
        include_str!("../rules/split/titles.txt"),
    ),
];

/// The files of [`BUILTIN_LIST_FILES`] that build.rs compiles into a table of their stage, which
/// the stage searches in place (`rules/split/compound-pairs.txt`: 66,517 pairs, whose parsing
/// alone took 60 M instructions at every start). The rule book leaves them out; a pack's list of
/// the same name adds to the compiled table.
pub const COMPILED_LIST_FILES: &[&str] = &["rules/split/compound-pairs.txt"];

/// The `[data.<stage>]` list of a text file of [`BUILTIN_LIST_FILES`].
fn list_file(stage: StageName, name: &str, path: &str, text: &str) -> DataList {
    let values = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    DataList {
        stage,
        name: name.to_string(),
        values,
        origin: Origin {
            file: PathBuf::from(path),
            line: 1,
            builtin: true,
        },
    }
}

/// Every rule known to a run: the built-in packs plus user packs, codes unique.
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    rules: Vec<Rule>,
    index: HashMap<RuleCode, usize>,
    data: Vec<DataList>,
    /// An OCR error table (`--errors FILE`) the confusion stage uses instead of its built-in
    /// one: the file and its text.
    error_table: Option<(PathBuf, std::sync::Arc<str>)>,
}

impl RuleBook {
    /// The embedded packs only.
    pub fn builtin() -> RuleBook {
        let mut book = RuleBook::default();
        for (path, source) in BUILTIN_PACKS {
            let (rules, data) = parse_pack_with_data(Path::new(path), source, true)
                .unwrap_or_else(|e| panic!("built-in rule pack is broken: {e}"));
            for rule in rules {
                book.add(rule)
                    .unwrap_or_else(|e| panic!("built-in rule packs clash: {e}"));
            }
            book.data.extend(data);
        }
        for &(stage, name, path, text) in BUILTIN_LIST_FILES {
            if COMPILED_LIST_FILES.contains(&path) {
                continue;
            }
            book.data.push(list_file(stage, name, path, text));
        }
        book
    }

    /// Gives the confusion stage the error table in `path` (read by the caller as `text`) in
    /// place of the built-in one; the stage reports a bad line when the pipeline is built.
    pub fn set_error_table(&mut self, path: PathBuf, text: String) {
        self.error_table = Some((path, text.into()));
    }

    /// The error table set with [`RuleBook::set_error_table`], if any: its file and text.
    pub fn error_table(&self) -> Option<(&Path, &str)> {
        self.error_table.as_ref().map(|(p, t)| (p.as_path(), &**t))
    }

    /// Adds one rule; a code that already exists is an error naming both definitions.
    pub fn add(&mut self, rule: Rule) -> Result<(), RuleError> {
        if let Some(&i) = self.index.get(&rule.code) {
            return Err(RuleError::Duplicate {
                code: rule.code,
                first: self.rules[i].origin.clone(),
                second: rule.origin,
            });
        }
        self.index.insert(rule.code, self.rules.len());
        self.rules.push(rule);
        Ok(())
    }

    /// Loads every `*.toml` pack in `dir` (or the file `dir` itself) and adds its rules.
    pub fn load_user_packs(&mut self, dir: &Path) -> Result<usize, RuleError> {
        let io = |e| RuleError::Io {
            path: dir.to_path_buf(),
            source: e,
        };
        let mut files = Vec::new();
        if dir.is_file() {
            files.push(dir.to_path_buf());
        } else {
            for entry in std::fs::read_dir(dir).map_err(io)? {
                let path = entry.map_err(io)?.path();
                if path.extension().is_some_and(|e| e == "toml") {
                    files.push(path);
                }
            }
            files.sort();
        }
        let mut added = 0;
        for file in files {
            let source = std::fs::read_to_string(&file).map_err(|e| RuleError::Io {
                path: file.clone(),
                source: e,
            })?;
            let (rules, data) = parse_pack_with_data(&file, &source, false)?;
            for rule in rules {
                self.add(rule)?;
                added += 1;
            }
            self.data.extend(data);
        }
        Ok(added)
    }

    /// All rules, in pack order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with this code.
    pub fn get(&self, code: RuleCode) -> Option<&Rule> {
        self.index.get(&code).map(|&i| &self.rules[i])
    }

    /// Position of a rule in [`RuleBook::rules`].
    pub fn position(&self, code: RuleCode) -> Option<usize> {
        self.index.get(&code).copied()
    }

    /// Every `[data.<stage>]` list of one stage, in pack order (lists of one name may come from
    /// several packs).
    pub fn data(&self, stage: StageName) -> impl Iterator<Item = &DataList> {
        self.data.iter().filter(move |d| d.stage == stage)
    }

    /// The rules of one stage.
    pub fn stage(&self, stage: StageName) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |r| r.stage == stage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Vec<Rule>, RuleError> {
        parse_pack(Path::new("test.toml"), src, false)
    }

    #[test]
    fn builtin_packs_load() {
        let book = RuleBook::builtin();
        assert!(book.rules().len() >= 5);
        assert!(book.rules().iter().all(|r| !r.examples.is_empty()));
    }

    #[test]
    fn parses_a_rule_with_examples() {
        let rules = parse(
            r#"
[[rule]]
code = "FUR901"
name = "my-footer"
stage = "furniture"
description = "A footer."
safe = true
lines = ["Read more at example.com"]

[[rule.example]]
input = "Body.\nRead more at example.com\n"
output = "Body.\n"

[[rule.example]]
input = "Read more at example.com if you like.\n"
"#,
        )
        .unwrap();
        assert_eq!(rules.len(), 1);
        let r = &rules[0];
        assert_eq!(r.code.as_str(), "FUR901");
        assert_eq!(r.origin.line, 2);
        assert_eq!(r.examples[0].line, 10);
        assert!(r.examples[1].is_negative());
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse("[[rule]]\ncode = \"FUR901\"\nnmae = \"x\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("test.toml:"), "{msg}");
        assert!(msg.contains("nmae"), "{msg}");
    }

    #[test]
    fn code_must_match_stage() {
        let err = parse(
            "[[rule]]\ncode = \"UNI901\"\nname = \"x\"\nstage = \"furniture\"\ndescription = \"d\"\n\
             safe = true\nlines = [\"x\"]\n[[rule.example]]\ninput = \"x\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("must start with FUR"), "{err}");
    }

    #[test]
    fn rule_without_examples_is_refused() {
        let err = parse(
            "[[rule]]\ncode = \"FUR901\"\nname = \"x\"\nstage = \"furniture\"\ndescription = \"d\"\n\
             safe = true\nlines = [\"x\"]\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("no examples"), "{err}");
    }

    fn lines_rule(body: &str) -> Result<Vec<Rule>, RuleError> {
        parse(&format!(
            "[[rule]]\ncode = \"FUR901\"\nname = \"x\"\nstage = \"furniture\"\n\
             description = \"d\"\nsafe = true\n{body}\n[[rule.example]]\ninput = \"x\"\n"
        ))
    }

    #[test]
    fn lists_fill_placeholders() {
        let rules = lines_rule(
            "reason = \"my footer\"\nlines = [\"From {place} with {x}\", \"plain\"]\n\
             line-patterns = ['\\p{Lu}+ {place}']\n\
             [rule.lists]\nplace = [\"Here\", \"New Town\"]\nx = [\"love\", \"care\"]\n",
        )
        .unwrap();
        let Matcher::Lines { literal, patterns } = &rules[0].matcher else {
            panic!("not a lines rule");
        };
        assert_eq!(
            literal,
            &[
                "From Here with love",
                "From Here with care",
                "From New Town with love",
                "From New Town with care",
                "plain"
            ]
        );
        assert_eq!(patterns, &[r"\p{Lu}+ (?:Here|New\x20Town)"]);
        assert_eq!(rules[0].reason.as_deref(), Some("my footer"));
    }

    #[test]
    fn unknown_placeholder_is_refused() {
        let err = lines_rule("lines = [\"From {plaec}\"]\n[rule.lists]\nplace = [\"Here\"]\n")
            .unwrap_err();
        assert!(err.to_string().contains("`{plaec}` names no list"), "{err}");
        // Without lists, braces are text.
        assert!(lines_rule("lines = [\"{footer}\"]\n").is_ok());
        let err = lines_rule("lines = [\"x\"]\nline-patterns = [\"(\"]\n").unwrap_err();
        assert!(err.to_string().contains("bad regular expression"), "{err}");
    }

    #[test]
    fn huge_regex_is_refused() {
        let err = compile_user_regex(r"\w{1000}\w{1000}\w{1000}").unwrap_err();
        assert!(err.contains("bad regular expression"), "{err}");
    }

    #[test]
    fn line_patterns_over_the_budget_are_refused_at_the_first_that_does_not_fit() {
        // The 3,000 `\w` line patterns of benches/memory.sh: the one that brings the patterns
        // before it over the budget is named, and the pattern after it never compiled.
        let patterns: Vec<String> = (0..3000)
            .map(|i| format!(r"^(?:harbour\w+ \d{{1,4}} [A-Z][a-z]+{i})$"))
            .collect();
        let (i, message) = budget_error(&patterns).expect("over the budget");
        assert!((10..3000).contains(&i), "{i}");
        assert!(
            message.contains(&format!("{:?}", patterns[i])) && message.contains("64 MB"),
            "{message}"
        );
        // A pattern too large alone is named as such; a few small ones fit.
        let huge = vec![r"\w{1000}".to_string()];
        let (i, message) = budget_error(&huge).expect("too large");
        assert_eq!(i, 0);
        assert!(message.starts_with("bad regular expression"), "{message}");
        assert_eq!(budget_error(&patterns[..5]), None);
    }

    #[test]
    fn many_patterns_share_one_budget_and_the_one_over_it_is_named() {
        let patterns: Vec<String> = (0..5000)
            .map(|i| format!(r"harbour\w{{2,8}}x{i}"))
            .collect();
        let mut budget = RegexBudget::new(patterns.len());
        let mut compiled = 0;
        let err = loop {
            match budget.compile(&patterns[compiled]) {
                Ok(_) => compiled += 1,
                Err(e) => break e,
            }
            assert!(compiled < patterns.len(), "all 5,000 fit in the budget");
        };
        assert!(compiled > 10, "only {compiled} fit");
        assert!(
            err.contains(&format!("{:?}", patterns[compiled])) && err.contains("64 MB"),
            "{err}"
        );
        // A few patterns compile as before, and match as regex does.
        let mut budget = RegexBudget::new(2);
        let re = budget.compile(r"Sino-?Russian").expect("compiles");
        assert!(re.is_match("a SinoRussian pact"));
    }

    #[test]
    fn duplicate_codes_name_both_files() {
        let mut book = RuleBook::builtin();
        let mut rule = book.rules()[0].clone();
        rule.origin.file = PathBuf::from("mine.toml");
        let err = book.add(rule).unwrap_err().to_string();
        assert!(
            err.contains("rules/unicode.toml") && err.contains("mine.toml"),
            "{err}"
        );
    }
}
