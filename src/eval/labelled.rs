//! Scoring against labels: which proposals repaired an injected artifact, which did harm, and
//! which artifacts no rule repaired.
//!
//! A proposal (a change, applied or pending) is **right** when applying it alone to the noisy
//! text gives what repairing the artifacts it overlaps gives (so any span that makes the same
//! repair counts), and **wrong** otherwise. A paragraph the repair moves after the article
//! (a caption, a photo credit) is right when it is inserted after the body, whole or as one of
//! its parts; a right insertion completes the move its removal started and is not counted as a
//! proposal of its own, but a wrong one is. An artifact is **fixed** when its removal and, if it
//! has one, its moved part were both made: by applied changes for the run's own output, by
//! applied or pending ones for what the rules would do with unsafe fixes.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::edit::{Change, Status};
use crate::eval::labels::{Artifact, Labels};

/// How one rule fared on the labelled documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LabelTally {
    /// Proposals that repaired an artifact.
    pub right: usize,
    /// Proposals that did not (on a document without artifacts too).
    pub wrong: usize,
    /// Of the wrong ones, those on documents without any artifact (the clean renderings).
    pub wrong_on_clean: usize,
    /// Of the wrong ones, those applied to the output.
    pub wrong_applied: usize,
    /// Artifacts labelled with this rule.
    pub labelled: usize,
    /// Of those, repaired by applied or pending proposals.
    pub fixable: usize,
    /// Of those, repaired by applied proposals (the run's output).
    pub fixed: usize,
}

impl LabelTally {
    /// Right and wrong proposals.
    pub fn proposals(&self) -> usize {
        self.right + self.wrong
    }

    pub(crate) fn add(&mut self, o: &LabelTally) {
        self.right += o.right;
        self.wrong += o.wrong;
        self.wrong_on_clean += o.wrong_on_clean;
        self.wrong_applied += o.wrong_applied;
        self.labelled += o.labelled;
        self.fixable += o.fixable;
        self.fixed += o.fixed;
    }
}

/// How the artifacts of one class (and shape) fared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ClassTally {
    /// Artifacts injected.
    pub labelled: usize,
    /// Repaired by applied or pending proposals.
    pub fixable: usize,
    /// Repaired by applied proposals.
    pub fixed: usize,
}

impl ClassTally {
    pub(crate) fn add(&mut self, o: &ClassTally) {
        self.labelled += o.labelled;
        self.fixable += o.fixable;
        self.fixed += o.fixed;
    }
}

/// A proposal that repaired nothing, or an artifact nothing repaired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// The document.
    pub document: String,
    /// The rule (the proposal's, or the one the artifact is labelled with).
    pub code: String,
    /// The artifact's class and shape, or `wrong` for a proposal.
    pub what: String,
    /// The noisy text.
    pub before: String,
    /// What the proposal wrote, or what the repair should write.
    pub after: String,
}

/// The verdicts on one labelled document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Judged {
    /// By rule code.
    pub rules: BTreeMap<String, LabelTally>,
    /// By artifact class.
    pub classes: BTreeMap<String, ClassTally>,
    /// By artifact class and shape.
    pub shapes: BTreeMap<(String, String), ClassTally>,
    /// Paragraphs without an artifact that an applied change touched.
    pub damaged: usize,
    /// Paragraphs without an artifact that a pending fix would touch.
    pub damaged_pending: usize,
    /// Wrong proposals, then artifacts not repaired.
    pub wrong: Vec<Miss>,
    /// Artifacts not repaired by any proposal.
    pub missed: Vec<Miss>,
}

/// What has been made of one artifact so far: its removal and its moved part.
#[derive(Debug, Clone, Copy, Default)]
struct Progress {
    removal: Option<Status>,
    moved: Option<Status>,
}

