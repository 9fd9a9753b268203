//! Where the captions and credits taken out of the body go, and the edits that take them there.
//!
//! A move is two edits: a removal where the text was and an insertion where it goes, each with a
//! reason naming the other place. Where the insertion goes is the [`Captions`] setting: after the
//! article, after the paragraph the caption interrupted, or nowhere.

use std::borrow::Cow;
use std::ops::Range;

use crate::code::RuleCode;
use crate::code::builtin::layout::BYLINE_CREDIT;
use crate::edit::Edit;

use super::caption::{credited, open_end};
use super::found::{Credit, Found, Kind};
use super::page::Page;
use super::rules::byline_credit::{self, BylineCredit};
use super::rules::hard_wrap;
use super::text::{excerpt, one_line};
use super::vocab::Vocab;

/// Where the layout stage puts a caption it takes out of the body text.
///
/// ```
/// use ocrclean::Captions;
/// assert_eq!("drop".parse::<Captions>(), Ok(Captions::Drop));
/// assert_eq!(Captions::default(), Captions::End);
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Captions {
    /// After the article, each caption its own paragraph with its photo credit.
    #[default]
    End,
    /// Near where it was: its own paragraph right after the paragraph it interrupted. Captions
    /// that already stand as paragraphs of their own stay where they are.
    Keep,
    /// Removed from the text; the report keeps the removed caption and credit.
    Drop,
}

impl Captions {
    /// The value as written on the command line and in the config.
    pub fn as_str(self) -> &'static str {
        match self {
            Captions::End => "end",
            Captions::Keep => "keep",
            Captions::Drop => "drop",
        }
    }
}

/// A `--captions` value that is not `end`, `keep` or `drop`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a caption placement: use `end`, `keep` or `drop`")]
pub struct BadCaptions(pub String);

impl std::str::FromStr for Captions {
    type Err = BadCaptions;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "end" => Ok(Captions::End),
            "keep" => Ok(Captions::Keep),
            "drop" => Ok(Captions::Drop),
            _ => Err(BadCaptions(s.to_string())),
        }
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
    /// The rule whose edit takes it out of the body: the rule of the edit that puts it back.
    code: RuleCode,
}

/// What moves: the captions, each with the credit that joins it, and the credits left over.
pub(super) struct Plan {
    moving: Vec<Moving>,
    loose: Vec<Loose>,
}

impl Plan {
    /// The plan for the captions `finds` and the credits split off `bylines`. Two finds that
    /// claim the same text: the first one keeps it. The first credit standing on its own joins
    /// the first caption without a credit whose rule `applies` exactly when the credit's does:
    /// a credit taken off by an applied fix must not come back only in a pending one.
    pub fn new(
        mut finds: Vec<Found>,
        bylines: &[BylineCredit],
        applies: impl Fn(RuleCode) -> bool,
    ) -> Plan {
        finds.sort_by_key(|f| f.removal.start);
        let mut end = 0;
        finds.retain(|f| {
            let ok = f.removal.start >= end;
            if ok {
                end = f.removal.end;
            }
            ok
        });
        let mut loose: Vec<Loose> = bylines
            .iter()
            .map(|b| Loose {
                credit: b.credit.clone(),
                byline: Some(b.byline.clone()),
                host: None,
                code: BYLINE_CREDIT,
            })
            .collect();
        let mut moving: Vec<Moving> = Vec::with_capacity(finds.len());
        for mut f in finds {
            let on_their_own = match f.credit {
                // A caption with a credit of its own takes no second one on its line.
                Credit::Own => std::mem::take(&mut f.credits),
                Credit::Only => std::iter::once(f.span.clone())
                    .chain(f.credits.iter().cloned())
                    .collect(),
                Credit::Missing | Credit::Apart => Vec::new(),
            };
            loose.extend(on_their_own.into_iter().map(|credit| Loose {
                credit,
                byline: None,
                host: Some(f.host),
                code: f.kind.code(),
            }));
            moving.push(Moving {
                found: f,
                credit: None,
            });
        }
        let mut left = Vec::new();
        for credit in loose {
            let fate = applies(credit.code);
            let wanting = moving.iter_mut().find(|m| {
                m.found.credit == Credit::Missing
                    && m.credit.is_none()
                    && applies(m.found.kind.code()) == fate
            });
            match wanting {
                Some(m) => m.credit = Some(credit),
                None => left.push(credit),
            }
        }
        Plan {
            moving,
            loose: left,
        }
    }
}

