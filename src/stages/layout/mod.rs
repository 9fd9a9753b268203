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
}

impl Stage for Layout {
    fn name(&self) -> StageName {
        StageName::Layout
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
        let units = units(&lines, shape.blank_lines);
        let layout = captions::Layout {
            blank_lines: shape.blank_lines,
            wrapped: shape.wrap.is_some(),
        };
        let v = &self.vocab;

        // Bylines first: their lines are neither captions nor body.
        let bylines = if want_credits && on(self.byline) {
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
            captions::wedged(text, &units, &lines, layout, v)
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
            for (i, c) in &credited {
                if last_body.is_none_or(|b| *i > b) {
                    continue;
                }
                let u = units[*i];
                let removal = match i.checked_sub(1) {
                    Some(p) => units[p].end..u.end,
                    None => u.start..units.get(1).map_or(u.end, |n| n.start),
                };
                paragraphs.push(Found {
                    kind: Kind::Paragraph,
                    removal,
                    joiner: "",
                    span: c.span.clone(),
                    credited: true,
                    credit_only: c.credit_only,
                    host: *i,
                    context: excerpt(&text[u.start..u.end], 6, false),
                });
            }
        }

        // Credits that travel to a caption: from bylines, and credit lines without a caption.
        let mut loose: Vec<Loose> = bylines
            .iter()
            .map(|b| Loose {
                credit: b.credit.clone(),
                byline: Some(b.byline.clone()),
            })
            .collect();
        let mut moving: Vec<Moving> = Vec::new();
        for f in wedged.into_iter().chain(paragraphs) {
            if f.credit_only && f.kind == Kind::Paragraph {
                loose.push(Loose {
                    credit: f.span.clone(),
                    byline: None,
                });
                moving.push(Moving {
                    found: f,
                    credit: None,
                });
            } else {
                moving.push(Moving {
                    found: f,
                    credit: None,
                });
            }
        }
        moving.sort_by_key(|m| m.found.removal.start);
        // The first loose credit joins the first caption without a credit of its own.
        let mut loose_left: Vec<Loose> = Vec::new();
        for credit in loose {
            let target = moving
                .iter_mut()
                .find(|m| !m.found.credited && m.credit.is_none());
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
        let code_of = |k: Kind| match k {
            Kind::Wedged => self.wedged,
            Kind::Paragraph => self.paragraph,
        };
        let whither = match self.captions {
            Captions::End => "moved to the end of the article",
            Captions::Keep => "put after the paragraph it interrupted",
            Captions::Drop => "dropped (the removed text is this change's `before`)",
        };
        for m in moving {
            let f = &m.found;
            let caption = excerpt(&text[f.span.clone()], 8, false);
            let reason = match f.kind {
                Kind::Wedged => format!(
                    "caption “{caption}” taken out of the sentence “{}” and {whither}",
                    f.context
                ),
                Kind::Paragraph => format!("caption paragraph “{caption}” {whither}"),
            };
            edits.push(Edit::replace(
                f.removal.clone(),
                f.joiner,
                code_of(f.kind),
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
            Captions::Keep => self.insert_after_hosts(text, units, lines, shape, moving, edits),
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
            let mut para = one_line(&text[f.span.clone()]);
            let mut reason = match f.kind {
                Kind::Wedged => format!("caption moved here from the sentence “{}”", f.context),
                Kind::Paragraph => format!(
                    "caption paragraph moved here from the body (“{}”)",
                    f.context
                ),
            };
            if let Some(c) = &m.credit {
                para.push(' ');
                para.push_str(&one_line(&text[c.credit.clone()]));
                reason.push_str(&match &c.byline {
                    Some(b) => format!(
                        ", with the photo credit from the byline “{}”",
                        excerpt(&text[b.clone()], 6, false)
                    ),
                    None => ", with the credit line that stood alone in the body".to_string(),
                });
            }
            let code = match f.kind {
                Kind::Wedged => self.wedged,
                Kind::Paragraph => self.paragraph,
            };
            edits.push(Edit::replace(
                anchor..anchor,
                format!("\n\n{para}"),
                code,
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
                    "credit line moved here from the body; no caption was found for it".to_string(),
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
    fn insert_after_hosts(
        &self,
        text: &str,
        units: &[text::Unit],
        lines: &[Line],
        shape: &unwrap::Shape,
        moving: &[Moving],
        edits: &mut Vec<Edit>,
    ) {
        let sep = if shape.blank_lines { "\n\n" } else { "\n" };
        let joined: Vec<usize> = unwrap::joins(text, lines, shape, |_| false)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        for m in moving {
            let f = &m.found;
            // After the host paragraph; when that paragraph itself loses its end to the next
            // wedged caption, after the paragraph that sentence goes on in.
            let mut host = f.host;
            let at = loop {
                let mut line = units[host].last_line;
                while joined.contains(&line) {
                    line += 1;
                }
                let at = lines[line].end;
                match moving.iter().find(|n| n.found.removal.start == at) {
                    Some(n) if n.found.host > host => host = n.found.host,
                    _ => break at,
                }
            };
            let mut para = one_line(&text[f.span.clone()]);
            let mut reason = format!(
                "caption put here, after the paragraph it interrupted (“{}”)",
                f.context
            );
            if let Some(c) = &m.credit {
                para.push(' ');
                para.push_str(&one_line(&text[c.credit.clone()]));
                reason.push_str(", with the photo credit from the byline");
            }
            edits.push(Edit::replace(
                at..at,
                format!("{sep}{para}"),
                self.wedged,
                reason,
            ));
        }
    }
}

#[cfg(test)]
mod tests;