/// Judges the changes the pipeline made (or would make) to `noisy` against its `labels`.
pub fn judge(document: &str, noisy: &str, labels: &Labels, changes: &[Change]) -> Judged {
    let mut out = Judged::default();
    let mut progress = vec![Progress::default(); labels.artifacts.len()];
    let mut damaged: Vec<(usize, Status)> = Vec::new();
    let clean = labels.artifacts.is_empty();
    for c in changes.iter().filter(|c| c.status != Status::Flagged) {
        let rest = peel_moved(c, labels, &mut progress);
        if c.span.is_empty() && rest.is_empty() {
            continue; // a right insertion, part of a move
        }
        let code = c.code.to_string();
        let tally = out.rules.entry(code.clone()).or_default();
        match repaired(noisy, &c.span, rest, &labels.artifacts) {
            Some(fixed) => {
                tally.right += 1;
                for i in fixed {
                    let p = &mut progress[i];
                    p.removal = best(p.removal, c.status);
                }
            }
            None => {
                tally.wrong += 1;
                tally.wrong_on_clean += usize::from(clean);
                tally.wrong_applied += usize::from(c.status == Status::Applied);
                if let Some(p) = untouched_paragraph(noisy, &c.span, &labels.artifacts) {
                    damaged.push((p, c.status));
                }
                out.wrong.push(Miss {
                    document: document.to_string(),
                    code,
                    what: format!("wrong ({:?})", c.status).to_lowercase(),
                    before: noisy[c.span.clone()].to_string(),
                    after: rest.to_string(),
                });
            }
        }
    }
    count_damage(&mut out, damaged);
    tally_artifacts(&mut out, document, labels, &progress);
    out
}

/// The better of two statuses for a repair: applied beats pending.
fn best(had: Option<Status>, new: Status) -> Option<Status> {
    match (had, new) {
        (Some(Status::Applied), _) | (_, Status::Applied) => Some(Status::Applied),
        _ => Some(new),
    }
}

/// Takes the moved paragraphs `c` inserts after the body off the end of what it writes, marking
/// the parts they complete; returns what is left to judge.
fn peel_moved<'c>(c: &'c Change, labels: &Labels, progress: &mut [Progress]) -> &'c str {
    let mut rest = c.after.as_str();
    if c.span.start < labels.tail {
        return rest;
    }
    'peel: loop {
        for m in &labels.moved {
            let whole = std::iter::once((m.text.as_str(), None));
            let parts = m.parts.iter().map(|p| (p.text.as_str(), Some(p.artifact)));
            for (text, part) in whole.chain(parts) {
                let Some(before) = rest.strip_suffix(text).and_then(|r| r.strip_suffix("\n\n"))
                else {
                    continue;
                };
                rest = before;
                let done: Vec<usize> = match part {
                    Some(i) => vec![i],
                    None => m.parts.iter().map(|p| p.artifact).collect(),
                };
                for i in done {
                    progress[i].moved = best(progress[i].moved, c.status);
                }
                continue 'peel;
            }
        }
        return rest;
    }
}

/// The artifacts a replacement of `span` by `after` repairs, when applying it alone gives what
/// repairing them gives; `None` when it repairs nothing (or does more).
fn repaired(
    noisy: &str,
    span: &Range<usize>,
    after: &str,
    artifacts: &[Artifact],
) -> Option<Vec<usize>> {
    let hit: Vec<usize> = (0..artifacts.len())
        .filter(|&i| overlaps(&artifacts[i].range(), span))
        .collect();
    if hit.is_empty() {
        return None;
    }
    if same_repair(noisy, span, after, hit.iter().map(|&i| &artifacts[i])) {
        return Some(hit);
    }
    // A change that repairs one of the artifacts it touches and merely borders the others.
    hit.iter()
        .copied()
        .find(|&i| same_repair(noisy, span, after, std::iter::once(&artifacts[i])))
        .map(|i| vec![i])
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    if b.is_empty() {
        return a.start <= b.start && b.start <= a.end;
    }
    a.start < b.end && b.start < a.end
}

/// Whether replacing `span` by `after` leaves the same text as repairing `artifacts` (sorted,
/// not overlapping), compared over the stretch both touch.
fn same_repair<'a>(
    noisy: &str,
    span: &Range<usize>,
    after: &str,
    artifacts: impl Iterator<Item = &'a Artifact> + Clone,
) -> bool {
    let lo = artifacts
        .clone()
        .map(|a| a.span[0])
        .fold(span.start, usize::min);
    let hi = artifacts
        .clone()
        .map(|a| a.span[1])
        .fold(span.end, usize::max);
    let mine = [&noisy[lo..span.start], after, &noisy[span.end..hi]].concat();
    let mut theirs = String::with_capacity(mine.len());
    let mut last = lo;
    for a in artifacts {
        theirs.push_str(&noisy[last..a.span[0]]);
        theirs.push_str(&a.after);
        last = a.span[1];
    }
    theirs.push_str(&noisy[last..hi]);
    mine == theirs
}

