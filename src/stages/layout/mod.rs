//! Stage `layout` (LAY): what page layout did to the running text.
//!
//! - LAY001 `wedged-caption`: a photo caption wedged into a sentence is taken out, the sentence
//!   rejoined, the caption put where [`Captions`] says (after the article by default).
//! - LAY002 `caption-paragraph`: a caption paragraph marked by a photo credit, standing between
//!   paragraphs of the body, goes the same way.
//! - LAY003 `byline-credit`: a photo credit glued to a byline is split off and joins the caption.
//! - LAY004 `hard-wrap`: line breaks inside the paragraphs of a hard-wrapped document are
//!   replaced by spaces (breaks after a hyphen are left to the hyphen stage).
//!
//! A move is two edits: a removal where the text was and an insertion where it goes, each with a
//! reason naming the other place. The words and patterns the rules use are the `[data.layout]`
//! lists of `rules/layout.toml`; the structure (paragraphs, sentence ends, widths) is code.
//!
//! The stage first reads the document's shape in one pass that allocates nothing
//! ([`unwrap::scan`]); a text with no paragraph that ends mid-clause, no credit marker and no
//! wrapping is left after that pass.

mod bylines;
mod captions;
mod text;
mod unwrap;
mod vocab;

use std::borrow::Cow;
use std::ops::Range;

use crate::code::RuleCode;
use crate::edit::Edit;
use crate::pipeline::{Captions, Options};
use crate::rules::{RuleBook, RuleError, StageName};
use crate::stage::{Context, Stage};

use captions::{Found, Kind};
use text::{Line, excerpt, lines, one_line, units};
use vocab::Vocab;

/// The layout stage.
pub struct Layout {
    vocab: Vocab,
    captions: Captions,
    wedged: RuleCode,
    paragraph: RuleCode,
    byline: RuleCode,
    wrap: RuleCode,
}

impl Layout {
    /// The stage, with its built-in rules and the `[data.layout]` lists of every pack.
    pub fn new(book: &RuleBook, options: &Options) -> Result<Layout, RuleError> {
        let code = |name| book.builtin_code(StageName::Layout, name);
        Ok(Layout {
            vocab: Vocab::new(book)?,
            captions: options.captions,
            wedged: code("wedged-caption"),
            paragraph: code("caption-paragraph"),
            byline: code("byline-credit"),
            wrap: code("hard-wrap"),
        })
    }
}

/// A caption on its way out of the body, with the credit it takes along.
struct Moving {
    found: Found,
    /// A credit from elsewhere (a byline, a credit line) that joins it.
    credit: Option<Loose>,
}

/// A credit without a caption of its own: split from a byline, or a credit line.
#[derive(Clone)]
struct Loose {
    credit: Range<usize>,
    /// The byline it was glued to, when it was.
    byline: Option<Range<usize>>,
    /// The unit where the sentence it interrupted goes on, when it stood in the body.
    host: Option<usize>,
}

impl Stage for Layout {
    fn name(&self) -> StageName {
        StageName::Layout
    }

