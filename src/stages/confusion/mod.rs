//! Stage `confusion` (OCR): words the OCR engine misread, corrected by a noisy channel.
//!
//! Old type and poor scans make letters look alike (`rn` and `m`, `li` and `h`, `b` and `h`, `e`
//! and `o`, `0` and `o`), and the engine prints the wrong one. For each token the lexicon and
//! the batch do not vouch for, the stage asks which word the page most likely had:
//!
//! - [`errors`]: how likely each printed letter group is for each gold one, learned from OCR
//!   texts and their references (`ocrclean learn-errors`, [`learn`]);
//! - [`candidates`]: the words the token may stand for, found by running those edits backwards;
//! - [`language`]: how likely each word is, alone and between its neighbours;
//! - [`decision`]: the posterior of the best reading against every other and against the token
//!   as printed (a name or a rare word the lexicon lacks).
//!
//! A word the lexicon knows is a candidate for repair only when it is rare and one likely edit
//! away from a common word (`tho`, `bo`): then only its context can say it was misread. A form
//! the batch prints again and again is a word of its own (a name), unless a likely misreading of
//! a common word explains how often it occurs (`tbe`). The near-certain fixes of tokens that are
//! no word, to a common word, are `OCR004`, safe and on by default ([`safety`]: with a word on
//! either side of the token the bars are lower, both neighbours voted); a rare word read as one of the
//! commonest words its neighbours ask for (`of tho town`) is `OCR006`, on by default but unsafe
//! (reported, applied with unsafe fixes); the other readings of rare words are `OCR005`, and the less certain readings of
//! non-words are named by the kind of confusion (`OCR001` letter shapes, `OCR002` letters,
//! `OCR003` digits). Those are unsafe and off by default. The thresholds were chosen on the
//! training halves of the development sets and checked on the held-out ones (see
//! `rules/ocr/SOURCE.md`).

pub(crate) mod candidates;
pub(crate) mod decision;
pub mod errors;
pub(crate) mod language;
pub mod learn;
mod memo;
mod safety;

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::code::RuleCode;
use crate::code::builtin::confusion::{
    DIGITS_IN_WORDS, LETTER_SHAPES, LETTERS, MISREAD_WORD, REAL_WORD, REAL_WORD_IN_CONTEXT,
};
use crate::edit::Edit;
use crate::lexicon::Lexicon;
use crate::lexicon::vocabulary::Vocabulary;
use crate::rules::{Matcher, RuleBook, RuleError, StageName};
use crate::stage::{Context, Stage};
use crate::stages::evidence::attested_beyond;
use crate::stages::tokens::{Word, possessive, words};
use candidates::{Candidate, MAX_LEN, Search};
use decision::{Judgement, judge, keep_score};
use errors::ErrorModel;
use language::Language;
use memo::Memo;

/// A word the lexicon knows is read for a misreading only when it is rarer than this (log10 of
/// its probability): `tho`, `bo`, `ot`; not `foot` or `north`, whose misreadings only meaning
/// can tell.
const REAL_WORD_MAX_LOG_P: f32 = -5.0;
/// How much (log10) the neighbours may add to a reading at most: readings whose edits cost more
/// than what even that could pay back are not searched.
const CONTEXT_ROOM: f32 = 2.0;
/// Candidates kept per form, best first by frequency and channel.
const KEPT_CANDIDATES: usize = 8;
/// Posterior above which a fix of a token that is no word is offered as unsafe.
const PROBABLE_POSTERIOR: f64 = 0.8;
/// Posterior above which a rare word is read as the common word its context asks for.
const REAL_WORD_POSTERIOR: f64 = 0.99;

/// The most a scan's misreadings of a word are expected to take of its occurrences: a form
/// printed more often than the word it would be is a word of its own.
const ACCIDENT_SHARE: f64 = 1.0;

/// How often the tokens of a document are read at most, each time again beside the neighbours
/// whose reading changed: a chain of misread words settles in a pass per word, and a reading
/// that flips back and forth stops here.
const MAX_PASSES: usize = 4;

/// The confusion stage.
pub struct Confusion {
    model: Arc<ErrorModel>,
    vocab: Vocabulary,
    memo: Memo,
}

