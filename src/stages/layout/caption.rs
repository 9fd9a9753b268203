//! Reading a unit as a photo caption: one short sentence, perhaps with a photo credit, and how
//! much it reads like a caption (the predicates the caption and byline rules share).
//!
//! A wedged caption (LAY001) is recognised by the sentence it interrupts, not by what it says;
//! what the short sentence says (a caption verb, a credit) only adds evidence where the structure
//! alone is weaker. A caption paragraph (LAY002) is recognised by its credit.

use std::ops::Range;

use super::text::{
    ends_sentence, goes_on, is_capitalised, is_closer, is_lowercase_word, is_opener, last_char,
    tokens, word_of,
};
use super::vocab::Vocab;

/// Most words in a caption wedged into a sentence.
const MAX_WEDGED_WORDS: usize = 40;
/// Most words in a caption paragraph recognised by its credit.
const MAX_PARAGRAPH_WORDS: usize = 60;
/// Most tokens in the name of a credit that the interrupted sentence goes on after.
const MAX_INLINE_CREDIT: usize = 4;
/// Most tokens in the name that follows a labelled caption's sentence without a marker.
const MAX_BARE_CREDIT: usize = 6;
/// Most tokens in a photo credit.
const MAX_CREDIT_TOKENS: usize = 10;
/// A caption verb counts among a caption's first words only.
const MAX_VERB_POSITION: usize = 8;

/// How surely a paragraph ending is unfinished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Open {
    /// A word a sentence cannot end on (`and`, `of`), or half a word broken by a hyphen.
    Strong,
    /// A lower-case word, a comma, a semicolon.
    Weak,
    /// A capitalised word or a number after an earlier sentence of the same paragraph (`… faster
    /// approvals. But`, `… I`): a heading or a byline ends so too, but holds no earlier sentence.
    /// Only a lower-case word after the caption says that the sentence goes on.
    Bare,
}

/// How a paragraph ends, when it ends mid-clause.
pub(crate) fn open_end(s: &str, v: &Vocab) -> Option<Open> {
    let c = last_char(s)?;
    // A paragraph does not end inside brackets: `Yip Wai-lok (Leung` goes on `70), …`.
    if unclosed_bracket(s) && !c.is_whitespace() {
        return Some(Open::Strong);
    }
    if c == '-' || c == '\u{00AD}' {
        let before = s[..s.len() - c.len_utf8()].chars().next_back();
        return before.filter(|b| b.is_alphabetic()).map(|_| Open::Strong);
    }
    if matches!(c, ',' | ';') {
        return Some(Open::Weak);
    }
    // A quotation closed after a comma (`… an entire Antarctic winter,”`): the sentence goes on
    // with who said it.
    if is_closer(c) && s.trim_end_matches(is_closer).ends_with(',') {
        return Some(Open::Weak);
    }
    if !c.is_alphabetic() {
        return None;
    }
    let start = s
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &s[start..];
    if !word.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    Some(if Vocab::has(&v.function_words, word) {
        Open::Strong
    } else {
        Open::Weak
    })
}

/// Whether `s` ends [`Open::Bare`]: on a capitalised word or a number, with no punctuation, after
/// a sentence of its own that ended.
pub(crate) fn bare_end(s: &str, v: &Vocab) -> bool {
    if !last_char(s).is_some_and(char::is_alphanumeric) {
        return false;
    }
    let toks: Vec<Range<usize>> = tokens(s, 0, s.len()).collect();
    let Some((last, before)) = toks.split_last() else {
        return false;
    };
    let last = &s[last.clone()];
    (is_capitalised(last) || last.starts_with(|c: char| c.is_ascii_digit()))
        && before.iter().any(|r| {
            let t = &s[r.clone()];
            ends_sentence(t) && !is_abbreviation(t, v)
        })
}

/// Whether `s` ends inside brackets: its last `(` or `[` is not closed after it.
fn unclosed_bracket(s: &str) -> bool {
    let open = s.rfind(['(', '[']);
    open.is_some_and(|o| !s[o..].contains([')', ']']))
}

/// A caption found at the start of a unit (or filling it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caption {
    /// The caption, its credit included.
    pub span: Range<usize>,
    /// Where the sentence it interrupted goes on, when it does in the same unit.
    pub continuation: Option<usize>,
    /// Whether it carries a photo credit.
    pub credited: bool,
    /// Whether it is a credit and nothing else (`Photo: Handout`).
    pub credit_only: bool,
    /// How much it reads like a caption (see [`evidence`]).
    pub evidence: u8,
}

/// What [`read_caption`] found before scoring it.
struct Shape {
    span: Range<usize>,
    continuation: Option<usize>,
    credited: bool,
    credit_only: bool,
    /// The caption's own words, its credit left out.
    words: Range<usize>,
}

