//! LAY001 `wedged-caption`: a photo caption wedged into a sentence of the body.
//!
//! ## What it does
//! Takes the caption out of the sentence it interrupts and rejoins the sentence; the caption goes
//! where `--captions` says (after the article by default), with its photo credit.
//!
//! ## Why
//! OCR of a page reads a caption printed inside a column as part of the text around it, so the
//! sentence it interrupts reads as nonsense and the caption is lost as a caption.
//!
//! ## Example
//! ```text
//! … the end of a long period of mistrust between the two ports and
//!
//! Ana Ruiz and Tomas Berg meet in Valencia yesterday. opened a new chapter for the fleets.
//! ```
//! becomes `… between the two ports and opened a new chapter for the fleets.`, and the caption a
//! paragraph after the article (`rules/layout.toml` holds the examples that run as tests).
//!
//! A caption is recognised by the sentence it interrupts: a unit that stops mid-clause, one short
//! sentence that starts with a capital (the caption, perhaps preceded by credit lines), then text
//! that goes on in lower case. The caption's words add evidence ([`super::super::caption`]) where
//! the structure alone is weaker: between the lines of a wrapped column, every line stops
//! mid-clause. A rejoined sentence that would itself read as a caption is left alone, so that a
//! second run moves nothing.

use std::ops::Range;

use super::super::caption::{
    Caption, Open, bare_end, open_end, read_block, read_caption, read_unstopped,
};
use super::super::found::{Credit, Found, Joiner, Kind};
use super::super::page::Page;
use super::super::text::{
    Unit, char_len, ends_sentence, excerpt, is_closer, is_hyphen_like, is_lowercase_word,
    last_char, tokens, word_of,
};
use super::super::vocab::Vocab;
use super::hard_wrap::LONG;

/// Fewest words in the paragraph a caption interrupts: a headline or a line of verse is not it.
const MIN_BODY_WORDS: usize = 8;
/// Fewest words in a short paragraph of the body that a caption interrupts (see [`starts_prose`]).
const MIN_SHORT_BODY_WORDS: usize = 3;
/// Fewest words in a caption that says itself where it ends (see [`Gap::stops_itself`]).
const MIN_SELF_STOPPED_WORDS: usize = 4;
/// Most letters in a capitalised word with a full stop that may be an abbreviation (`Neb.`,
/// `Calif.`) rather than a sentence's last word.
const MAX_SHORT_ABBREVIATION: usize = 5;
/// A line of a block shorter than this (in bytes) ends a verse or a list, not a column of prose.
const MIN_PROSE_LINE: usize = 40;
/// Evidence (see [`Caption::evidence`]) a wedged caption needs between paragraphs.
const PARAGRAPH_EVIDENCE: u8 = 3;
/// Evidence a wedged caption needs between paragraphs parted by blank lines: a paragraph that
/// stops mid-clause there is no line of a column, so the structure says most.
const APART_EVIDENCE: u8 = 1;
/// Evidence a wedged caption needs between the lines of a wrapped column, where every line
/// ends mid-clause.
const LINE_EVIDENCE: u8 = 4;