    fn reads_batch(&self) -> bool {
        false
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        let on = |code| ctx.selection.enabled(code);
        let shape = unwrap::scan(text);
        let want_wedged = on(self.wedged) && shape.open_ends;
        let want_credits = (on(self.paragraph) || on(self.byline))
            && self.vocab.credit_finder.find(text).is_some();
        let want_wrap = on(self.wrap) && shape.wrap.is_some();
        if !(want_wedged || want_credits || want_wrap) {
            return Vec::new();
        }
        let lines: Vec<Line> = lines(text).collect();
        // Paragraphs are the units in a wrapped text with blank lines; otherwise every line is
        // one (a caption may stand on a line of its own inside a block).
        let by_blocks = shape.blank_lines && shape.wrap.is_some();
        let mut units = units(&lines, by_blocks);
        if want_credits {
            units = if by_blocks {
                self.split_credit_lines(text, &lines, units)
            } else {
                self.join_credit_lines(text, &lines, units)
            };
        }
        let layout = captions::Layout {
            wrapped: shape.wrap.is_some(),
            by_blocks,
        };
        let v = &self.vocab;

        // Bylines first: their lines are neither captions nor body.
        let mut bylines = if want_credits {
            bylines::byline_credits(text, &lines, v)
        } else {
            Vec::new()
        };
        let byline_unit = |i: usize| {
            let u = units[i];
            bylines
                .iter()
                .any(|b| (u.first_line..=u.last_line).contains(&b.line))
        };
        let wedged = if want_wedged {
            let split_off: Vec<Range<usize>> = if on(self.byline) {
                bylines.iter().map(|b| b.removal.clone()).collect()
            } else {
                Vec::new()
            };
            captions::wedged(text, &units, &lines, layout, &split_off, v)
        } else {
            Vec::new()
        };
        let inside_wedge = |i: usize| {
            let u = units[i];
            wedged
                .iter()
                .any(|f| f.removal.start < u.end && u.start < f.removal.end)
        };
        let credited = if want_credits {
            captions::credited_units(text, &units, |i| byline_unit(i) || inside_wedge(i), v)
        } else {
            Vec::new()
        };
        // Caption paragraphs after the last paragraph of body text are where they belong.
        let is_credited = |i: usize| credited.iter().any(|(k, _)| *k == i);
        let last_body = (0..units.len())
            .rev()
            .find(|&i| !is_credited(i) && !inside_wedge(i));
        let mut paragraphs: Vec<Found> = Vec::new();
        if on(self.paragraph) && self.captions != Captions::Keep {
            // Units removed from the very start take the separator after them; the others the
            // separator before them, so that removals of neighbours never overlap.
            let mut leading = true;
            for (i, c) in &credited {
                leading &= paragraphs.len() == *i;
                if last_body.is_none_or(|b| *i > b) {
                    continue;
                }
                // Between a paragraph that stops mid-clause and one that goes on in lower case
                // the caption is the wedged caption's business; when it declined, the layout
                // there is too unclear to touch.
                // Other caption paragraphs between do not count: they go too.
                let open_before = (0..*i).rev().find(|&p| !is_credited(p)).is_some_and(|p| {
                    captions::open_end(&text[units[p].start..units[p].end], v).is_some()
                });
                let lower_after =
                    (i + 1..units.len())
                        .find(|&n| !is_credited(n))
                        .is_some_and(|n| {
                            let n = units[n];
                            text::tokens(text, n.start, n.end)
                                .next()
                                .is_some_and(|t| text::is_lowercase_word(&text[t]))
                        });
                if open_before || lower_after {
                    continue;
                }
                let u = units[*i];
                let removal = if leading {
                    u.start..units.get(i + 1).map_or(u.end, |n| n.start)
                } else {
                    units[i - 1].end..u.end
                };
                paragraphs.push(Found {
                    kind: Kind::Paragraph,
                    removal,
                    joiner: "",
                    span: c.span.clone(),
                    credits: Vec::new(),
                    credited: true,
                    own_credit: true,
                    credit_only: c.credit_only,
                    host: *i,
                    context: excerpt(&text[u.start..u.end], 6, false),
                });
            }
        }

        // Byline lines were kept out of the captions above; their credits move only when the
        // rule that splits them runs.
        if !on(self.byline) {
            bylines.clear();
        }
        // Two finds that claim the same text: the first one keeps it.
        let mut finds: Vec<Found> = wedged.into_iter().chain(paragraphs).collect();
        finds.sort_by_key(|f| f.removal.start);
        let mut end = 0;
        finds.retain(|f| {
            let ok = f.removal.start >= end;
            if ok {
                end = f.removal.end;
            }
            ok
        });
        // Credits that travel to a caption: from bylines, and credit lines without a caption.
        let mut loose: Vec<Loose> = bylines
            .iter()
            .map(|b| Loose {
                credit: b.credit.clone(),
                byline: Some(b.byline.clone()),
                host: None,
            })
            .collect();
        let mut moving: Vec<Moving> = Vec::new();
        for mut f in finds {
            // A caption with a credit of its own takes no second one on its line.
            if f.own_credit {
                for credit in std::mem::take(&mut f.credits) {
                    loose.push(Loose {
                        credit,
                        byline: None,
                        host: Some(f.host),
                    });
                }
            }
            if f.credit_only {
                for credit in std::iter::once(&f.span).chain(&f.credits) {
                    loose.push(Loose {
                        credit: credit.clone(),
                        byline: None,
                        host: Some(f.host),
                    });
                }
            }
            moving.push(Moving {
                found: f,
                credit: None,
            });
        }
        // The first loose credit joins the first caption without a credit of its own.
        let mut loose_left: Vec<Loose> = Vec::new();
        for credit in loose {
            let target = moving
                .iter_mut()
                .find(|m| !m.found.credited && !m.found.credit_only && m.credit.is_none());
            match target {
                Some(m) => m.credit = Some(credit),
                None => loose_left.push(credit),
            }
        }

        let mut edits = Vec::new();
        self.caption_edits(
            text,
            &units,
            &lines,
            &shape,
            &moving,
            &loose_left,
            &bylines,
            &mut edits,
        );

        if want_wrap && let Some(width) = shape.wrap {
            let taken: Vec<Range<usize>> = edits.iter().map(|e| e.range.clone()).collect();
            let protected = |i: usize| {
                let l = lines[i];
                let next = lines.get(i + 1).copied();
                // The break `l.end..next.text` must not overlap another edit, nor hold an
                // insertion.
                let b = l.end..next.map_or(l.end, |n| n.text);
                let touches = |r: &Range<usize>| {
                    if r.is_empty() {
                        b.start <= r.start && r.start <= b.end
                    } else {
                        r.start < b.end && b.start < r.end
                    }
                };
                taken.iter().any(touches)
                    || credited.iter().any(|(k, _)| {
                        let u = units[*k];
                        (u.first_line..=u.last_line).contains(&i)
                            || next.is_some() && (u.first_line..=u.last_line).contains(&(i + 1))
                    })
                    || bylines.iter().any(|b| b.line == i || b.line == i + 1)
            };
            let reason: Cow<'static, str> = Cow::Owned(format!(
                "line break inside a paragraph of hard-wrapped text (lines of about {width} characters)"
            ));
            for (_, range) in unwrap::joins(text, &lines, &shape, protected) {
                edits.push(Edit::replace(range, " ", self.wrap, reason.clone()));
            }
        }
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        edits
    }
}