impl Shape {
    /// The caption this shape reads as, with its [`evidence`].
    fn scored(self, text: &str, v: &Vocab) -> Caption {
        let evidence = evidence(text, &self, v);
        Caption {
            span: self.span,
            continuation: self.continuation,
            credited: self.credited,
            credit_only: self.credit_only,
            evidence,
        }
    }
}

/// A credit marker at `pos`: its end and whether it is a label (`Photo:`) rather than a phrase
/// (`Photo by`). The marker must start with a capital in the text and stand as its own word.
pub(crate) fn marker_at(text: &str, pos: usize, v: &Vocab) -> Option<(usize, bool)> {
    let pos = pos + text[pos..].len() - text[pos..].trim_start_matches(is_opener).len();
    let rest = &text[pos..];
    if !rest.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    for (i, m) in v.credit_markers.iter().enumerate() {
        let Some(head) = rest.get(..m.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(m) {
            continue;
        }
        let after = rest[m.len()..].chars().next();
        let label = v.marker_is_label(i);
        if label || after.is_none_or(char::is_whitespace) {
            return Some((pos + m.len(), label));
        }
    }
    None
}

/// Whether a token can be part of a credit's name: `AP`, `Photo/Ng`, `Xinhua`, `EPA-EFE`, `2024`,
/// or the kind of source that ends one (`handout` in `Police handout`).
pub(crate) fn is_credit_token(token: &str, v: &Vocab) -> bool {
    let t = token.trim_start_matches(is_opener);
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || t.starts_with('/')
        || t == "&"
        || Vocab::has(&v.credit_connectors, word_of(t))
        || is_credit_noun(t, v)
}

/// Whether a lower-case token names the kind of source a credit is (`handout`, `family`).
fn is_credit_noun(token: &str, v: &Vocab) -> bool {
    is_lowercase_word(token) && Vocab::has(&v.credit_nouns, word_of(token))
}

/// Whether `name` is empty or the name of a photographer or agency standing alone after a
/// caption's sentence: a few capitalised tokens (`Star Photo/Lee Wong`, `Reuters`), not the
/// start of another sentence (`The …`).
fn is_bare_credit(name: &[&str], v: &Vocab) -> bool {
    let Some((first, last)) = name.first().zip(name.last()) else {
        return true;
    };
    name.len() <= MAX_BARE_CREDIT
        && is_capitalised(first)
        && !Vocab::has(&v.function_words, word_of(first))
        && name
            .iter()
            .all(|t| is_credit_token(t, v) && !ends_sentence(t))
        && (is_capitalised(last) || last.starts_with(|c: char| c.is_ascii_digit()))
}

/// Reads a unit (`from..to` of `text`) as a caption. With `whole`, the caption must fill the unit;
/// otherwise it must be followed, in the unit, by a lower-case continuation.
pub(crate) fn read_caption(
    text: &str,
    from: usize,
    to: usize,
    whole: bool,
    v: &Vocab,
) -> Option<Caption> {
    caption_shape(text, from, to, whole, v).map(|shape| shape.scored(text, v))
}

/// Reads `text[from..to]` token by token: the caption's own words, the credit before or after
/// them, and where it ends.
struct Reader<'a> {
    text: &'a str,
    toks: Vec<Range<usize>>,
    /// Where the caption starts (its first token).
    start: usize,
    to: usize,
    whole: bool,
    max_words: usize,
    v: &'a Vocab,
    /// Where the caption's own words start: after a leading credit.
    own_start: usize,
    /// Whether a credit marker was read.
    credited: bool,
    /// Own words read so far.
    words: usize,
    /// Sentences the caption may still end before its last (a block filling its unit, see
    /// [`read_block`]).
    more_sentences: usize,
}

/// What the reader makes of one token.
enum Step {
    /// The reading is over: a caption, or none.
    Done(Option<Shape>),
    /// Read on from this token.
    Next(usize),
}

fn caption_shape(text: &str, from: usize, to: usize, whole: bool, v: &Vocab) -> Option<Shape> {
    block_shape(text, from, to, whole, 1, v)
}

/// [`caption_shape`], with up to `sentences` sentences when the caption fills its unit.
fn block_shape(
    text: &str,
    from: usize,
    to: usize,
    whole: bool,
    sentences: usize,
    v: &Vocab,
) -> Option<Shape> {
    let max_words = if whole {
        MAX_PARAGRAPH_WORDS
    } else {
        MAX_WEDGED_WORDS
    };
    let toks: Vec<Range<usize>> = tokens(text, from, to).take(max_words + 12).collect();
    let start = toks.first()?.start;
    let mut r = Reader {
        text,
        toks,
        start,
        to,
        whole,
        max_words,
        v,
        own_start: start,
        credited: false,
        words: 0,
        more_sentences: if whole {
            sentences.saturating_sub(1)
        } else {
            0
        },
    };
    let mut k = 0;
    while k < r.toks.len() {
        let step = match marker_at(text, r.toks[k].start, v) {
            Some((marker_end, label)) => r.credit(k, marker_end, label),
            None => r.word(k),
        };
        match step {
            Step::Done(shape) => return shape,
            Step::Next(next) => k = next,
        }
    }
    None
}