/// Captions wedged into sentences, in order. `split_off` are the credits the byline rule takes
/// off their lines.
pub(in crate::stages::layout) fn find(
    page: &Page,
    split_off: &[Range<usize>],
    v: &Vocab,
) -> Vec<Found> {
    let units = &page.units;
    let mut out = Vec::new();
    let mut carry: Option<Rejoined> = None;
    let mut i = 0;
    while i + 1 < units.len() {
        // After a rejoin, the paragraph is the rejoined one: its words before the caption count.
        let para = carry.take().unwrap_or(Rejoined {
            words: 0,
            own_start: units[i].start,
            prefix: String::new(),
            first: i,
        });
        let Some(gap) = Gap::open(page, i, para, split_off, v) else {
            i += 1;
            continue;
        };
        let Some(&next) = units.get(gap.next) else {
            break;
        };
        let taken = gap
            .credit_lines_only(next)
            .or_else(|| gap.caption_leads(next))
            .or_else(|| gap.caption_fills(next));
        match taken {
            Some((found, rejoined, resume)) => {
                out.push(found);
                carry = Some(rejoined);
                i = resume;
            }
            None => i += 1,
        }
    }
    out
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

/// A unit that stops mid-clause, and what follows it: where a caption may be wedged.
struct Gap<'a> {
    page: &'a Page<'a>,
    v: &'a Vocab,
    split_off: &'a [Range<usize>],
    /// The unit that stops mid-clause.
    unit: Unit,
    /// Its paragraph as rejoined so far.
    para: Rejoined,
    /// Its own text (after any caption taken out of it).
    own: &'a str,
    open: Open,
    joiner: Joiner,
    /// Credit lines between it and the next unit of text (`Photo: Handout`): they go with the
    /// caption.
    credits: Vec<Range<usize>>,
    /// The first unit after it that is not a credit line.
    next: usize,
    /// A blank line parts the unit from the next: they are paragraphs, not lines of a column.
    apart: bool,
    /// The evidence a caption needs here.
    needed: u8,
    /// Evidence the gap adds to a caption's own: one for an ending no sentence has, two for
    /// credit lines.
    bonus: u8,
    /// What the unit is as the body: after a short opening only a credited caption is taken.
    body: Body,
}

/// A caption taken out, the paragraph as rejoined after it, and the unit to read on from.
type Taken = (Found, Rejoined, usize);

