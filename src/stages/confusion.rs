//! Stage `confusion` (OCR): letters the OCR engine read as other letters.
//!
//! Old type and poor scans make some shapes look alike: `rn` and `m`, `cl` and `d`, `li` and
//! `h`, `c` and `e`, `b` and `h` (`tbe`), `0` and `O`. The pairs are data (`pairs` rules in
//! `rules/ocr-confusions.toml`, and the user's own packs). A token is repaired only when
//!
//! - it is not a word as written (lexicon or user words) and the batch does not attest it;
//! - one reading, over every single substitution and every pair of substitutions the rules
//!   allow, is a common word, and it is clearly more probable (by word frequency, each
//!   substitution costing the same) than every other reading, and than the token being a word
//!   the lexicon lacks.
//!
//! Pairs match letters whatever their case and the replacement takes the case of what it
//! replaces (`Tbe` → `The`, `TBE` → `THE`); a digit read inside a word becomes a capital in a
//! word in capitals and a lower-case letter otherwise. The fixes are unsafe: a rare word or name
//! can look like a misreading of a common one.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::code::RuleCode;
use crate::edit::Edit;
use crate::lexicon::Lexicon;
use crate::rules::{Matcher, RuleBook, StageName};
use crate::stage::{Context, Stage};
use crate::stages::evidence::attested;
use crate::stages::tokens::{possessive, words};
use crate::stages::vocabulary::Vocabulary;

/// Longest token considered, in bytes.
const MAX_LEN: usize = 32;
/// log10 of the chance of one misread letter group.
const LOG_MISREAD: f32 = -2.0;
/// A word the lexicon lacks, `len` letters long, has log10 probability
/// `UNKNOWN_BASE - UNKNOWN_PER_LETTER * len`.
const UNKNOWN_BASE: f32 = -5.0;
const UNKNOWN_PER_LETTER: f32 = 0.5;
/// How much likelier (log10) a capitalised unknown token is to be a word the lexicon lacks.
const NAME_BONUS: f32 = 1.5;
/// log10 of how much less likely a substitution no rule lists is than one a rule lists.
const LOG_UNLISTED: f32 = -1.0;
/// How much more probable (log10) the best reading must be than every other.
const MARGIN: f32 = 1.0;
/// Most substitutions in one reading.
const MAX_SUBSTITUTIONS: usize = 2;

/// One confusion pair, compiled.
#[derive(Debug, Clone)]
struct Pair {
    /// What the engine printed, lower case.
    read: Box<[u8]>,
    /// What it should be, lower case.
    correct: Box<str>,
    rule: RuleCode,
}

/// A place in a token where a pair's `read` side matches.
#[derive(Debug, Clone, Copy)]
struct Site {
    at: usize,
    pair: usize,
}

/// The confusion stage.
pub struct Confusion {
    pairs: Vec<Pair>,
    /// For each byte, whether some pair's `read` side starts with it (lower case).
    starts: [bool; 256],
    vocab: Vocabulary,
}

impl Confusion {
    /// The stage, with every `pairs` rule of the confusion stage in `book`, over `lexicon`.
    pub fn new(book: &RuleBook, lexicon: Lexicon) -> Confusion {
        let mut pairs = Vec::new();
        let mut starts = [false; 256];
        for rule in book.stage(StageName::Confusion) {
            if let Matcher::Pairs(list) = &rule.matcher {
                for (read, correct) in list {
                    let read = read.to_ascii_lowercase();
                    let correct = correct.to_ascii_lowercase();
                    if read.is_empty() || read == correct || !read.is_ascii() || !correct.is_ascii()
                    {
                        continue;
                    }
                    starts[usize::from(read.as_bytes()[0])] = true;
                    pairs.push(Pair {
                        read: read.into_bytes().into_boxed_slice(),
                        correct: correct.into_boxed_str(),
                        rule: rule.code,
                    });
                }
            }
        }
        Confusion {
            pairs,
            starts,
            vocab: Vocabulary::new(lexicon),
        }
    }
}

/// The best reading of a token found so far.
#[derive(Debug, Clone)]
struct Reading {
    text: [u8; MAX_LEN * 2],
    len: usize,
    log_p: f32,
    rule: RuleCode,
    /// The word read is only a name (`Harrington`), not a lower-case word.
    name_only: bool,
}