impl<'a> Reader<'a> {
    fn tok(&self, k: usize) -> &'a str {
        let text: &'a str = self.text;
        &text[self.toks[k].clone()]
    }

    fn shape(
        &self,
        end: usize,
        continuation: Option<usize>,
        only: bool,
        words: Range<usize>,
    ) -> Shape {
        Shape {
            span: self.start..end,
            continuation,
            credited: self.credited,
            credit_only: only,
            words,
        }
    }

    /// Token `k`, a word of the caption's own: a sentence end may end the caption.
    fn word(&mut self, k: usize) -> Step {
        let (text, v) = (self.text, self.v);
        let tok = self.tok(k);
        self.words += 1;
        if self.words > self.max_words {
            return Step::Done(None);
        }
        if self.toks[k].start == self.own_start && !is_capitalised(tok) {
            return Step::Done(None);
        }
        if ends_sentence(tok) && !is_abbreviation(tok, v) {
            if is_ellipsis(tok) {
                return Step::Done(None); // a caption does not trail off: a quotation does
            }
            let end = self.toks[k].end;
            let own = self.own_start..end;
            match self.toks.get(k + 1) {
                None if self.whole => return Step::Done(Some(self.shape(end, None, false, own))),
                None => return Step::Done(None),
                Some(n) if goes_on(&text[n.clone()]) => {
                    // A number or a web address after a full stop may start the next sentence
                    // (`6:30 p.m., Free.` in a listing): the stop may end the interrupted
                    // sentence, not the caption. Only a lower-case word cannot.
                    if self.whole || !is_lowercase_word(&text[n.clone()]) {
                        return Step::Done(None);
                    }
                    return Step::Done(Some(self.shape(end, Some(n.start), false, own)));
                }
                Some(n)
                    if self.own_start == self.start && marker_at(text, n.start, v).is_some() => {}
                // A block filling its unit may hold a few sentences, each starting with a capital.
                Some(n) if self.more_sentences > 0 && is_capitalised(&text[n.clone()]) => {
                    self.more_sentences -= 1;
                }
                Some(_) => return Step::Done(None), // a second sentence: not a one-sentence caption
            }
        }
        Step::Next(k + 1)
    }

    /// Token `k` starts a credit marker ending at `marker_end`; `label` for `Photo:` rather than
    /// `Photo by`.
    fn credit(&mut self, k: usize, marker_end: usize, label: bool) -> Step {
        self.credited = true;
        let (text, toks) = (self.text, &self.toks);
        // A caption ends its sentence before its credit, unless the credit is in brackets, or
        // is a label (`Michael D’Cruz as Caliban Photo: Souvik Bhowmick`: captions of a name or
        // a phrase often have no full stop) whose name ends the unit or, wedged, comes before
        // the lower-case continuation.
        let unstopped = k > 0 && !ends_sentence(self.tok(k - 1)) && !self.tok(k).starts_with('(');
        if unstopped && !label {
            return Step::Done(None);
        }
        let own = self.own_start..toks[k.saturating_sub(1)].end;
        // Label-led caption filling its unit: `Photo: Xi meets Putin in Moscow.`, or a credit
        // line `Photo: Reuters`.
        if k == 0 && label && self.whole {
            return Step::Done(self.labelled(marker_end));
        }
        // Skip the marker's tokens, then read the credit's name.
        let mut j = k;
        while j < toks.len() && toks[j].end <= marker_end {
            j += 1;
        }
        let rest = toks.len() - j;
        let phrase = toks
            .get(j)
            .is_some_and(|r| is_lowercase_word(&text[r.clone()]));
        if unstopped && phrase {
            return Step::Done(None);
        }
        if self.whole && rest <= MAX_CREDIT_TOKENS && k > 0 && phrase {
            // A credit phrase that ends the unit takes everything to the end (`Photo: courtesy
            // of the family`), unless a sentence ends inside it.
            if toks[j..toks.len().saturating_sub(1)]
                .iter()
                .any(|r| ends_sentence(&text[r.clone()]))
            {
                return Step::Done(None);
            }
            return Step::Done(Some(self.shape(self.to, None, false, own)));
        }
        let Some(last) = self.credit_name(j) else {
            return Step::Done(None);
        };
        if unstopped && self.whole && last + 1 != toks.len() {
            return Step::Done(None);
        }
        let credit_end = toks[last].end;
        let own = if k == 0 { credit_end..credit_end } else { own };
        self.after_credit(k, label, marker_end, last, own)
    }

    /// A caption filling its unit that starts with a credit label: a credit line (`Photo:
    /// Reuters`), or one sentence, perhaps followed by the name of the photographer or agency
    /// without a marker of its own (`Picture: A tram waits. Star Photo/Lee Wong`).
    fn labelled(&self, marker_end: usize) -> Option<Shape> {
        let v = self.v;
        if self.toks.len() > self.max_words {
            return None;
        }
        let after: Vec<&str> = self
            .toks
            .iter()
            .filter(|r| r.start >= marker_end)
            .map(|r| &self.text[r.clone()])
            .collect();
        let named = |t: &&str| is_capitalised(t) || t.starts_with(|c: char| c.is_ascii_digit());
        let only = self.toks.len() <= MAX_CREDIT_TOKENS
            && after.iter().all(|t| is_credit_token(t, v))
            && after.last().is_some_and(|t| {
                named(t) || (after.len() > 1 && is_credit_noun(t, v) && named(&after[0]))
            });
        let end = after
            .iter()
            .position(|t| ends_sentence(t) && !is_abbreviation(t, v));
        let sentence = after.first().is_some_and(|t| is_capitalised(t))
            && end.is_some_and(|e| is_bare_credit(&after[e + 1..], v));
        if !only && !sentence {
            return None;
        }
        let words = if only {
            self.to..self.to
        } else {
            marker_end..self.to
        };
        Some(self.shape(self.to, None, only, words))
    }

    /// The last token of the credit's name that starts at token `j`, if it has one.
    fn credit_name(&self, mut j: usize) -> Option<usize> {
        let v = self.v;
        let mut last = None;
        let mut n = 0;
        while j < self.toks.len() && n < MAX_CREDIT_TOKENS {
            let t = self.tok(j);
            // A number ends a credit's name only where the name ends its unit (`Photo: AFP
            // 2024`); before more text it starts the sentence going on (`Photo: Handout 70 per
            // cent of …`).
            let number = t.starts_with(|c: char| c.is_ascii_digit());
            if !is_credit_token(t, v) || (number && !self.whole) {
                break;
            }
            // `The`, `A` end no credit's name: they start the next sentence.
            let connector = (!is_capitalised(t)
                && !t.starts_with(|c: char| c.is_ascii_digit())
                && !is_credit_noun(t, v))
                || Vocab::has(&v.function_words, word_of(t));
            if !connector {
                last = Some(j);
            }
            j += 1;
            n += 1;
            // An initial or an abbreviation (`St. Brendan's`, `M. Rao`) ends no name.
            if ends_sentence(t) && !is_abbreviation(t, v) {
                break;
            }
        }
        last
    }

    /// Whether the tokens from `i` are a few lower-case words ending in a credit noun that ends
    /// its line (`trust handout⏎`).
    fn kind_ends_line(&self, i: usize) -> bool {
        let (text, v) = (self.text, self.v);
        let words = self.toks.get(i..).unwrap_or_default();
        let Some(n) = words
            .iter()
            .take(MAX_CREDIT_KIND_WORDS)
            .position(|r| is_credit_noun(&text[r.clone()], v))
        else {
            return false;
        };
        let noun_end = words[n].end;
        words[..n]
            .iter()
            .all(|r| is_lowercase_word(&text[r.clone()]))
            && text[noun_end..]
                .trim_start_matches([' ', '\t'])
                .chars()
                .next()
                .is_none_or(|c| c == '\n' || c == '\r')
    }

    /// After a credit (marker at token `k`, name ending at token `last`): the caption ends, the
    /// sentence it interrupted goes on, or (after a leading label) the caption follows.
    fn after_credit(
        &mut self,
        k: usize,
        label: bool,
        marker_end: usize,
        last: usize,
        own: Range<usize>,
    ) -> Step {
        let (text, v) = (self.text, self.v);
        let credit_end = self.toks[last].end;
        match self.toks.get(last + 1) {
            None if self.whole => Step::Done(Some(self.shape(credit_end, None, k == 0, own))),
            None => Step::Done(None),
            Some(n) if goes_on(&text[n.clone()]) || opens_quote_in_lower_case(&text[n.clone()]) => {
                if self.whole || (k == 0 && !label) {
                    return Step::Done(None); // `Photo by Jane Doe won the award`
                }
                // Lower-case words up to a credit noun that ends its line are the credit's own,
                // the kind of source it names (`Photo: NHS trust handout`, the last of a list of
                // captions), not a sentence going on.
                if self.kind_ends_line(last + 1) {
                    return Step::Done(None);
                }
                // Where a credit's name ends before the sentence goes on is a guess; a short name
                // (`AP Photo/Lee Kim`) is a safe one. Past one word, the sentence goes on with a
                // function word (`… Lee Kim of the reforms`), or with any lower-case word after a
                // name that says where it ends (`Photo: Special Arrangement down about 7%`,
                // `Photo: City of El Paso busiest …`, `Photo: LeBlanc family song …`: see
                // [`name_says_its_end`]). A quotation opening (`“We won,”`) is no
                // word of a name. A lower-case word inside the name (`the`
                // in `Ross Hetherington the NHS`, the credit noun in `PA photographs`) may as
                // well start the continuation, so there the end is a guess. A number is no
                // name's and no subject's last word (`Photo: Jonathan Lo 11 top scorers`): the
                // name ends before it, however long.
                let name: Vec<&str> = self.toks[..=last]
                    .iter()
                    .filter(|r| r.start >= marker_end)
                    .map(|r| &text[r.clone()])
                    .collect();
                let next = &text[n.clone()];
                let goes_on =
                    Vocab::has(&v.function_words, word_of(next)) || name_says_its_end(&name, v);
                let number = starts_with_digit(next);
                if !number && (name.len() > MAX_INLINE_CREDIT || (name.len() > 1 && !goes_on)) {
                    return Step::Done(None);
                }
                let continuation = Some(n.start);
                Step::Done(Some(self.shape(credit_end, continuation, k == 0, own)))
            }
            Some(n) if k == 0 && label => {
                // `Photo: Reuters. Xi meets Putin …`: the caption follows its credit.
                self.own_start = n.start;
                Step::Next(last + 1)
            }
            Some(_) => Step::Done(None),
        }
    }
}