impl<'a> Gap<'a> {
    /// The gap after unit `i`, when that unit stops mid-clause and reads as body prose.
    fn open(
        page: &'a Page<'a>,
        i: usize,
        para: Rejoined,
        split_off: &'a [Range<usize>],
        v: &'a Vocab,
    ) -> Option<Gap<'a>> {
        let (text, units) = (page.text, &page.units);
        let unit = units[i];
        // In a wrapped column every line ends mid-clause: between its lines the structure says
        // little, so the caption must say something too.
        let line_units = page.wrapped() && !page.by_blocks;
        let own = &text[para.own_start..unit.end];
        let open = open_end(own, v).or_else(|| bare_end(own, v).then_some(Open::Bare))?;
        let body = if line_units {
            Body::Prose
        } else {
            is_body(page, i, para.own_start, para.words, open)?
        };
        let joiner = if last_char(own).is_some_and(is_hyphen_like) {
            Joiner::LineBreak
        } else {
            Joiner::Space
        };
        let mut next = i + 1;
        let mut credits: Vec<Range<usize>> = Vec::new();
        while let Some(u) = units.get(next) {
            match read_caption(text, u.start, u.end, true, v) {
                Some(c) if c.credit_only => credits.push(c.span),
                _ => break,
            }
            next += 1;
        }
        let apart = !line_units && blank_between(page, unit, units.get(next).copied());
        // A line too long to be a line of the column stands on its own (the wrap rule leaves it
        // so): a second run reads the unwrapped text as paragraphs, so the gap before it is one
        // between paragraphs here too.
        let in_column = line_units
            && units
                .get(next)
                .is_none_or(|u| !too_long_for_column(page, &text[u.start..u.end]));
        let needed = if in_column {
            LINE_EVIDENCE
        } else if apart {
            APART_EVIDENCE
        } else {
            PARAGRAPH_EVIDENCE
        };
        let bonus = u8::from(open == Open::Strong) + if credits.is_empty() { 0 } else { 2 };
        Some(Gap {
            page,
            v,
            split_off,
            unit,
            para,
            own,
            open,
            joiner,
            credits,
            next,
            apart,
            needed,
            bonus,
            body,
        })
    }

    /// Only credit lines stood between the halves of the sentence.
    fn credit_lines_only(&self, next: Unit) -> Option<Taken> {
        let first = self.credits.first().cloned()?;
        let ok = next.goes_on(self.page.text)
            && self.open == Open::Strong
            && self.clean_join(next.start, self.next);
        ok.then(|| {
            let rest = self.credits[1..].to_vec();
            self.take(first, rest, None, next.start, self.next)
        })
    }

    /// The caption starts the next unit and the sentence goes on after it. A credit alone
    /// before the continuation (`Photo: Handout Officials declined …`) is not taken: where its
    /// name ends is a guess. A credit that leads a unit which also reads as a labelled caption is
    /// that caption, not a wedge.
    fn caption_leads(&self, next: Unit) -> Option<Taken> {
        let (text, v) = (self.page.text, self.v);
        let labelled = |c: &Caption| {
            c.credit_only && read_caption(text, next.start, next.end, true, v).is_some()
        };
        let c = read_caption(text, next.start, next.end, false, v)
            .filter(|c| (self.enough(c) || self.stops_itself(c)) && !labelled(c) && !c.credit_only)
            .filter(|c| self.continues_at(c.continuation.unwrap_or(next.end)))
            .filter(|c| c.credited || !ends_on_short_capital(text, &c.span))
            .filter(|c| self.clean_join(c.continuation.unwrap_or(next.end), self.next))?;
        let cont = c.continuation.unwrap_or(next.end);
        Some(self.take(
            c.span.clone(),
            self.credits.clone(),
            Some(&c),
            cont,
            self.next,
        ))
    }

    /// The caption fills the next unit and the sentence goes on in the one after.
    fn caption_fills(&self, next: Unit) -> Option<Taken> {
        let (text, v) = (self.page.text, self.v);
        let after = self.next + 1;
        let &goes_on = self.page.units.get(after)?;
        if !goes_on.goes_on(text) || !self.continues_at(goes_on.start) {
            return None;
        }
        // Between paragraphs parted by blank lines a caption may also be a few words without a
        // full stop (not ending on `and`): the paragraphs around it say the sentence goes on.
        // Between lines every line of a column looks like that.
        let apart = self.apart && blank_between(self.page, next, Some(goes_on));
        let unstopped = || {
            apart
                .then(|| read_unstopped(text, next.start, next.end, v))
                .flatten()
                .filter(|_| open_end(&text[next.start..next.end], v) != Some(Open::Strong))
        };
        // A block of a few sentences too, when it stands apart: it ends on a full stop or a
        // credit, and the paragraph after it starts mid-sentence.
        let block = || {
            apart
                .then(|| read_block(text, next.start, next.end, v))
                .flatten()
        };
        let c = read_caption(text, next.start, next.end, true, v)
            .or_else(unstopped)
            .or_else(block)
            .filter(|c| self.enough(c))?;
        if !self.clean_join(goes_on.start, after) {
            return None;
        }
        Some(self.take(
            c.span.clone(),
            self.credits.clone(),
            Some(&c),
            goes_on.start,
            after,
        ))
    }

    /// Whether the text from `at` may go on the sentence: after a bare end (`… approvals. But`)
    /// only a lower-case word does (a number or a web address may start a line of its own).
    fn continues_at(&self, at: usize) -> bool {
        let text = self.page.text;
        self.open != Open::Bare
            || tokens(text, at, text.len())
                .next()
                .is_some_and(|t| is_lowercase_word(&text[t]))
    }

    /// Whether a caption that the sentence goes on after, in its own unit, says itself where it
    /// ends, whatever it reads like: it starts a paragraph parted by a blank line from the one it
    /// interrupts and ends on a full stop after a lower-case word or a number (`A refurbished
    /// two-person sleeper compartment. back …`). Nothing else puts a lower-case word after a full
    /// stop but an abbreviation, and those end on a capitalised word (`Inc.`, `Neb.`) or are
    /// listed.
    fn stops_itself(&self, c: &Caption) -> bool {
        let text = self.page.text;
        let toks: Vec<Range<usize>> = tokens(text, c.span.start, c.span.end).collect();
        let last = toks.last().map(|t| word_of(&text[t.clone()]));
        self.apart
            && self.body == Body::Prose
            && c.continuation.is_some()
            && !c.credited
            && toks.len() >= MIN_SELF_STOPPED_WORDS
            && last.is_some_and(|w| {
                w.chars().count() >= 3
                    && (is_lowercase_word(w) || w.starts_with(|c: char| c.is_ascii_digit()))
            })
            && !self.v.is_byline(&text[c.span.clone()])
    }

    /// Whether a caption reads enough like one here. A byline with its credit is not a caption,
    /// wherever it stands.
    fn enough(&self, c: &Caption) -> bool {
        let byline = self.v.is_byline(&self.page.text[c.span.clone()]);
        c.evidence + self.bonus >= self.needed && !byline && self.credit_if_needed(c)
    }

    /// After a short opening (see [`Body::Opening`]), the caption must carry a credit, in its own
    /// text or on credit lines before it.
    fn credit_if_needed(&self, c: &Caption) -> bool {
        self.body == Body::Prose || c.credited || !self.credits.is_empty()
    }

    /// Whether the sentence may be rejoined with its continuation from `end` in unit `host`.
    /// The rejoined paragraph must not read as a caption with a credit itself, or a second run
    /// would move it: such a text is left alone. A byline does not go on in a caption's
    /// continuation.
    fn clean_join(&self, end: usize, host: usize) -> bool {
        let (page, v, needed) = (self.page, self.v, self.needed);
        let (text, units) = (page.text, &page.units);
        if v.is_byline(self.own) {
            return false;
        }
        let rest = self.continuation(end, host);
        // After a broken word the continuation starts a line of its own.
        if self.joiner == Joiner::LineBreak && v.credit_finder.find(&rest).is_some() {
            return false;
        }
        let joined = format!(
            "{}{}{}{rest}",
            self.para.prefix,
            self.own,
            self.joiner.as_str()
        );
        // Nor may it read, with the evidence a wedged caption needs, as a caption before its own
        // continuation (a quotation that breaks off on `…` and goes on is not one), unless it
        // starts after a sentence's end: a second run looks for a caption leading a unit only
        // after one that stops mid-clause. Refusing such a join (`… study it. but that …`) left
        // the caption for a second run that read the paragraph by lines, rejoined only its last
        // line and took the caption. Between a unit that stops mid-clause and one that goes on in
        // lower case, nor may it read as a caption filling its unit.
        let first = self.para.first;
        let between = first > 0
            && units.get(host + 1).is_some_and(|u| u.goes_on(text))
            && open_end(page.unit_text(first - 1), v).is_some();
        let after_sentence = first > 0 && ends_sentence(page.unit_text(first - 1));
        let credited = v.credit_finder.find(&joined).is_some();
        let filling = (credited || between)
            .then(|| read_caption(&joined, 0, joined.len(), true, v))
            .flatten();
        let leading = (!after_sentence)
            .then(|| read_caption(&joined, 0, joined.len(), false, v))
            .flatten();
        leading.is_none_or(|c| c.evidence + 1 < needed)
            && (!credited || filling.as_ref().is_none_or(|c| !c.credited))
            && (!between || filling.as_ref().is_none_or(|c| c.evidence + 1 < needed))
    }

    /// The continuation from `end` to the end of unit `host` as a second run sees it: without
    /// the credits split off bylines.
    fn continuation(&self, end: usize, host: usize) -> String {
        let text = self.page.text;
        let host_end = self.page.units[host].end;
        let mut rest = String::new();
        let mut at = end;
        for r in self
            .split_off
            .iter()
            .filter(|r| end <= r.start && r.end <= host_end)
        {
            rest.push_str(&text[at..r.start]);
            at = r.end;
        }
        rest.push_str(&text[at..host_end]);
        rest
    }

    /// The caption `span` (with the credit lines `extra`; `c` is `None` when it is a credit line
    /// itself) taken out up to `end`, where the sentence goes on in unit `host`.
    fn take(
        &self,
        span: Range<usize>,
        extra: Vec<Range<usize>>,
        c: Option<&Caption>,
        end: usize,
        host: usize,
    ) -> Taken {
        let credit = match c {
            None => Credit::Only,
            Some(c) if c.credit_only => Credit::Only,
            Some(c) if c.credited => Credit::Own,
            Some(_) if !extra.is_empty() => Credit::Apart,
            Some(_) => Credit::Missing,
        };
        let u = self.unit;
        let found = Found {
            kind: Kind::Wedged,
            removal: u.end..end,
            joiner: self.joiner,
            credit,
            span,
            credits: extra,
            host,
            context: sentence_context(self.page, u.start..u.end, end..self.page.units[host].end),
        };
        let rejoined = Rejoined {
            words: self.para.words + self.own.split_whitespace().count(),
            own_start: end,
            prefix: format!("{}{}{}", self.para.prefix, self.own, self.joiner.as_str()),
            first: self.para.first,
        };
        (found, rejoined, host)
    }
}