/// The paragraph (by its start) holding the start of `span`, when no artifact touches it.
fn untouched_paragraph(noisy: &str, span: &Range<usize>, artifacts: &[Artifact]) -> Option<usize> {
    let start = noisy[..span.start].rfind("\n\n").map_or(0, |i| i + 2);
    let end = noisy[span.end..]
        .find("\n\n")
        .map_or(noisy.len(), |i| span.end + i);
    let paragraph = start..end.max(start);
    let touched = artifacts
        .iter()
        .any(|a| a.span[0] <= paragraph.end && paragraph.start <= a.span[1]);
    (!touched).then_some(start)
}

fn count_damage(out: &mut Judged, mut damaged: Vec<(usize, Status)>) {
    damaged.sort_by_key(|&(p, s)| (p, s != Status::Applied));
    damaged.dedup_by_key(|&mut (p, _)| p);
    for (_, s) in damaged {
        if s == Status::Applied {
            out.damaged += 1;
        } else {
            out.damaged_pending += 1;
        }
    }
}

fn tally_artifacts(out: &mut Judged, document: &str, labels: &Labels, progress: &[Progress]) {
    let has_moved: Vec<bool> = (0..labels.artifacts.len())
        .map(|i| {
            labels
                .moved
                .iter()
                .any(|m| m.parts.iter().any(|p| p.artifact == i))
        })
        .collect();
    for (i, a) in labels.artifacts.iter().enumerate() {
        let p = progress[i];
        let moved_ok = |applied_only: bool| {
            !has_moved[i]
                || p.moved
                    .is_some_and(|s| !applied_only || s == Status::Applied)
        };
        let fixable = p.removal.is_some() && moved_ok(false);
        let fixed = p.removal == Some(Status::Applied) && moved_ok(true);
        let tally = ClassTally {
            labelled: 1,
            fixable: usize::from(fixable),
            fixed: usize::from(fixed),
        };
        let rule = out.rules.entry(a.code.clone()).or_default();
        rule.labelled += 1;
        rule.fixable += tally.fixable;
        rule.fixed += tally.fixed;
        out.classes.entry(a.class.clone()).or_default().add(&tally);
        out.shapes
            .entry((a.class.clone(), a.shape.clone()))
            .or_default()
            .add(&tally);
        if !fixable {
            out.missed.push(Miss {
                document: document.to_string(),
                code: a.code.clone(),
                what: format!("{}: {}", a.class, a.shape),
                before: a.before.clone(),
                after: a.after.clone(),
            });
        }
    }
}

/// A rule's line in the labelled report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelRule {
    /// The rule's code.
    pub code: String,
    /// Whether its fixes are applied by default.
    pub safe: bool,
    /// Its figures.
    #[serde(flatten)]
    pub tally: LabelTally,
}

/// The labelled documents together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LabelReport {
    /// Labelled documents.
    pub documents: usize,
    /// Of those, documents without any artifact (clean renderings).
    pub clean_documents: usize,
    /// Documents whose output is exactly the expected text.
    pub exact: usize,
    /// By rule code.
    pub rules: Vec<LabelRule>,
    /// By artifact class.
    pub classes: BTreeMap<String, ClassTally>,
    /// By artifact class and shape.
    pub shapes: BTreeMap<String, ClassTally>,
    /// Paragraphs without an artifact that applied changes touched.
    pub damaged: usize,
    /// Paragraphs without an artifact that pending fixes would touch.
    pub damaged_pending: usize,
    /// The first wrong proposals.
    pub wrong: Vec<Miss>,
    /// The first artifacts no proposal repaired.
    pub missed: Vec<Miss>,
}