impl Confusion {
    /// The stage over `lexicon`, with the built-in error model.
    pub fn new(book: &RuleBook, lexicon: Lexicon) -> Confusion {
        Confusion::with_model(book, lexicon, ErrorModel::builtin())
    }

    /// The stage over `lexicon`, with the error table `book` carries (`--errors FILE`) or the
    /// built-in one. Fails on a bad line of the table.
    pub fn from_book(book: &RuleBook, lexicon: Lexicon) -> Result<Confusion, RuleError> {
        let model = match book.error_table() {
            Some((path, text)) => {
                ErrorModel::parse(path, text).map_err(|e| RuleError::Invalid {
                    path: e.path.clone(),
                    line: e.line,
                    message: format!(
                        "{} (an error table has lines `gold<TAB>ocr<TAB>count<TAB>of`, as \
                         `ocrclean learn-errors` writes them)",
                        e.message
                    ),
                })?
            }
            None => ErrorModel::builtin(),
        };
        Ok(Confusion::with_model(book, lexicon, model))
    }

    /// The stage with the error model `model`, plus the confusions of `book`'s `pairs` rules.
    pub fn with_model(book: &RuleBook, lexicon: Lexicon, model: ErrorModel) -> Confusion {
        let mut pairs = Vec::new();
        for rule in book.stage(StageName::Confusion) {
            if let Matcher::Pairs(list) = &rule.matcher {
                pairs.extend(list.iter().map(|(a, b)| (a.clone(), b.clone(), rule.code)));
            }
        }
        Confusion {
            model: Arc::new(model.with_pairs(pairs)),
            vocab: Vocabulary::new(lexicon),
            memo: Memo::default(),
        }
    }
}

/// What the stage knows of a token it reads.
struct Token<'t> {
    word: Word<'t>,
    /// The word without a possessive ending.
    text: &'t str,
    /// log10 of its probability when the lexicon knows it.
    word_log_p: Option<f32>,
}

impl Stage for Confusion {
    fn name(&self) -> StageName {
        StageName::Confusion
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        // Two passes over the words. The first counts each suspect form (the decision asks how
        // often a form recurs in the document) and marks which words are suspects; the second
        // reads the suspects a run of adjacent words at a time. A suspect's reading depends
        // only on the suspects next to it, so runs are independent and the edits are the same
        // as when every suspect was kept at once: a list of them (128 bytes each) took 67 MB
        // of a 16 MB document, the largest share of the peak. Now a run, the counts and a bit
        // per word are held.
        let mut here: FxHashMap<&str, u32> = FxHashMap::default();
        let mut marked: Vec<u64> = Vec::new();
        for (index, word) in words(text).enumerate() {
            if index % 64 == 0 {
                marked.push(0);
            }
            if let Some(token) = self.suspect(text, word) {
                *here.entry(token.text).or_default() += 1;
                marked[index / 64] |= 1 << (index % 64);
            }
        }
        if here.is_empty() {
            return Vec::new();
        }
        let is_marked = |index: usize| marked[index / 64] & (1 << (index % 64)) != 0;
        let doc = Document {
            text,
            here: &here,
            ctx,
        };
        let lm = Language::new(&self.vocab);
        let mut edits = Vec::new();
        let mut run: Vec<Suspect> = Vec::new();
        let mut before: Option<Word> = None;
        let mut all = words(text).enumerate().peekable();
        while let Some((index, word)) = all.next() {
            if is_marked(index) {
                let token = self
                    .suspect(text, word)
                    .expect("a word marked as a suspect is one");
                if run.last().is_some_and(|last| last.index + 1 != index) {
                    self.read(&lm, &doc, &run, &mut edits);
                    run.clear();
                }
                let after = all.peek().map(|&(_, w)| w);
                run.push(Suspect {
                    index,
                    token,
                    before,
                    after,
                });
            }
            before = Some(word);
        }
        self.read(&lm, &doc, &run, &mut edits);
        edits
    }
}

/// A token the stage reads, with the words on either side of it.
struct Suspect<'t> {
    /// Which word of the document it is.
    index: usize,
    token: Token<'t>,
    before: Option<Word<'t>>,
    after: Option<Word<'t>>,
}