/// Whether `span` ends on a full stop after a short capitalised word set off by a comma
/// (`Lincoln, Neb.`, the way a state or a country follows a town): perhaps an abbreviation the
/// lists do not know, that the sentence goes on after in lower case. Where a caption without a
/// credit ends so, its end is a guess.
fn ends_on_short_capital(text: &str, span: &Range<usize>) -> bool {
    let toks: Vec<Range<usize>> = tokens(text, span.start, span.end).collect();
    let [.., before, last] = toks.as_slice() else {
        return false;
    };
    let tok = &text[last.clone()];
    let w = word_of(tok);
    text[before.clone()].ends_with(',')
        && tok.trim_end_matches(is_closer).ends_with('.')
        && w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().count() <= MAX_SHORT_ABBREVIATION
}

/// Whether `line` is longer than a line of the document's wrapped column can be.
fn too_long_for_column(page: &Page, line: &str) -> bool {
    page.shape
        .wrap
        .is_some_and(|w| char_len(line.as_bytes()) as f64 > LONG * w as f64)
}

/// Whether a blank line stands between unit `a` and unit `b`.
fn blank_between(page: &Page, a: Unit, b: Option<Unit>) -> bool {
    b.is_some_and(|b| {
        page.lines[a.last_line + 1..b.first_line]
            .iter()
            .any(|l| l.is_blank())
    })
}