/// Most words of a credit's kind after its name, the noun included (`trust handout`).
const MAX_CREDIT_KIND_WORDS: usize = 3;

/// Most sentences in a caption that fills a block of its own (see [`read_block`]).
const MAX_BLOCK_SENTENCES: usize = 3;

/// `text[from..to]` read as a caption that fills it and may hold a few sentences (`Cable-laying
/// ship at the Port of Suva. Construction is due to begin next year Photo: TasmanLink handout`),
/// ending on a full stop or a credit. Only a block standing apart between the two halves of a
/// sentence reads so: a line of a column that ends a sentence is followed by one that starts.
pub(crate) fn read_block(text: &str, from: usize, to: usize, v: &Vocab) -> Option<Caption> {
    block_shape(text, from, to, true, MAX_BLOCK_SENTENCES, v).map(|shape| shape.scored(text, v))
}

/// `text[from..to]` read as a caption that fills it without a full stop or a credit (`Cllr Ana
/// Ruiz`, `Crews at work on the Alder Street bridge`): a few words that start with a capital and
/// hold no sentence end. Only the sentence around it can say it is a caption.
pub(crate) fn read_unstopped(text: &str, from: usize, to: usize, v: &Vocab) -> Option<Caption> {
    let toks: Vec<Range<usize>> = tokens(text, from, to).take(MAX_WEDGED_WORDS + 1).collect();
    let (first, last) = (toks.first()?, toks.last()?);
    let ends = |r: &Range<usize>| {
        let t = &text[r.clone()];
        ends_sentence(t) && !is_abbreviation(t, v)
    };
    let open = |r: &Range<usize>| text[r.clone()].ends_with([',', ';', ':', '-']);
    if toks.len() > MAX_WEDGED_WORDS
        || !is_capitalised(&text[first.clone()])
        || toks
            .iter()
            .any(|r| ends(r) || marker_at(text, r.start, v).is_some())
        || open(last)
    {
        return None;
    }
    let shape = Shape {
        span: first.start..last.end,
        continuation: None,
        credited: false,
        credit_only: false,
        words: first.start..last.end,
    };
    Some(shape.scored(text, v))
}