impl LabelReport {
    /// Adds one document's verdicts; `keep` is how many examples of each kind to keep.
    pub fn add(&mut self, j: Judged, clean: bool, exact: bool, keep: usize) {
        self.documents += 1;
        self.clean_documents += usize::from(clean);
        self.exact += usize::from(exact);
        for (code, t) in &j.rules {
            match self.rules.iter_mut().find(|r| &r.code == code) {
                Some(r) => r.tally.add(t),
                None => self.rules.push(LabelRule {
                    code: code.clone(),
                    safe: false,
                    tally: t.clone(),
                }),
            }
        }
        self.rules.sort_by(|a, b| a.code.cmp(&b.code));
        for (class, t) in &j.classes {
            self.classes.entry(class.clone()).or_default().add(t);
        }
        for ((class, shape), t) in &j.shapes {
            self.shapes
                .entry(format!("{class}: {shape}"))
                .or_default()
                .add(t);
        }
        self.damaged += j.damaged;
        self.damaged_pending += j.damaged_pending;
        let room = keep.saturating_sub(self.wrong.len());
        self.wrong.extend(j.wrong.into_iter().take(room));
        let room = keep.saturating_sub(self.missed.len());
        self.missed.extend(j.missed.into_iter().take(room));
    }

    /// All artifacts together.
    pub fn total(&self) -> ClassTally {
        let mut t = ClassTally::default();
        for c in self.classes.values() {
            t.add(c);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;
    use crate::eval::exports::{self, Article};

    const ARTICLE: &str = r#"
desk = "world"
spelling = "british"
quotes = "curly"
publication = "Pearl River Daily"
country = "China"
headline = "Ministers meet"
date = "2024-04-10"
byline = { name = "Kawala Xie", email = "kx@example.org" }
captions = [{ text = "The two ministers meet in Beijing yesterday.", credit = "Photo: Handout" }]
body = """
China and Russia pledged to deepen their long-term co-ordination in talks in Beijing yesterday, officials said.

The Russian foreign minister, who is in China for two days, said the partnership had proved its stability in the most difficult conditions and would go on growing.

Officials from both sides described the region as one where the two countries shared an interest.
"""
"#;

    #[test]
    fn a_perfect_repair_is_all_right() {
        let article = Article::parse(ARTICLE).unwrap();
        for d in exports::render_article("001-world-x", &article, 1) {
            let r = &d.rendered;
            // Each artifact repaired by a change with its own span, the moved paragraphs
            // inserted at the end.
            let mut changes: Vec<Change> = r
                .labels
                .artifacts
                .iter()
                .map(|a| change(&a.code, a.range(), &a.before, &a.after))
                .collect();
            for m in &r.labels.moved {
                let end = r.noisy.len() - 1;
                changes.push(change("LAY001", end..end, "", &format!("\n\n{}", m.text)));
            }
            let j = judge(&d.path, &r.noisy, &r.labels, &changes);
            assert!(
                j.wrong.is_empty() && j.missed.is_empty(),
                "{}: {j:?}",
                d.path
            );
            let fixed: usize = j.classes.values().map(|c| c.fixed).sum();
            assert_eq!(fixed, r.labels.artifacts.len());
        }
    }

    #[test]
    fn the_pipeline_is_judged() {
        let article = Article::parse(ARTICLE).unwrap();
        let p = Pipeline::default();
        for d in exports::render_article("001-world-x", &article, 1) {
            let r = &d.rendered;
            let cleaned = p.clean(&r.noisy);
            let j = judge(&d.path, &r.noisy, &r.labels, &cleaned.changes);
            let labelled: usize = j.classes.values().map(|c| c.labelled).sum();
            assert_eq!(labelled, r.labels.artifacts.len());
            if cleaned.text == r.expected {
                assert!(j.missed.is_empty() && j.damaged == 0, "{}: {j:?}", d.path);
            }
        }
    }

    #[test]
    fn a_change_elsewhere_is_wrong_and_damages() {
        let labels = Labels::default();
        let noisy = "One paragraph.\n\nAnother one.\n";
        let j = judge(
            "x",
            noisy,
            &labels,
            &[change("SPL002", 16..23, "Another", "An other")],
        );
        assert_eq!(j.rules["SPL002"].wrong, 1);
        assert_eq!(j.rules["SPL002"].wrong_on_clean, 1);
        assert_eq!(j.damaged, 1);
    }

    fn change(code: &str, span: Range<usize>, before: &str, after: &str) -> Change {
        Change {
            code: code.parse().unwrap(),
            reason: "".into(),
            span,
            start: crate::LineCol { line: 1, col: 1 },
            end: crate::LineCol { line: 1, col: 1 },
            before: before.into(),
            after: after.into(),
            safe: true,
            status: Status::Applied,
            also: Vec::new(),
        }
    }
}