impl Stage for Confusion {
    fn name(&self) -> StageName {
        StageName::Confusion
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        if self.pairs.is_empty() {
            return Vec::new();
        }
        // Readings found, with the log-probability of the word read: (edit, token, log_p).
        let mut found: Vec<(Edit, &str, f32)> = Vec::new();
        let mut previous: &str = "";
        let mut memo: Option<FxHashMap<&str, Option<Reading>>> = None;
        for w in words(text) {
            let prev = std::mem::replace(&mut previous, w.text);
            if w.broken || w.text.len() > MAX_LEN {
                continue;
            }
            let (token, _) = possessive(w.text);
            let bytes = token.as_bytes();
            if bytes.len() < 2 || !self.candidate(bytes) {
                continue;
            }
            if self.vocab.common(bytes).is_some() {
                continue;
            }
            // Names and systematic misreadings recur: read each form once per document.
            let memo = memo.get_or_insert_with(FxHashMap::default);
            let best = match memo.get(token) {
                Some(r) => r.clone(),
                None if self.vocab.lexicon().is_word(token) => {
                    memo.insert(token, None);
                    None
                }
                None => {
                    let r = self.read(bytes);
                    memo.insert(token, r.clone());
                    r
                }
            };
            let Some(best) = best else {
                continue;
            };
            let end = w.start + token.len();
            if self.fragment(prev, token, &text[end..]) {
                continue;
            }
            let fixed = String::from_utf8_lossy(&best.text[..best.len]).into_owned();
            // The fast table matches fingerprints: the lexicon confirms the word.
            if !self.vocab.lexicon().is_word(&fixed) {
                continue;
            }
            let edit = Edit::replace(
                w.start..end,
                fixed,
                best.rule,
                Cow::Borrowed("letters misread by OCR: the only likely word it can be"),
            );
            found.push((edit, token, best.log_p));
        }
        not_recurring(found, text.len(), ctx)
    }
}

/// The readings of forms that do not recur: a form printed again and again in this document,
/// more often than the engine could have misread the word it would be, is a word of its own (a
/// name, a foreign word). Each form is counted once, beforehand, so this is linear in the number
/// of readings (counting inside the loop was quadratic: 93 s for 2.6 MB of `--check`).
fn not_recurring(found: Vec<(Edit, &str, f32)>, text_len: usize, ctx: &Context) -> Vec<Edit> {
    let mut count: FxHashMap<&str, usize> = FxHashMap::default();
    for (_, token, _) in &found {
        *count.entry(token).or_default() += 1;
    }
    let tokens = (text_len / 6).max(1) as f64;
    found
        .into_iter()
        .filter_map(|(edit, token, log_p)| {
            let here = count[token];
            let expected = tokens * 10f64.powf(f64::from(log_p - LOG_MISREAD));
            let recurs = here >= 3 && here as f64 > 0.5 * expected;
            (!recurs && !attested(ctx, token, Some(log_p - LOG_MISREAD))).then_some(edit)
        })
        .collect()
}

impl Confusion {
    /// Whether the token is worth a lexicon lookup: ASCII letters (and digits inside letters),
    /// with a character some pair reads, not in a case no word has.
    #[inline]
    fn candidate(&self, bytes: &[u8]) -> bool {
        let mut letters = 0;
        let mut digits = 0;
        let mut pair_start = false;
        for &b in bytes {
            if b.is_ascii_alphabetic() {
                letters += 1;
            } else if b.is_ascii_digit() {
                digits += 1;
            } else if b != b'\'' {
                return false;
            }
            pair_start |= self.starts[usize::from(b.to_ascii_lowercase())];
        }
        // Numbers with a unit or an ordinal (`14th`, `10s`, `3pm`) are not misread words.
        if digits > 0
            && (letters < 2
                || digits >= letters
                || bytes[0].is_ascii_digit() && bytes.get(1).is_some_and(u8::is_ascii_digit))
        {
            return false;
        }
        pair_start && letters > 0
    }