/// Whether a credit's name says itself where it ends before a sentence going on in lower case:
/// its words are capitalised, perhaps bound into one name by a joiner (`City of El Paso`), perhaps
/// followed by the kind of source it is (`LeBlanc family`, `Nuit Rhénane handout`): the case
/// changes where the name ends. A kind that names the picture itself, a credit marker's word
/// (`PA photographs staged …`), may as well start the sentence going on; so may an article
/// inside the name (`Ross Kemp the NHS …`).
fn name_says_its_end(name: &[&str], v: &Vocab) -> bool {
    let words = match name.split_last() {
        Some((last, words)) if !words.is_empty() && is_source_kind(last, v) => words,
        _ => name,
    };
    let named = |t: &&str| is_capitalised(t) && !t.starts_with(is_opener);
    let joiner = |t: &&str| is_lowercase_word(t) && Vocab::has(&v.name_joiners, word_of(t));
    words.first().is_some_and(named)
        && words.last().is_some_and(named)
        && words.iter().all(|t| named(t) || joiner(t))
}

/// Whether a token is a credit noun that names a kind of source (`family`, `handout`, `file`),
/// not the picture (`photographs`, `images`: the words of the credit markers).
fn is_source_kind(token: &str, v: &Vocab) -> bool {
    let w = word_of(token);
    is_credit_noun(token, v)
        && !v.credit_markers.iter().any(|m| {
            m.split([' ', ':'])
                .next()
                .is_some_and(|head| head.eq_ignore_ascii_case(w))
        })
}

