//! Captions: a photo caption wedged into a sentence of the body text, and caption paragraphs
//! (marked by a photo credit) standing between paragraphs of the body.
//!
//! A wedged caption is recognised by the sentence it interrupts, not by what it says: a paragraph
//! that stops mid-clause, then one short sentence that starts with a capital, then text that goes
//! on in lower case where the first paragraph stopped. What the short sentence says (a caption
//! verb, a credit) only adds evidence where the structure alone is weaker.

use std::ops::Range;

use super::text::{
    Unit, ends_sentence, excerpt, is_capitalised, is_closer, is_hyphen_like, is_lowercase_word,
    is_opener, last_char, tokens, word_of,
};
use super::vocab::Vocab;

/// Most words in a caption wedged into a sentence.
const MAX_WEDGED_WORDS: usize = 40;
/// Most words in a caption paragraph recognised by its credit.
const MAX_PARAGRAPH_WORDS: usize = 60;
/// Fewest words in the paragraph a caption interrupts: a headline or a line of verse is not it.
const MIN_BODY_WORDS: usize = 8;
/// A line of a block shorter than this (in bytes) ends a verse or a list, not a column of prose.
const MIN_PROSE_LINE: usize = 40;
/// Most tokens in the name of a credit that the interrupted sentence goes on after.
const MAX_INLINE_CREDIT: usize = 4;
/// Most tokens in the name that follows a labelled caption's sentence without a marker.
const MAX_BARE_CREDIT: usize = 6;
/// Most tokens in a photo credit.
const MAX_CREDIT_TOKENS: usize = 10;
/// A caption verb counts among a caption's first words only.
const MAX_VERB_POSITION: usize = 8;
/// Evidence (see [`evidence`]) a wedged caption needs between paragraphs.
const PARAGRAPH_EVIDENCE: u8 = 3;
/// Evidence a wedged caption needs between the lines of a wrapped column, where every line
/// ends mid-clause.
const LINE_EVIDENCE: u8 = 4;

/// How surely a paragraph ending is unfinished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Open {
    /// A word a sentence cannot end on (`and`, `of`), or half a word broken by a hyphen.
    Strong,
    /// A lower-case word, a comma, a semicolon.
    Weak,
}