    /// The one reading clearly better than every other, if there is one.
    fn read(&self, token: &[u8]) -> Option<Reading> {
        let mut sites: Vec<Site> = Vec::new();
        for at in 0..token.len() {
            if !self.starts[usize::from(token[at].to_ascii_lowercase())] {
                continue;
            }
            for (i, p) in self.pairs.iter().enumerate() {
                let end = at + p.read.len();
                if end <= token.len() && token[at..end].eq_ignore_ascii_case(&p.read) {
                    sites.push(Site { at, pair: i });
                }
            }
        }
        if sites.is_empty() {
            return None;
        }
        let letters_upper = {
            let (mut up, mut low) = (0, 0);
            for b in token {
                up += usize::from(b.is_ascii_uppercase());
                low += usize::from(b.is_ascii_lowercase());
            }
            up > 1 && low == 0
        };
        // Two substitutions only in words short enough for the pairs of sites to stay few.
        let max_subs = if token.len() <= 2 || token.len() > 10 {
            1
        } else {
            MAX_SUBSTITUTIONS
        };
        let mut best: Option<Reading> = None;
        // A capitalised token the lexicon lacks is as likely a name as a misreading.
        // So is one in capitals (headings print names in capitals).
        let name = token[0].is_ascii_uppercase();
        let base = if name {
            UNKNOWN_BASE + NAME_BONUS
        } else {
            UNKNOWN_BASE
        };
        let mut second = base - UNKNOWN_PER_LETTER * token.len() as f32;
        // No reading with two substitutions can win when even the likeliest word of about this
        // length would not (long tokens, names).
        let floor = second + MARGIN;
        let max_subs = if self.vocab.max_log_p(token.len()) + 2.0 * LOG_MISREAD < floor {
            1
        } else {
            max_subs
        };
        // Trigrams no common word has must each be touched by a substitution, or the reading
        // fails `plausible` anyway: skip those readings before building them. (A token that
        // starts with a digit may be read as a name the trigrams do not know: no pruning.)
        let bad = self.vocab.implausible(token);
        // A reading that puts a letter for a leading digit may be a name the trigrams do not
        // know (`0ctober`, `1ondon`): it is not held to them, so not pruned either.
        let exempt = |first: &Site| first.at == 0 && !token[0].is_ascii_alphabetic();
        let touches = |from: usize, to: usize| -> u64 {
            let hi = (to + 1).min(token.len());
            (!0u64 >> (63 - hi)) & (!0u64 << from)
        };
        let site_touches =
            |s: &Site| -> u64 { touches(s.at, s.at + self.pairs[s.pair].read.len()) };
        let mut consider = |chosen: &[Site]| {
            let mut buf = [0u8; MAX_LEN * 2];
            let mut len = 0;
            let mut from = 0;
            // Where each substitution's letters went in the reading.
            let mut spans = [(0usize, 0usize); MAX_SUBSTITUTIONS];
            for (n, s) in chosen.iter().enumerate() {
                let p = &self.pairs[s.pair];
                buf[len..len + s.at - from].copy_from_slice(&token[from..s.at]);
                len += s.at - from;
                let matched = &token[s.at..s.at + p.read.len()];
                let correct = p.correct.as_bytes();
                let has_letters = matched.iter().any(u8::is_ascii_alphabetic);
                let all_upper = if has_letters {
                    matched.iter().all(|b| !b.is_ascii_lowercase())
                        && (matched.len() > 1 || letters_upper || token.len() == 1)
                } else {
                    letters_upper
                };
                let first_upper = has_letters && matched[0].is_ascii_uppercase();
                for (k, &c) in correct.iter().enumerate() {
                    buf[len + k] = if all_upper || (first_upper && k == 0) {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    };
                }
                spans[n] = (len, len + correct.len());
                len += correct.len();
                from = s.at + p.read.len();
            }
            buf[len..len + token.len() - from].copy_from_slice(&token[from..]);
            len += token.len() - from;
            // The substitutions touch every strange trigram of the token (the loop below sees to
            // it), so only the trigrams around them can fail.
            if !exempt(&chosen[0])
                && !spans[..chosen.len()]
                    .iter()
                    .all(|&(s, e)| self.vocab.plausible_at(&buf[..len], s, e + 1))
            {
                return;
            }
            let mut found = self.vocab.common(&buf[..len]);
            let digit_first = chosen[0].at == 0 && !token[0].is_ascii_alphabetic();
            if found.is_none() && digit_first && buf[0].is_ascii_lowercase() {
                // `0ctober`, `1ondon`: a digit for a capital.
                buf[0] = buf[0].to_ascii_uppercase();
                found = self.vocab.common(&buf[..len]);
            }
            let Some(e) = found else {
                return;
            };
            let log_p = e.log_p + LOG_MISREAD * chosen.len() as f32;
            match &mut best {
                Some(b) if b.text[..b.len].eq_ignore_ascii_case(&buf[..len]) => {
                    // The same word by another route: keep the likelier route.
                    if log_p > b.log_p {
                        b.log_p = log_p;
                    }
                }
                Some(b) if log_p > b.log_p => {
                    second = second.max(b.log_p);
                    *b = Reading {
                        text: buf,
                        len,
                        log_p,
                        rule: self.pairs[chosen[0].pair].rule,
                        name_only: e.name && !e.lower,
                    };
                }
                Some(_) => second = second.max(log_p),
                None => {
                    best = Some(Reading {
                        text: buf,
                        len,
                        log_p,
                        rule: self.pairs[chosen[0].pair].rule,
                        name_only: e.name && !e.lower,
                    })
                }
            }
        };
        for (i, a) in sites.iter().enumerate() {
            let a_touches = site_touches(a);
            let free = exempt(a);
            if free || a_touches & bad == bad {
                consider(std::slice::from_ref(a));
            }
            if max_subs < 2 {
                continue;
            }
            let a_end = a.at + self.pairs[a.pair].read.len();
            for b in &sites[i + 1..] {
                if b.at >= a_end && (free || (a_touches | site_touches(b)) & bad == bad) {
                    consider(&[*a, *b]);
                }
            }
        }
        let best = best?;
        if best.log_p < second + MARGIN {
            return None;
        }
        // Readings the rules do not list compete too, one decade less likely: `un` may be `in`
        // or `on` as well as `an`.
        let mut buf = [0u8; MAX_LEN];
        buf[..token.len()].copy_from_slice(token);
        for i in 0..token.len() {
            let orig = token[i];
            if !orig.is_ascii_alphabetic() || touches(i, i + 1) & bad != bad {
                continue;
            }
            for c in b'a'..=b'z' {
                let c = if orig.is_ascii_uppercase() {
                    c.to_ascii_uppercase()
                } else {
                    c
                };
                buf[i] = c;
                if c != orig
                    && self.vocab.plausible_at(&buf[..token.len()], i, i + 2)
                    && !buf[..token.len()].eq_ignore_ascii_case(&best.text[..best.len])
                    && let Some(e) = self.vocab.common(&buf[..token.len()])
                {
                    second = second.max(e.log_p + LOG_MISREAD + LOG_UNLISTED);
                }
            }
            buf[i] = orig;
        }
        // Two letters can be misread into too many words (`io`: `to`, `in`, `is`), and a name
        // read as another name (`Barrington`, `Harrington`) cannot be checked by meaning.
        let margin = if token.len() <= 2 || (name && best.name_only) {
            MARGIN + 1.0
        } else {
            MARGIN
        };
        (best.log_p >= second + margin).then_some(best)
    }