/// Whether the token opens a quotation that goes on a sentence: an opening quote, then a
/// lower-case word or a number (`“sarpanch`, `‘100`).
fn opens_quote_in_lower_case(token: &str) -> bool {
    let inner = token.trim_start_matches(is_opener);
    inner.len() < token.len()
        && !token.starts_with(['(', '['])
        && (inner.starts_with(char::is_lowercase) || starts_with_digit(inner))
}

/// Whether the token starts with a digit (`11`, `6:30`, `2.5`).
fn starts_with_digit(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_digit())
}

/// Whether the token ends in an ellipsis (`then …`, `so...`).
fn is_ellipsis(token: &str) -> bool {
    let t = token.trim_end_matches(is_closer);
    t.ends_with('…') || t.ends_with("...")
}

/// `text[from..to]` read as a caption that fills it and carries a photo credit (`… Photo:
/// Reuters`, `Photo: Handout`). The credit markers are looked for first: most units hold none.
pub(super) fn credited(text: &str, from: usize, to: usize, v: &Vocab) -> Option<Caption> {
    v.credit_finder.find(&text[from..to])?;
    read_caption(text, from, to, true, v).filter(|c| c.credited)
}

/// How much a caption reads like one: 2 for a credit, 2 for a caption verb (among its first
/// words, written in lower case: `meets`, not the month `March`) or a caption cue (`pictured`, `(left)`), 1 for a time
/// word (`yesterday`, `Monday`), 1 for a place at its end (`in Valencia`), 1 for a name at its
/// start (two capitalised words). A caption of one word scores nothing.
fn evidence(text: &str, shape: &Shape, v: &Vocab) -> u8 {
    let mut score = 0u8;
    if shape.credited {
        score += 2;
    }
    let own: Vec<&str> = tokens(text, shape.words.start, shape.words.end)
        .map(|r| &text[r])
        .collect();
    if own.len() < 2 {
        return if shape.credit_only { score } else { 0 };
    }
    let (mut strong, mut time) = (false, false);
    for (i, tok) in own.iter().enumerate() {
        let w = word_of(tok);
        let lower = w.chars().next().is_some_and(char::is_lowercase);
        // A caption puts its verb early, after its subject: `Residents hold …`.
        let verb = lower && (1..=MAX_VERB_POSITION).contains(&i);
        if (verb && Vocab::has(&v.caption_verbs, w)) || Vocab::has(&v.caption_cues, w) {
            strong = true;
        }
        // A position is a cue when it stands apart: `(left)`, `, right,`.
        let set_apart =
            tok.starts_with('(') || (i > 0 && own[i - 1].ends_with(',') && tok.ends_with(','));
        if set_apart && Vocab::has(&v.caption_positions, w) {
            strong = true;
        }
        if Vocab::has(&v.caption_times, w) {
            time = true;
        }
    }
    score += 2 * u8::from(strong) + u8::from(time);
    if own.len() >= 2 && is_capitalised(own[0]) && is_capitalised(own[1]) {
        score += 1;
    }
    // A place at the end: a preposition, then capitalised words to the end.
    let tail = own.iter().rev().take_while(|t| is_capitalised(t)).count();
    if (1..=3).contains(&tail)
        && tail < own.len()
        && Vocab::has(&v.place_prepositions, word_of(own[own.len() - tail - 1]))
    {
        score += 1;
    }
    score
}