impl Layout {
    /// The removals and insertions that take captions and credits out of the body.
    #[allow(clippy::too_many_arguments)]
    fn caption_edits(
        &self,
        text: &str,
        units: &[text::Unit],
        lines: &[Line],
        shape: &unwrap::Shape,
        moving: &[Moving],
        loose: &[Loose],
        bylines: &[bylines::BylineCredit],
        edits: &mut Vec<Edit>,
    ) {
        if moving.is_empty() && bylines.is_empty() {
            return;
        }
        let whither = match self.captions {
            Captions::End => "moved to the end of the article",
            Captions::Keep => "put after the paragraph it interrupted",
            Captions::Drop => "dropped (the removed text is this change's `before`)",
        };
        for m in moving {
            let f = &m.found;
            let caption = excerpt(&text[f.span.clone()], 8, false);
            let what = if f.credit_only {
                "photo credit"
            } else {
                "caption"
            };
            let reason = match f.kind {
                Kind::Wedged => format!(
                    "{what} “{caption}” taken out of the sentence “{}” and {whither}",
                    f.context
                ),
                Kind::Paragraph => format!("{what} paragraph “{caption}” {whither}"),
            };
            edits.push(Edit::replace(
                f.removal.clone(),
                f.joiner,
                self.code_of(f.kind),
                reason,
            ));
        }
        // Credits leave their bylines.
        for b in bylines {
            let credit = one_line(&text[b.credit.clone()]);
            let goes_with = moving
                .iter()
                .any(|m| m.credit.as_ref().is_some_and(|c| c.credit == b.credit));
            let (replacement, reason) = match (self.captions, goes_with) {
                (Captions::Drop, _) => (
                    "",
                    format!(
                        "photo credit “{credit}” split from the byline and dropped with the captions"
                    ),
                ),
                (Captions::Keep, false) => (
                    if shape.blank_lines { "\n\n" } else { "\n" },
                    format!("photo credit “{credit}” split from the byline onto a line of its own"),
                ),
                (_, true) => (
                    "",
                    format!(
                        "photo credit “{credit}” split from the byline; it goes with the caption"
                    ),
                ),
                (Captions::End, false) => (
                    "",
                    format!(
                        "photo credit “{credit}” split from the byline and moved to the end of the article"
                    ),
                ),
            };
            let removal = if replacement.is_empty() {
                b.removal.clone()
            } else {
                b.removal.start..b.credit.start
            };
            edits.push(Edit::replace(removal, replacement, self.byline, reason));
        }
        match self.captions {
            Captions::Drop => {}
            Captions::End => self.insert_at_end(text, units, moving, loose, edits),
            Captions::Keep => {
                self.insert_after_hosts(text, units, lines, shape, moving, loose, edits)
            }
        }
    }