    /// Whether `token` is a piece of a word split by a lost line break (`Septem ber`, `num ber`):
    /// it makes a word with the word before or after it.
    fn fragment(&self, previous: &str, token: &str, rest: &str) -> bool {
        let mut joined = String::with_capacity(64);
        let is_piece = |p: &str| p.bytes().all(|b| b.is_ascii_alphabetic());
        if is_piece(previous) && !previous.is_empty() {
            joined.push_str(previous);
            joined.push_str(token);
            if self.vocab.is_word(&joined) {
                return true;
            }
        }
        if let Some(next) = words(rest).next()
            && rest.as_bytes()[..next.start]
                .iter()
                .all(u8::is_ascii_whitespace)
            && is_piece(next.text)
        {
            joined.clear();
            joined.push_str(token);
            joined.push_str(next.text);
            if self.vocab.is_word(&joined) {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Options, Pipeline};
    use crate::stage::Selection;
    use std::sync::Arc;

    fn pipeline() -> Pipeline {
        let book = RuleBook::builtin();
        let selection = Selection::resolve(&book, Some(&["OCR".to_string()]), &[], &[]).unwrap();
        Pipeline::new(
            Arc::new(book),
            Options {
                selection,
                unsafe_fixes: true,
                captions: Default::default(),
                words: Arc::default(),
            },
        )
        .unwrap()
    }

    #[test]
    fn repairs_misread_letters_keeping_case() {
        let p = pipeline();
        for (input, output) in [
            ("tbe committee", "the committee"),
            ("Tbe committee", "The committee"),
            ("TBE COMMITTEE", "THE COMMITTEE"),
            ("the rnatter", "the matter"),
            ("the 0ctober meeting", "the October meeting"),
            ("a modern tbeatre.", "a modern theatre."),
        ] {
            assert_eq!(p.clean(input).text, output, "{input}");
        }
    }

    #[test]
    fn leaves_words_and_ambiguity() {
        let p = pipeline();
        for input in [
            "the modern barn",
            "14th 10s 3pm 1st 20s",
            "Jinping met Xi",
            "the corn was clear",
            "iPhone McDonald",
        ] {
            assert_eq!(p.clean(input).text, input);
        }
    }
}