/// Whether the full stop ending `token` belongs to an abbreviation or an initial, not a sentence.
pub(crate) fn is_abbreviation(token: &str, v: &Vocab) -> bool {
    let t = token.trim_end_matches(is_closer);
    if !t.ends_with('.') {
        return false;
    }
    let body = t.trim_end_matches('.').trim_start_matches(is_opener);
    if body.chars().count() == 1 && body.chars().all(char::is_alphabetic) {
        return true; // an initial: `John F. Kennedy`
    }
    if body.contains('.') && body.chars().all(|c| c.is_alphabetic() || c == '.') {
        return true; // `U.S.`, `p.m.`
    }
    Vocab::has(&v.abbreviations, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleBook;

    fn vocab() -> Vocab {
        Vocab::new(&RuleBook::builtin()).unwrap()
    }

    fn read(s: &str, whole: bool) -> Option<(String, Option<String>, bool)> {
        let v = vocab();
        read_caption(s, 0, s.len(), whole, &v).map(|c| {
            (
                s[c.span].to_string(),
                c.continuation.map(|p| s[p..].to_string()),
                c.credited,
            )
        })
    }

    #[test]
    fn endings() {
        let v = vocab();
        assert_eq!(
            open_end("the processes of reform and", &v),
            Some(Open::Strong)
        );
        assert_eq!(open_end("the processes of reform", &v), Some(Open::Weak));
        assert_eq!(open_end("a long-", &v), Some(Open::Strong));
        assert_eq!(open_end("the reform,", &v), Some(Open::Weak));
        assert_eq!(open_end("Talks in Geneva", &v), None);
        assert_eq!(open_end("he said.", &v), None);
        assert_eq!(open_end("“bread and”", &v), None);
        assert_eq!(open_end("he said —", &v), None);
        assert_eq!(
            open_end("“We won,” she said. “It was a long winter,”", &v),
            Some(Open::Weak)
        );
        assert_eq!(open_end("“It was a long winter.”", &v), None);
        assert_eq!(
            open_end("Nascimento, Yip Wai-lok (Leung", &v),
            Some(Open::Strong)
        );
        assert_eq!(open_end("86 for 4 (Rao 41 not out)", &v), None);
        assert!(bare_end("with faster approvals. But", &v));
        assert!(bare_end("for five years. These", &v));
        assert!(!bare_end("He became coxswain in 1983", &v));
        assert!(!bare_end(
            "Xi tells top diplomat Beijing will step up coordination via SCO",
            &v
        ));
        assert!(!bare_end("It met in St. Paul", &v));
    }

    #[test]
    fn a_number_after_a_full_stop_may_start_the_next_sentence() {
        // The caption may end before `book`: the stop can be the interrupted sentence's own.
        assert_eq!(
            read(
                "Ciders lined up at a cidery book signing afterward. 6:30 p.m., Hawthorne Books",
                false
            ),
            None
        );
    }

    #[test]
    fn a_web_address_after_a_full_stop_may_start_the_next_sentence() {
        assert_eq!(
            read(
                "Tickets at the box office of the Lyric Theatre. www.lyric.example has more",
                false
            ),
            None
        );
    }

    #[test]
    fn a_number_ends_a_credit_name() {
        let got = read(
            "Ana Silva at the college yesterday. Photo: Jonathan Lo 11 top scorers in",
            false,
        )
        .unwrap();
        assert_eq!(
            got.0,
            "Ana Silva at the college yesterday. Photo: Jonathan Lo"
        );
        assert_eq!(got.1.as_deref(), Some("11 top scorers in"));
    }

    #[test]
    fn caption_then_continuation() {
        let got = read(
            "Ana Silva and Tom Berg meet in Lisbon yesterday. justice that are",
            false,
        )
        .unwrap();
        assert_eq!(got.0, "Ana Silva and Tom Berg meet in Lisbon yesterday.");
        assert_eq!(got.1.as_deref(), Some("justice that are"));
    }

    #[test]
    fn a_credit_name_of_capitalised_words_ends_where_the_case_changes() {
        let got = read(
            "Ana Ruiz meets Tom Berg. Photo: Special Arrangement down about 7% on the year",
            false,
        )
        .unwrap();
        assert_eq!(got.0, "Ana Ruiz meets Tom Berg. Photo: Special Arrangement");
        assert_eq!(got.1.as_deref(), Some("down about 7% on the year"));
        let got = read(
            "Ana Ruiz meets Tom Berg. Photo: Handout inspect the channel",
            false,
        );
        assert_eq!(got.unwrap().1.as_deref(), Some("inspect the channel"));
    }

    #[test]
    fn a_credit_name_joined_by_of_ends_where_the_case_changes() {
        let got = read(
            "Elena Ruiz cuts the ribbon on Monday. Photo: City of El Paso busiest bridges on",
            false,
        )
        .unwrap();
        assert_eq!(
            got.0,
            "Elena Ruiz cuts the ribbon on Monday. Photo: City of El Paso"
        );
        assert_eq!(got.1.as_deref(), Some("busiest bridges on"));
        // An article inside the name may start the sentence going on.
        assert_eq!(
            read(
                "Elena Ruiz cuts the ribbon. Photo: Ross Kemp the NHS said",
                false
            ),
            None
        );
    }

    #[test]
    fn a_credit_name_ending_in_a_kind_of_source_ends_before_lower_case() {
        let got = read(
            "Buddy LeBlanc plays at a festival in 2012. Photo: LeBlanc family song in Louisiana",
            false,
        )
        .unwrap();
        assert_eq!(
            got.0,
            "Buddy LeBlanc plays at a festival in 2012. Photo: LeBlanc family"
        );
        assert_eq!(got.1.as_deref(), Some("song in Louisiana"));
        let got = read(
            "A refurbished sleeper compartment Photo: Nuit Rhénane handout children, the",
            false,
        )
        .unwrap();
        assert_eq!(got.1.as_deref(), Some("children, the"));
        // A word that names the picture may start the sentence going on.
        assert_eq!(
            read(
                "Ana Ruiz arrives at the court. Photo: Lee Kim photographs staged to look new",
                false
            ),
            None
        );
    }

    #[test]
    fn a_quotation_in_lower_case_goes_on_after_a_credit() {
        let got = read(
            "Ana Ruiz with ward members on Sunday Photo: Lee Kim “sarpanch pati” rule",
            false,
        )
        .unwrap();
        assert_eq!(got.0, "Ana Ruiz with ward members on Sunday Photo: Lee Kim");
        assert_eq!(got.1.as_deref(), Some("“sarpanch pati” rule"));
        // A quotation that starts a sentence is no continuation.
        assert_eq!(
            read(
                "Ana Ruiz on Sunday. Photo: Lee Kim “We won,” she said",
                false
            ),
            None
        );
    }

    #[test]
    fn a_lower_case_word_inside_a_credit_name_leaves_its_end_a_guess() {
        // `the NHS` may start the continuation as well as end the name.
        assert_eq!(
            read(
                "The ward at Hexham General Hospital. Picture: Ross Kemp the NHS elsewhere",
                false
            ),
            None
        );
        // So may a credit noun: `photographs staged …`.
        assert_eq!(
            read(
                "Ana Ruiz arrives at the court. Photo: PA photographs staged to look new",
                false
            ),
            None
        );
        // Before a function word the name ended (`… Lee Kim of the reforms`).
        assert!(
            read(
                "Ana Ruiz meets Tom Berg. Photo: Police handout of the",
                false
            )
            .is_some()
        );
    }

    #[test]
    fn caption_with_credit_then_continuation() {
        let got = read(
            "Ana Silva meets Tom Berg. Photo: AP Photo/Lee Kim of the reforms",
            false,
        )
        .unwrap();
        assert_eq!(got.0, "Ana Silva meets Tom Berg. Photo: AP Photo/Lee Kim");
        assert_eq!(got.1.as_deref(), Some("of the reforms"));
        assert!(got.2);
    }

    #[test]
    fn abbreviations_do_not_end_the_caption() {
        let got = read("Mr. Berg arrives at 3 p.m. on Friday. which was", false).unwrap();
        assert_eq!(got.0, "Mr. Berg arrives at 3 p.m. on Friday.");
    }

    #[test]
    fn not_captions() {
        assert_eq!(read("The talks resumed. The minister left.", false), None);
        assert_eq!(read("the talks resumed. and", false), None);
        assert_eq!(read("Photo by Jane Doe won the prize.", true), None);
        assert_eq!(read("Officials declined to comment.", false), None);
    }

    #[test]
    fn whole_captions() {
        let got = read("Ana Silva in Lisbon. Photo: courtesy of the family", true).unwrap();
        assert!(got.2);
        let got = read("Photo: Handout", true).unwrap();
        assert_eq!(got.0, "Photo: Handout");
        let got = read("Photo: Police handout", true).unwrap();
        assert_eq!(got.0, "Photo: Police handout");
        let got = read("PICTURE: Ana Silva arrives in Lisbon.", true).unwrap();
        assert!(got.2);
        assert!(read("Officials declined to comment.", true).is_some_and(|c| !c.2));
        let got = read(
            "Picture: A tram waits at the terminus. Star Photo/Lee Wong",
            true,
        )
        .unwrap();
        assert!(got.2);
        assert_eq!(read("Picture: A tram waits. The Council Met", true), None);
        let got = read("Michael D’Cruz as Caliban Photo: Souvik Bhowmick", true).unwrap();
        assert!(got.2);
        assert!(read("Vikram Rao Photo: Company handout", true).is_some_and(|c| c.2));
        assert_eq!(read("Vikram Rao Photo: courtesy of the family", true), None);
        assert_eq!(
            read("The agency said a Photo: Reuters label was wrong", true),
            None
        );
        assert_eq!(read("Photo: A tram waits. Then it left.", true), None);
    }
}