    /// End: each caption becomes a paragraph after the article (before any caption paragraphs
    /// already there), uncredited ones first so that a second run finds every credited caption
    /// after the last uncredited paragraph and moves nothing.
    fn insert_at_end(
        &self,
        text: &str,
        units: &[text::Unit],
        moving: &[Moving],
        loose: &[Loose],
        edits: &mut Vec<Edit>,
    ) {
        let hosts: Vec<usize> = moving
            .iter()
            .filter(|m| m.found.kind == Kind::Wedged)
            .map(|m| m.found.host)
            .collect();
        let Some(anchor) = self.end_anchor(text, units, &hosts) else {
            return;
        };
        let credited = |m: &Moving| m.found.credited || m.credit.is_some();
        let order = moving
            .iter()
            .filter(|m| !credited(m) && !m.found.credit_only)
            .chain(
                moving
                    .iter()
                    .filter(|m| credited(m) && !m.found.credit_only),
            );
        for m in order {
            let f = &m.found;
            let (para, with) = self.paragraph_of(text, m);
            let reason = match f.kind {
                Kind::Wedged => {
                    format!("caption moved here from the sentence “{}”{with}", f.context)
                }
                Kind::Paragraph => format!(
                    "caption paragraph moved here from the body (“{}”){with}",
                    f.context
                ),
            };
            edits.push(Edit::replace(
                anchor..anchor,
                format!("\n\n{para}"),
                self.code_of(f.kind),
                reason,
            ));
        }
        for c in loose {
            let para = one_line(&text[c.credit.clone()]);
            let (code, reason) = match &c.byline {
                Some(b) => (
                    self.byline,
                    format!(
                        "photo credit moved here from the byline “{}”; no caption was found for it",
                        excerpt(&text[b.clone()], 6, false)
                    ),
                ),
                None => (
                    self.paragraph,
                    "photo credit moved here from the body; no caption was found for it"
                        .to_string(),
                ),
            };
            edits.push(Edit::replace(
                anchor..anchor,
                format!("\n\n{para}"),
                code,
                reason,
            ));
        }
    }

    /// Where the end of the article is: after the last unit that is not a caption paragraph
    /// already standing after the body.
    fn end_anchor(&self, text: &str, units: &[text::Unit], hosts: &[usize]) -> Option<usize> {
        let v = &self.vocab;
        let mut anchor = None;
        for (i, u) in units.iter().enumerate().rev() {
            anchor = Some(u.end);
            let credited = !hosts.contains(&i)
                && v.credit_finder.find(&text[u.start..u.end]).is_some()
                && captions::read_caption(text, u.start, u.end, true, v)
                    .is_some_and(|c| c.credited);
            if !credited {
                break;
            }
            anchor = None;
        }
        anchor.or_else(|| units.last().map(|u| u.end))
    }

    /// Keep: each caption becomes a paragraph right after the paragraph whose sentence it
    /// interrupted (in a wrapped column, after the line that ends that paragraph).
    #[allow(clippy::too_many_arguments)]
    fn insert_after_hosts(
        &self,
        text: &str,
        units: &[text::Unit],
        lines: &[Line],
        shape: &unwrap::Shape,
        moving: &[Moving],
        loose: &[Loose],
        edits: &mut Vec<Edit>,
    ) {
        let sep = if shape.blank_lines { "\n\n" } else { "\n" };
        let joined: Vec<usize> = unwrap::joins(text, lines, shape, |_| false)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        // After the host paragraph; when that paragraph itself loses its end to the next wedged
        // caption, after the paragraph that sentence goes on in.
        // Nor after a paragraph that stops mid-clause, where the caption would be wedged again:
        // after the next paragraph that ends.
        let v = &self.vocab;
        let place = |mut host: usize| loop {
            let mut line = units[host].last_line;
            while joined.contains(&line) {
                line += 1;
            }
            let at = lines[line].end;
            if let Some(n) = moving.iter().find(|n| n.found.removal.start == at)
                && n.found.host > host
            {
                host = n.found.host;
                continue;
            }
            let unit = units.iter().position(|u| u.start <= at && at <= u.end);
            let credited = |k: usize| {
                let u = units[k];
                v.credit_finder.find(&text[u.start..u.end]).is_some()
                    && captions::read_caption(text, u.start, u.end, true, v)
                        .is_some_and(|c| c.credited)
            };
            let wedging = unit.is_some_and(|k| {
                let body = (0..=k).rev().find(|&p| !credited(p)).unwrap_or(k);
                let end = if body == k { at } else { units[body].end };
                let open = captions::open_end(&text[units[body].start..end], v).is_some();
                let lower_next = units.get(k + 1).is_some_and(|n| {
                    text::tokens(text, n.start, n.end)
                        .next()
                        .is_some_and(|t| text::is_lowercase_word(&text[t]))
                });
                k + 1 < units.len() && (open || lower_next)
            });
            match unit {
                Some(k) if wedging => host = k + 1,
                _ => break at,
            }
        };
        for m in moving.iter().filter(|m| !m.found.credit_only) {
            let f = &m.found;
            let at = place(f.host);
            let (para, with) = self.paragraph_of(text, m);
            let reason = format!(
                "caption put here, after the paragraph it interrupted (“{}”){with}",
                f.context
            );
            edits.push(Edit::replace(
                at..at,
                format!("{sep}{para}"),
                self.code_of(f.kind),
                reason,
            ));
        }
        for c in loose {
            let Some(host) = c.host else {
                continue; // a byline's credit stays by its byline
            };
            let at = place(host);
            edits.push(Edit::replace(
                at..at,
                format!("{sep}{}", one_line(&text[c.credit.clone()])),
                self.wedged,
                "photo credit put here, after the paragraph it interrupted; no caption was found \
                 for it",
            ));
        }
    }