/// How a paragraph ends, when it ends mid-clause.
pub(crate) fn open_end(s: &str, v: &Vocab) -> Option<Open> {
    let c = last_char(s)?;
    if c == '-' || c == '\u{00AD}' {
        let before = s[..s.len() - c.len_utf8()].chars().next_back();
        return before.filter(|b| b.is_alphabetic()).map(|_| Open::Strong);
    }
    if matches!(c, ',' | ';') {
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

/// Whether a token can be part of a credit's name: `AP`, `Photo/Ng`, `Xinhua`, `EPA-EFE`, `2024`.
pub(crate) fn is_credit_token(token: &str, v: &Vocab) -> bool {
    let t = token.trim_start_matches(is_opener);
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || t.starts_with('/')
        || t == "&"
        || Vocab::has(&v.credit_connectors, word_of(t))
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
    let shape = caption_shape(text, from, to, whole, v)?;
    let evidence = evidence(text, &shape, v);
    Some(Caption {
        span: shape.span,
        continuation: shape.continuation,
        credited: shape.credited,
        credit_only: shape.credit_only,
        evidence,
    })
}

fn caption_shape(text: &str, from: usize, to: usize, whole: bool, v: &Vocab) -> Option<Shape> {
    let max_words = if whole {
        MAX_PARAGRAPH_WORDS
    } else {
        MAX_WEDGED_WORDS
    };
    let toks: Vec<Range<usize>> = tokens(text, from, to).take(max_words + 12).collect();
    let start = toks.first()?.start;
    let (mut words, mut credited) = (0usize, false);
    // The caption's own words: after a leading credit, up to a trailing one.
    let mut own_start = start;
    let mut k = 0;
    while k < toks.len() {
        let tok = &text[toks[k].clone()];
        if let Some((marker_end, label)) = marker_at(text, toks[k].start, v) {
            credited = true;
            // A caption ends its sentence before its credit, unless the credit is in brackets.
            if k > 0 && !ends_sentence(&text[toks[k - 1].clone()]) && !tok.starts_with('(') {
                return None;
            }
            let own = own_start..toks[k.saturating_sub(1)].end;
            // Label-led caption filling its unit: `Photo: Xi meets Putin in Moscow.`, or a
            // credit line `Photo: Reuters`.
            if k == 0 && label && whole {
                if toks.len() > max_words {
                    return None;
                }
                let after: Vec<&str> = toks
                    .iter()
                    .filter(|r| r.start >= marker_end)
                    .map(|r| &text[r.clone()])
                    .collect();
                let only = toks.len() <= MAX_CREDIT_TOKENS
                    && after.iter().all(|t| is_credit_token(t, v))
                    && after.last().is_some_and(|t| {
                        is_capitalised(t) || t.starts_with(|c: char| c.is_ascii_digit())
                    });
                // One sentence, perhaps followed by the name of the photographer or agency
                // without a marker of its own (`Picture: A tram waits. Star Photo/Lee Wong`).
                let end = after
                    .iter()
                    .position(|t| ends_sentence(t) && !is_abbreviation(t, v));
                let sentence = after.first().is_some_and(|t| is_capitalised(t))
                    && end.is_some_and(|e| is_bare_credit(&after[e + 1..], v));
                if !only && !sentence {
                    return None;
                }
                return Some(Shape {
                    span: start..to,
                    continuation: None,
                    credited,
                    credit_only: only,
                    words: if only { to..to } else { marker_end..to },
                });
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
            if whole && rest <= MAX_CREDIT_TOKENS && k > 0 && phrase {
                // A credit phrase that ends the unit takes everything to the end (`Photo:
                // courtesy of the family`), unless a sentence ends inside it.
                if toks[j..toks.len().saturating_sub(1)]
                    .iter()
                    .any(|r| ends_sentence(&text[r.clone()]))
                {
                    return None;
                }
                return Some(Shape {
                    span: start..to,
                    continuation: None,
                    credited,
                    credit_only: false,
                    words: own,
                });
            }
            let mut last = None;
            let mut n = 0;
            while j < toks.len() && n < MAX_CREDIT_TOKENS {
                let t = &text[toks[j].clone()];
                if !is_credit_token(t, v) {
                    break;
                }
                // `The`, `A` end no credit's name: they start the next sentence.
                let connector = (!is_capitalised(t)
                    && !t.starts_with(|c: char| c.is_ascii_digit()))
                    || Vocab::has(&v.function_words, word_of(t));
                if !connector {
                    last = Some(j);
                }
                j += 1;
                n += 1;
                if ends_sentence(t) {
                    break;
                }
            }
            let last = last?;
            let credit_end = toks[last].end;
            let own = if k == 0 { credit_end..credit_end } else { own };
            match toks.get(last + 1) {
                None if whole => {
                    return Some(Shape {
                        span: start..credit_end,
                        continuation: None,
                        credited,
                        credit_only: k == 0,
                        words: own,
                    });
                }
                None => return None,
                Some(n) if is_lowercase_word(&text[n.clone()]) => {
                    if whole || (k == 0 && !label) {
                        return None; // `Photo by Jane Doe won the award`
                    }
                    // Where a credit's name ends before the sentence goes on is a guess; a short
                    // name (`AP Photo/Lee Kim`) is a safe one. Past one word, the sentence must go
                    // on with a function word (`… Lee Kim of the reforms`): before a verb, the
                    // last capitalised word may be its subject (`Photo: Handout Workers inspect
                    // the channel`).
                    let name = toks[..=last]
                        .iter()
                        .filter(|r| r.start >= marker_end)
                        .count();
                    let goes_on = Vocab::has(&v.function_words, word_of(&text[n.clone()]));
                    if name > MAX_INLINE_CREDIT || (name > 1 && !goes_on) {
                        return None;
                    }
                    return Some(Shape {
                        span: start..credit_end,
                        continuation: Some(n.start),
                        credited,
                        credit_only: k == 0,
                        words: own,
                    });
                }
                Some(n) if k == 0 && label => {
                    // `Photo: Reuters. Xi meets Putin …`: the caption follows its credit.
                    own_start = n.start;
                    k = last + 1;
                    continue;
                }
                Some(_) => return None,
            }
        }
        words += 1;
        if words > max_words {
            return None;
        }
        if toks[k].start == own_start && !is_capitalised(tok) {
            return None;
        }
        if ends_sentence(tok) && !is_abbreviation(tok, v) {
            let own = own_start..toks[k].end;
            match toks.get(k + 1) {
                None if whole => {
                    return Some(Shape {
                        span: start..toks[k].end,
                        continuation: None,
                        credited,
                        credit_only: false,
                        words: own,
                    });
                }
                None => return None,
                Some(n) if is_lowercase_word(&text[n.clone()]) => {
                    if whole {
                        return None;
                    }
                    return Some(Shape {
                        span: start..toks[k].end,
                        continuation: Some(n.start),
                        credited,
                        credit_only: false,
                        words: own,
                    });
                }
                Some(n) if own_start == start && marker_at(text, n.start, v).is_some() => {}
                Some(_) => return None, // a second sentence: not a one-sentence caption
            }
        }
        k += 1;
    }
    None
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

/// How a caption was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Inside a sentence it interrupted (LAY001).
    Wedged,
    /// As a paragraph of its own, marked by a credit (LAY002).
    Paragraph,
}

/// A caption to take out of the body text.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub kind: Kind,
    /// What is removed from the text.
    pub removal: Range<usize>,
    /// What replaces it: a space that rejoins the sentence, a newline after a broken word (for
    /// the hyphen stage), or nothing.
    pub joiner: &'static str,
    /// The caption's text.
    pub span: Range<usize>,
    /// Credit lines that stood apart from it and go with it.
    pub credits: Vec<Range<usize>>,
    pub credited: bool,
    /// Whether the caption carries its own credit (then the credit lines go on their own).
    pub own_credit: bool,
    pub credit_only: bool,
    /// The unit where the interrupted sentence goes on (`keep` puts the caption after it).
    pub host: usize,
    /// Words around the place it was taken from, for the report.
    pub context: String,
}

/// A paragraph being rejoined around the captions taken out of it.
struct Rejoined {
    /// Its words before the current unit.
    words: usize,
    /// Where the current unit's own text starts (after the caption taken out).
    own_start: usize,
    /// Its text before that, as rejoined.
    prefix: String,
    /// The unit it starts in.
    first: usize,
}

/// Layout facts the caption rules depend on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    /// The document is hard-wrapped.
    pub wrapped: bool,
    /// Units are blocks of lines between blank lines, not lines.
    pub by_blocks: bool,
}

/// Captions wedged into sentences, in order. `split_off` are the credits the byline rule takes
/// off their lines.
pub(crate) fn wedged(
    text: &str,
    units: &[Unit],
    lines: &[super::text::Line],
    layout: Layout,
    split_off: &[Range<usize>],
    v: &Vocab,
) -> Vec<Found> {
    let mut out = Vec::new();
    // In a wrapped column every line ends mid-clause: between its lines the structure says
    // little, so the caption must say something too.
    let line_units = layout.wrapped && !layout.by_blocks;
    let mut carry: Option<Rejoined> = None;
    let mut i = 0;
    while i + 1 < units.len() {
        let u1 = units[i];
        // After a rejoin, the paragraph is the rejoined one: its words before the caption count.
        let Rejoined {
            words: carried,
            own_start,
            prefix,
            first: para_first,
        } = carry.take().unwrap_or(Rejoined {
            words: 0,
            own_start: u1.start,
            prefix: String::new(),
            first: i,
        });
        let s1 = &text[own_start..u1.end];
        let Some(open) = open_end(s1, v) else {
            i += 1;
            continue;
        };
        if !line_units && !is_body(text, u1, own_start, carried, lines, layout) {
            i += 1;
            continue;
        }
        let joiner = if last_char(s1).is_some_and(is_hyphen_like) {
            "\n"
        } else {
            " "
        };
        // Credit lines between the two halves go with the caption (`Photo: Handout`).
        let mut j = i + 1;
        let mut credits: Vec<Range<usize>> = Vec::new();
        while let Some(u) = units.get(j) {
            match read_caption(text, u.start, u.end, true, v) {
                Some(c) if c.credit_only => credits.push(c.span),
                _ => break,
            }
            j += 1;
        }
        let Some(&u2) = units.get(j) else {
            break;
        };
        // The evidence of the caption, plus one for an ending no sentence has.
        let needed = if line_units {
            LINE_EVIDENCE
        } else {
            PARAGRAPH_EVIDENCE
        };
        let bonus = u8::from(open == Open::Strong) + if credits.is_empty() { 0 } else { 2 };
        // A byline with its credit is not a caption, wherever it stands.
        let byline = |c: &Caption| {
            v.byline_patterns()
                .iter()
                .any(|p| p.is_match(&text[c.span.clone()]))
        };
        let enough = |c: &Caption| c.evidence + bonus >= needed && !byline(c);
        let starts_lower = |u: Unit| {
            tokens(text, u.start, u.end)
                .next()
                .is_some_and(|t| is_lowercase_word(&text[t]))
        };
        // The rejoined paragraph must not read as a caption with a credit itself, or a second
        // run would move it: such a text is left alone.
        // A byline does not go on in a caption's continuation.
        let u1_byline = || v.byline_patterns().iter().any(|p| p.is_match(s1));
        let clean_join = |end: usize, host: usize| {
            if u1_byline() {
                return false;
            }
            // The continuation as a second run sees it: without credits split off bylines.
            let mut rest = String::new();
            let mut at = end;
            for r in split_off
                .iter()
                .filter(|r| end <= r.start && r.end <= units[host].end)
            {
                rest.push_str(&text[at..r.start]);
                at = r.end;
            }
            rest.push_str(&text[at..units[host].end]);
            // After a broken word the continuation starts a line of its own.
            if joiner == "\n" && v.credit_finder.find(&rest).is_some() {
                return false;
            }
            let joined = format!("{prefix}{s1}{joiner}{rest}");
            // Nor may it read, with the evidence a wedged caption needs, as a caption before its
            // own continuation (a quotation that breaks off on `…` and goes on is not one).
            // Between a unit that stops mid-clause and one that goes on in lower case, nor may it
            // read as a caption filling its unit.
            let between = para_first > 0
                && units.get(host + 1).is_some_and(|&u| starts_lower(u))
                && open_end(
                    &text[units[para_first - 1].start..units[para_first - 1].end],
                    v,
                )
                .is_some();
            let credited = v.credit_finder.find(&joined).is_some();
            let filling = (credited || between)
                .then(|| read_caption(&joined, 0, joined.len(), true, v))
                .flatten();
            read_caption(&joined, 0, joined.len(), false, v).is_none_or(|c| c.evidence + 1 < needed)
                && (!credited || filling.as_ref().is_none_or(|c| !c.credited))
                && (!between || filling.as_ref().is_none_or(|c| c.evidence + 1 < needed))
        };
        // The paragraph as rejoined up to a caption taken out, going on at `own_start`.
        let rejoined = |own_start: usize| Rejoined {
            words: carried + word_count(s1),
            own_start,
            prefix: format!("{prefix}{s1}{joiner}"),
            first: para_first,
        };
        let found = |span: Range<usize>,
                     extra: Vec<Range<usize>>,
                     c: Option<&Caption>,
                     end: usize,
                     host: usize| Found {
            kind: Kind::Wedged,
            removal: u1.end..end,
            joiner,
            credited: c.is_none_or(|c| c.credited) || !extra.is_empty(),
            own_credit: c.is_some_and(|c| c.credited && !c.credit_only),
            credit_only: c.is_none_or(|c| c.credit_only),
            span,
            credits: extra,
            host,
            context: sentence_context(text, u1.start..u1.end, end..units[host].end),
        };
        // Only credit lines stood between the halves.
        if let Some(first) = credits.first().cloned()
            && starts_lower(u2)
            && open == Open::Strong
            && clean_join(u2.start, j)
        {
            out.push(found(first, credits[1..].to_vec(), None, u2.start, j));
            carry = Some(rejoined(u2.start));
            i = j;
            continue;
        }
        // The caption starts the next unit and the sentence goes on after it. A credit alone
        // before the continuation (`Photo: Handout Officials declined …`) is not taken: where
        // its name ends is a guess. A credit that leads a unit which also reads as a labelled
        // caption is that caption, not a wedge.
        let labelled =
            |c: &Caption| c.credit_only && read_caption(text, u2.start, u2.end, true, v).is_some();
        if let Some(c) = read_caption(text, u2.start, u2.end, false, v)
            .filter(|c| enough(c) && !labelled(c) && !c.credit_only)
            .filter(|c| clean_join(c.continuation.unwrap_or(u2.end), j))
        {
            let cont = c.continuation.unwrap_or(u2.end);
            out.push(found(c.span.clone(), credits, Some(&c), cont, j));
            carry = Some(rejoined(cont));
            i = j;
            continue;
        }
        // The caption fills the next unit and the sentence goes on in the one after.
        if let Some(&u3) = units.get(j + 1)
            && starts_lower(u3)
            && let Some(c) = read_caption(text, u2.start, u2.end, true, v).filter(|c| enough(c))
            && clean_join(u3.start, j + 1)
        {
            out.push(found(c.span.clone(), credits, Some(&c), u3.start, j + 1));
            carry = Some(rejoined(u3.start));
            i = j + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// Whether a unit reads as body prose: enough words, and not a block of short lines (verse, a
/// list, an address) unless the whole document is wrapped.
fn is_body(
    text: &str,
    u: Unit,
    from: usize,
    carried: usize,
    lines: &[super::text::Line],
    layout: Layout,
) -> bool {
    if carried + tokens(text, from, u.end).take(MIN_BODY_WORDS).count() < MIN_BODY_WORDS {
        return false;
    }
    if u.first_line != u.last_line && !layout.wrapped {
        let last = lines[u.last_line];
        return last.end - last.text >= MIN_PROSE_LINE;
    }
    true
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// `… democratisation and | justice that are …`
fn sentence_context(text: &str, before: Range<usize>, after: Range<usize>) -> String {
    format!(
        "{} | {}",
        excerpt(&text[before], 4, true),
        excerpt(&text[after], 4, false)
    )
}

/// Units that are captions by their credit (`… Photo: Reuters`, `Picture: …`), other than those
/// in `skip`, as (unit index, caption).
pub(crate) fn credited_units(
    text: &str,
    units: &[Unit],
    skip: impl Fn(usize) -> bool,
    v: &Vocab,
) -> Vec<(usize, Caption)> {
    let mut out = Vec::new();
    for (i, u) in units.iter().enumerate() {
        if skip(i) {
            continue;
        }
        // Cheap test first: a credit marker somewhere in the unit.
        if v.credit_finder.find(&text[u.start..u.end]).is_none() {
            continue;
        }
        if let Some(c) = read_caption(text, u.start, u.end, true, v).filter(|c| c.credited) {
            out.push((i, c));
        }
    }
    out
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
    fn a_credit_name_before_a_verb_is_a_guess() {
        // `Workers` may be the subject of `inspect`: the caption is left where it is.
        assert_eq!(
            read(
                "Ana Ruiz meets Tom Berg. Photo: Handout Workers inspect the channel",
                false
            ),
            None
        );
        let got = read(
            "Ana Ruiz meets Tom Berg. Photo: Handout inspect the channel",
            false,
        );
        assert_eq!(got.unwrap().1.as_deref(), Some("inspect the channel"));
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
        assert_eq!(read("Photo: A tram waits. Then it left.", true), None);
    }
}