/// Whether unit `i` (its own text from `from`, `carried` words of its paragraph before it, ending
/// `open`) reads as body prose: enough words, or a short paragraph that starts a sentence of the
/// body ([`Body::Opening`] when it may be a heading too); and not a block of short lines (verse, a
/// list, an address) unless the whole document is wrapped.
fn is_body(page: &Page, i: usize, from: usize, carried: usize, open: Open) -> Option<Body> {
    let (text, u) = (page.text, page.units[i]);
    let words = carried + tokens(text, from, u.end).take(MIN_BODY_WORDS).count();
    let body = if words >= MIN_BODY_WORDS {
        Body::Prose
    } else if words < MIN_SHORT_BODY_WORDS || i == 0 {
        return None;
    } else if starts_prose(open) && ends_sentence(page.unit_text(i - 1)) {
        Body::Prose
    } else {
        // After a unit that ends no sentence (a letter's signature, a dateline) a short unit may
        // be a heading as well as the start of a paragraph, however it stops; one that stops
        // bare holds a sentence of its own, so it is no heading, but it may end a paragraph.
        Body::Opening
    };
    if u.first_line != u.last_line && !page.wrapped() {
        let last = page.lines[u.last_line];
        return (last.end - last.text >= MIN_PROSE_LINE).then_some(body);
    }
    Some(body)
}

/// What a unit that stops mid-clause is, as the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    /// Prose of the body: a long enough paragraph, or the start of one (see [`starts_prose`]).
    Prose,
    /// A short paragraph stopping on a lower-case word or a comma after one that ends a sentence
    /// (`Castleford Trailers said it was`), stopping anyhow after one that ends none (`Letters
    /// should be no` after a letter's signature), or stopping bare (`… taken notice. Arizona's
    /// Medicaid`): the start of a paragraph, a heading (`What happens next`), or a short paragraph
    /// that ends so. Only a caption with its credit says that a sentence was interrupted here.
    Opening,
}

/// Whether a short unit, right after a paragraph that ends a sentence, is the start of a
/// paragraph of the body (`“I never lost sight of`): it stops on a word no sentence and no
/// heading ends on. A headline or a heading that stops on a lower-case word (`What happens next`)
/// is not one (see [`Body::Opening`]).
fn starts_prose(open: Open) -> bool {
    open == Open::Strong
}

/// `… democratisation and | justice that are …`
fn sentence_context(page: &Page, before: Range<usize>, after: Range<usize>) -> String {
    format!(
        "{} | {}",
        excerpt(&page.text[before], 4, true),
        excerpt(&page.text[after], 4, false)
    )
}