/// Turns a [`Plan`] into edits.
pub(super) struct Placement<'a> {
    pub page: &'a Page<'a>,
    pub vocab: &'a Vocab,
    pub captions: Captions,
}

impl Placement<'_> {
    /// The removals and insertions that take the captions and credits of `plan` (and those
    /// split off `bylines`) out of the body.
    pub fn edits(&self, plan: &Plan, bylines: &[BylineCredit]) -> Vec<Edit> {
        let mut edits = Vec::new();
        if plan.moving.is_empty() && bylines.is_empty() {
            return edits;
        }
        self.removals(plan, &mut edits);
        let paired = |b: &BylineCredit| {
            plan.moving
                .iter()
                .any(|m| m.credit.as_ref().is_some_and(|c| c.credit == b.credit))
        };
        edits.extend(byline_credit::removals(
            self.page,
            bylines,
            paired,
            self.captions,
        ));
        match self.captions {
            Captions::Drop => {}
            Captions::End => self.insert_at_end(plan, &mut edits),
            Captions::Keep => self.insert_after_hosts(plan, &mut edits),
        }
        edits
    }

    /// The captions' removals.
    fn removals(&self, plan: &Plan, edits: &mut Vec<Edit>) {
        let text = self.page.text;
        let whither = match self.captions {
            Captions::End => "moved to the end of the article",
            Captions::Keep => "put after the paragraph it interrupted",
            Captions::Drop => "dropped (the removed text is this change's `before`)",
        };
        for m in &plan.moving {
            let f = &m.found;
            let caption = excerpt(&text[f.span.clone()], 8, false);
            let what = if f.credit == Credit::Only {
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
                f.joiner.as_str(),
                f.kind.code(),
                reason,
            ));
        }
    }

    /// End: each caption becomes a paragraph after the article (before any caption paragraphs
    /// already there), uncredited ones first so that a second run finds every credited caption
    /// after the last uncredited paragraph and moves nothing.
    fn insert_at_end(&self, plan: &Plan, edits: &mut Vec<Edit>) {
        let text = self.page.text;
        let hosts: Vec<usize> = plan
            .moving
            .iter()
            .filter(|m| m.found.kind == Kind::Wedged)
            .map(|m| m.found.host)
            .collect();
        let Some(anchor) = self.end_anchor(&hosts) else {
            return;
        };
        let captions = plan
            .moving
            .iter()
            .filter(|m| m.found.credit != Credit::Only);
        let credited = |m: &&Moving| m.found.credit != Credit::Missing || m.credit.is_some();
        let order = captions
            .clone()
            .filter(|m| !credited(m))
            .chain(captions.filter(credited));
        for m in order {
            let f = &m.found;
            let (para, with) = self.paragraph_of(m);
            let reason = match f.kind {
                Kind::Wedged => {
                    format!("caption moved here from the sentence “{}”{with}", f.context)
                }
                Kind::Paragraph => format!(
                    "caption paragraph moved here from the body (“{}”){with}",
                    f.context
                ),
            };
            edits.push(insertion(anchor, "\n\n", &para, f.kind.code(), reason));
        }
        for c in &plan.loose {
            let para = one_line(&text[c.credit.clone()]);
            let reason = match &c.byline {
                Some(b) => format!(
                    "photo credit moved here from the byline “{}”; no caption was found for it",
                    excerpt(&text[b.clone()], 6, false)
                ),
                None => {
                    "photo credit moved here from the body; no caption was found for it".to_string()
                }
            };
            edits.push(insertion(anchor, "\n\n", &para, c.code, reason));
        }
    }

    /// Where the end of the article is: after the last unit that is not a caption paragraph
    /// already standing after the body.
    fn end_anchor(&self, hosts: &[usize]) -> Option<usize> {
        let page = self.page;
        let mut anchor = None;
        for (i, u) in page.units.iter().enumerate().rev() {
            anchor = Some(u.end);
            let caption =
                !hosts.contains(&i) && credited(page.text, u.start, u.end, self.vocab).is_some();
            if !caption {
                break;
            }
            anchor = None;
        }
        anchor.or_else(|| page.units.last().map(|u| u.end))
    }

    /// Keep: each caption becomes a paragraph right after the paragraph whose sentence it
    /// interrupted (in a wrapped column, after the line that ends that paragraph).
    fn insert_after_hosts(&self, plan: &Plan, edits: &mut Vec<Edit>) {
        let text = self.page.text;
        let sep = if self.page.shape.blank_lines {
            "\n\n"
        } else {
            "\n"
        };
        let joined: Vec<usize> = hard_wrap::joins(self.page, |_| false)
            .into_iter()
            .map(|b| b.line)
            .collect();
        for m in plan
            .moving
            .iter()
            .filter(|m| m.found.credit != Credit::Only)
        {
            let f = &m.found;
            let at = self.after_host(plan, &joined, f.host);
            let (para, with) = self.paragraph_of(m);
            let reason = format!(
                "caption put here, after the paragraph it interrupted (“{}”){with}",
                f.context
            );
            edits.push(insertion(at, sep, &para, f.kind.code(), reason));
        }
        for c in &plan.loose {
            let Some(host) = c.host else {
                continue; // a byline's credit stays by its byline
            };
            let at = self.after_host(plan, &joined, host);
            let para = one_line(&text[c.credit.clone()]);
            let reason = "photo credit put here, after the paragraph it interrupted; no caption \
                          was found for it";
            edits.push(insertion(at, sep, &para, c.code, reason));
        }
    }

    /// Where a caption goes after unit `host` (`joined`: the lines the wrapping joins): after
    /// the host paragraph; when that paragraph itself loses its end to the next wedged caption,
    /// after the paragraph that sentence goes on in. Nor after a paragraph that stops
    /// mid-clause, where the caption would be wedged again: after the next paragraph that ends.
    fn after_host(&self, plan: &Plan, joined: &[usize], mut host: usize) -> usize {
        let (page, v) = (self.page, self.vocab);
        let (text, units) = (page.text, &page.units);
        loop {
            let mut line = units[host].last_line;
            while joined.contains(&line) {
                line += 1;
            }
            let at = page.lines[line].end;
            if let Some(n) = plan.moving.iter().find(|n| n.found.removal.start == at)
                && n.found.host > host
            {
                host = n.found.host;
                continue;
            }
            let unit = units.iter().position(|u| u.start <= at && at <= u.end);
            let is_caption = |k: usize| credited(text, units[k].start, units[k].end, v).is_some();
            let wedging = unit.is_some_and(|k| {
                let body = (0..=k).rev().find(|&p| !is_caption(p)).unwrap_or(k);
                let end = if body == k { at } else { units[body].end };
                let open = open_end(&text[units[body].start..end], v).is_some();
                let lower_next = units.get(k + 1).is_some_and(|n| n.starts_lower(text));
                k + 1 < units.len() && (open || lower_next)
            });
            match unit {
                Some(k) if wedging => host = k + 1,
                _ => return at,
            }
        }
    }

    /// The paragraph a moved caption becomes: its text, the credit lines that stood apart from
    /// it, and the credit that joined it; and the words the reason adds about that credit.
    fn paragraph_of(&self, m: &Moving) -> (String, String) {
        let text = self.page.text;
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
}

/// An edit that inserts paragraph `para` at `at`, after the separator `sep`.
fn insertion(
    at: usize,
    sep: &str,
    para: &str,
    code: RuleCode,
    reason: impl Into<Cow<'static, str>>,
) -> Edit {
    Edit::replace(at..at, format!("{sep}{para}"), code, reason)
}