/// The document being read, for the decisions about its tokens.
struct Document<'t, 'c> {
    text: &'t str,
    /// How often each suspect form occurs in it.
    here: &'c FxHashMap<&'t str, u32>,
    ctx: &'c Context<'c>,
}

impl Confusion {
    /// The token, when the stage should read it: a word of letters (digits inside letters
    /// allowed) that the lexicon does not know, or knows only as a rare word. A word elided
    /// with an apostrophe (`tho'`, `o'`) is written as its writer meant it.
    fn suspect<'t>(&self, text: &str, word: Word<'t>) -> Option<Token<'t>> {
        if word.broken || word.text.len() > MAX_LEN {
            return None;
        }
        let after = &text.as_bytes()[word.start + word.text.len()..];
        if after.starts_with(b"'") || after.starts_with("\u{2019}".as_bytes()) {
            return None;
        }
        let (text, _) = possessive(word.text);
        let bytes = text.as_bytes();
        if bytes.len() < 2 || !shaped_like_a_word(bytes) || self.elided(text) {
            return None;
        }
        if let Some(e) = self.vocab.common(bytes) {
            return (e.log_p < REAL_WORD_MAX_LOG_P).then_some(Token {
                word,
                text,
                word_log_p: Some(e.log_p),
            });
        }
        let word_log_p = self.vocab.lexicon().lookup(text).map(|k| {
            if k.frequency > 0 {
                language::log_p_of_count(k.frequency)
            } else {
                REAL_WORD_MAX_LOG_P - 2.0
            }
        });
        if word_log_p.is_some_and(|p| p >= REAL_WORD_MAX_LOG_P) {
            return None;
        }
        Some(Token {
            word,
            text,
            word_log_p,
        })
    }

    /// Whether `text` is a word written with a letter elided (`enter'd`, `happen'd`, `o'er`,
    /// `e'en`): the apostrophe stands for one letter, and with it put back the token is a word.
    /// Such spellings are the writer's (old print is full of them), not the engine's.
    fn elided(&self, text: &str) -> bool {
        let Some(i) = text.find('\'') else {
            return false;
        };
        if i == 0 || i + 1 == text.len() {
            return false;
        }
        let mut word = text.as_bytes().to_vec();
        (b'a'..=b'z').any(|x| {
            word[i] = x;
            std::str::from_utf8(&word).is_ok_and(|w| self.vocab.is_word(w))
        })
    }

    /// The candidates of a form, searched once per batch.
    fn candidates(&self, token: &Token) -> memo::Found {
        self.memo.get_or(token.text, || self.search(token))
    }

    /// Searches the words a token may stand for, best first, within what could beat the token
    /// as printed.
    fn search(&self, token: &Token) -> Vec<Candidate> {
        let bytes = token.text.as_bytes();
        let keep = match token.word_log_p {
            Some(p) => p,
            None => decision::unknown_log_p(bytes),
        } + self.model.keep_word(bytes);
        // A word the lexicon knows is read only one edit away: two would find words for any.
        let max_edits = if token.word_log_p.is_some() { 1 } else { 2 };
        let floor = keep - CONTEXT_ROOM;
        let mut found = Search::new(&self.model, &self.vocab, token.text, floor, max_edits).run();
        found.sort_by(|a, b| (b.log_p + b.log_channel).total_cmp(&(a.log_p + a.log_channel)));
        found.truncate(KEPT_CANDIDATES);
        found
    }

    /// The words around a token that context is read from: the word before and the word after,
    /// as corrected when the stage corrected them, when only spaces or a line break separate
    /// them from the token.
    fn around<'a>(
        &self,
        doc: &Document<'a, '_>,
        s: &Suspect<'a>,
        left_corrected: Option<&'a str>,
        right_corrected: Option<&'a str>,
    ) -> language::Context<'a> {
        let text = doc.text;
        let w = s.token.word;
        let joined =
            |from: usize, to: usize| text[from..to].bytes().all(|b| b == b' ' || b == b'\n');
        let as_read = |word: Word<'a>, corrected: Option<&'a str>| {
            corrected.or_else(|| self.vocab.is_word(word.text).then_some(word.text))
        };
        let left = s
            .before
            .filter(|p| joined(p.start + p.text.len(), w.start))
            .and_then(|p| as_read(p, left_corrected));
        let right = s
            .after
            .filter(|n| joined(w.start + w.text.len(), n.start))
            .and_then(|n| as_read(n, right_corrected));
        language::Context { left, right }
    }

    /// The edits for a run of suspects (adjacent words of a document, or any suspects in the
    /// order of the document), each read between its neighbours as corrected, added to `edits`.
    fn read(&self, lm: &Language, doc: &Document, suspects: &[Suspect], edits: &mut Vec<Edit>) {
        // Each token is read between its neighbours as corrected, the next word too: a second
        // run sees `hive been` where the first saw `hive besn` and corrected only `besn`. So a
        // token is read again whenever a neighbour's reading changes, until none does; the
        // word before is read first, so most tokens settle in the first pass.
        // Boxed: a suspect read as it stands (most are) costs a pointer, not an empty `Edit`.
        let mut read: Vec<Option<Box<Edit>>> = vec![None; suspects.len()];
        let mut due = vec![true; suspects.len()];
        for _ in 0..MAX_PASSES {
            if !due.contains(&true) {
                break;
            }
            for i in 0..suspects.len() {
                if !std::mem::take(&mut due[i]) {
                    continue;
                }
                let s = &suspects[i];
                let prev = i
                    .checked_sub(1)
                    .filter(|&p| suspects[p].index + 1 == s.index);
                let next = Some(i + 1)
                    .filter(|&n| suspects.get(n).is_some_and(|t| t.index == s.index + 1));
                let fixed = |at: Option<usize>| {
                    at.and_then(|a| read[a].as_ref())
                        .map(|e| e.replacement.to_lowercase())
                };
                let (left, right) = (fixed(prev), fixed(next));
                let around = self.around(doc, s, left.as_deref(), right.as_deref());
                let edit = self.consider(lm, doc, s, around);
                let changed = |a: Option<&Edit>, b: Option<&Edit>| {
                    a.map(|e| &e.replacement) != b.map(|e| &e.replacement)
                };
                if changed(edit.as_ref(), read[i].as_deref()) {
                    for n in prev.into_iter().chain(next) {
                        due[n] = true;
                    }
                    read[i] = edit.map(Box::new);
                }
            }
        }
        edits.extend(read.into_iter().flatten().map(|e| *e));
    }

    /// The edit for one token, if the evidence asks for one.
    fn consider(
        &self,
        lm: &Language,
        doc: &Document,
        s: &Suspect,
        around: language::Context,
    ) -> Option<Edit> {
        let token = &s.token;
        let found = self.candidates(token);
        if found.is_empty() {
            return None;
        }
        let keep = keep_score(lm, &self.model, token.text, token.word_log_p, around);
        let j = judge(lm, &found, keep, around)?;
        let code = self.code_for(token, &j, around)?;
        if self.recurs(doc, token.text, j.best.log_p) || self.fragment(doc, s) {
            return None;
        }
        // The fast table matches fingerprints: the lexicon confirms the word.
        if !self.vocab.lexicon().is_word(&j.best.word) {
            return None;
        }
        let range = token.word.start..token.word.start + token.text.len();
        let reason = self.reason(token, &j, around);
        Some(Edit::replace(range, j.best.word.to_string(), code, reason))
    }

    /// The rule whose threshold the judgement passes, if any; `around` says which neighbours
    /// voted.
    fn code_for(
        &self,
        token: &Token,
        j: &Judgement,
        around: language::Context,
    ) -> Option<RuleCode> {
        let user_rule = j
            .best
            .edits
            .ids()
            .iter()
            .find_map(|&id| self.model.reading(id).rule);
        if let Some(rule) = user_rule {
            return (j.posterior >= PROBABLE_POSTERIOR).then_some(rule);
        }
        if token.word_log_p.is_some() {
            if safety::cleared(safety::REAL_WORD, token.text, j, around) {
                return Some(REAL_WORD_IN_CONTEXT);
            }
            return (j.posterior >= REAL_WORD_POSTERIOR).then_some(REAL_WORD);
        }
        if safety::cleared(safety::NON_WORD, token.text, j, around) {
            return Some(MISREAD_WORD);
        }
        (j.posterior >= PROBABLE_POSTERIOR).then(|| self.kind(j.best))
    }

    /// The unsafe rule named by the kind of confusion a reading undoes.
    fn kind(&self, c: &Candidate) -> RuleCode {
        let readings = c.edits.ids().iter().map(|&id| self.model.reading(id));
        let mut code = LETTERS;
        for r in readings {
            if r.ocr.bytes().any(|b| b.is_ascii_digit()) {
                return DIGITS_IN_WORDS;
            }
            if r.ocr.chars().count() != 1 || r.gold.chars().count() != 1 {
                code = LETTER_SHAPES;
            }
        }
        code
    }

    /// Whether the form recurs, in this document or across the batch, more often than
    /// misreadings of the word it would be (log10 probability `word_log_p`) could explain: then
    /// it is a word of its own (a name, a foreign word), however like a common word it looks.
    /// A scan misreads a word the same way again and again (one worn letter), so the test is
    /// not the chance of one misreading but a share of the word's expected occurrences
    /// ([`ACCIDENT_SHARE`]; see [`attested_beyond`]).
    fn recurs(&self, doc: &Document, form: &str, word_log_p: f32) -> bool {
        let count = doc.here.get(form).copied().unwrap_or(0);
        let tokens = (doc.text.len() / 6).max(1) as f64;
        let expected = tokens * 10f64.powf(f64::from(word_log_p));
        (count >= 3 && f64::from(count) > ACCIDENT_SHARE * expected)
            || attested_beyond(doc.ctx, form, Some(word_log_p), ACCIDENT_SHARE)
    }

    /// Whether the suspect is a piece of a word split by a lost line break (`Septem ber`): it
    /// makes a word with the word before or after it, when only a space separates them.
    fn fragment(&self, doc: &Document, s: &Suspect) -> bool {
        let (text, w) = (doc.text, s.token.word);
        let piece = |p: &str| p.bytes().all(|b| b.is_ascii_alphabetic());
        let next_to = |a: &Word, b: &Word| {
            text[a.start + a.text.len()..b.start]
                .bytes()
                .all(|c| c == b' ')
        };
        let joins = |a: &Word, b: &Word| {
            piece(a.text) && piece(b.text) && next_to(a, b) && {
                let joined = format!("{}{}", a.text, b.text);
                self.vocab.is_word(&joined)
            }
        };
        s.before.is_some_and(|b| joins(&b, &w)) || s.after.is_some_and(|n| joins(&w, &n))
    }

    /// Why: the evidence, in words and figures.
    fn reason(&self, token: &Token, j: &Judgement, around: language::Context) -> Cow<'static, str> {
        let edits: Vec<String> = j
            .best
            .edits
            .ids()
            .iter()
            .map(|&id| {
                let r = self.model.reading(id);
                format!("`{}` for `{}`", r.ocr, r.gold)
            })
            .collect();
        let as_printed = if token.word_log_p.is_some() {
            "a rare word"
        } else {
            "no word"
        };
        Cow::Owned(format!(
            "`{}` is {as_printed}; read as `{}`: error model p={:.0e} ({}), word p={:.0e}, \
             context \"{} ___ {}\" (x{:.1}): {:.1} % likely against {} other readings",
            token.text,
            j.best.word,
            10f64.powf(f64::from(j.best.log_channel)),
            edits.join(", "),
            10f64.powf(f64::from(j.best.log_p)),
            around.left.unwrap_or("…"),
            around.right.unwrap_or("…"),
            10f64.powf(f64::from(j.context_gain)),
            100.0 * j.posterior,
            j.rivals + 1,
        ))
    }
}

/// Whether a token is worth reading: ASCII letters (digits inside letters allowed, an
/// apostrophe), not a number with a unit or an ordinal (`14th`, `10s`, `3pm`).
fn shaped_like_a_word(bytes: &[u8]) -> bool {
    let mut letters = 0;
    let mut digits = 0;
    for &b in bytes {
        if b.is_ascii_alphabetic() {
            letters += 1;
        } else if b.is_ascii_digit() {
            digits += 1;
        } else if b != b'\'' {
            return false;
        }
    }
    let number_like = digits > 0
        && (letters < 2
            || digits >= letters
            || bytes[0].is_ascii_digit() && bytes.get(1).is_some_and(u8::is_ascii_digit));
    letters > 0 && !number_like
}

#[cfg(test)]
mod tests;