    /// A credit line or credited caption glued to the top or bottom of a paragraph (`Photo:
    /// Handout` on the line above it) is a unit of its own, as it is in a text without blank
    /// lines.
    fn split_credit_lines(
        &self,
        text: &str,
        lines: &[Line],
        units: Vec<text::Unit>,
    ) -> Vec<text::Unit> {
        let v = &self.vocab;
        let credit_line = |i: usize| {
            let l = lines[i];
            v.credit_finder.find(&text[l.text..l.end]).is_some()
                && captions::read_caption(text, l.text, l.end, true, v).is_some_and(|c| c.credited)
        };
        let one = |i: usize| text::Unit {
            start: lines[i].text,
            end: lines[i].end,
            first_line: i,
            last_line: i,
        };
        let mut out = Vec::with_capacity(units.len());
        for mut u in units {
            let mut tail = None;
            if u.first_line < u.last_line && credit_line(u.first_line) {
                out.push(one(u.first_line));
                u.first_line += 1;
                u.start = lines[u.first_line].text;
            }
            if u.first_line < u.last_line && credit_line(u.last_line) {
                tail = Some(one(u.last_line));
                u.last_line -= 1;
                u.end = lines[u.last_line].end;
            }
            out.push(u);
            out.extend(tail);
        }
        out
    }

    /// A caption line followed, with no blank line between, by its credit line is one unit.
    fn join_credit_lines(
        &self,
        text: &str,
        lines: &[Line],
        units: Vec<text::Unit>,
    ) -> Vec<text::Unit> {
        let v = &self.vocab;
        let mut out: Vec<text::Unit> = Vec::with_capacity(units.len());
        for u in units {
            if let Some(prev) = out.last_mut()
                && prev.last_line + 1 == u.first_line
                && v.credit_finder.find(&text[u.start..u.end]).is_some()
                && captions::read_caption(text, u.start, u.end, true, v)
                    .is_some_and(|c| c.credit_only)
                && captions::read_caption(text, prev.start, prev.end, true, v)
                    .is_some_and(|c| !c.credited)
            {
                prev.end = u.end;
                prev.last_line = u.last_line;
                continue;
            }
            out.push(u);
        }
        let _ = lines;
        out
    }

    /// The paragraph a moved caption becomes: its text, the credit lines that stood apart from
    /// it, and the credit that joined it; and the words the reason adds about that credit.
    fn paragraph_of(&self, text: &str, m: &Moving) -> (String, String) {
        let f = &m.found;
        let mut para = one_line(&text[f.span.clone()]);
        for c in &f.credits {
            para.push(' ');
            para.push_str(&one_line(&text[c.clone()]));
        }
        let mut with = String::new();
        if let Some(c) = &m.credit {
            para.push(' ');
            para.push_str(&one_line(&text[c.credit.clone()]));
            with = match &c.byline {
                Some(b) => format!(
                    ", with the photo credit from the byline “{}”",
                    excerpt(&text[b.clone()], 6, false)
                ),
                None => ", with the credit line that stood apart in the body".to_string(),
            };
        }
        (para, with)
    }

    fn code_of(&self, kind: Kind) -> RuleCode {
        match kind {
            Kind::Wedged => self.wedged,
            Kind::Paragraph => self.paragraph,
        }
    }
}

#[cfg(test)]
mod tests;
