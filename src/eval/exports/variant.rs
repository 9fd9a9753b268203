//! One export rendering of an article: where its captions go, which artifacts it gets, and the
//! shapes they take. Every choice comes from the variant's own random stream.

use super::article::{Article, Caption};
use super::doc::{Doc, Kind, Rendered};
use super::rng::Rng;
use crate::lexicon::Lexicon;

const FOOTER_LANGUAGE: Kind = Kind {
    class: "footer",
    code: "FUR001",
};
const FOOTER_COUNTRY: Kind = Kind {
    class: "footer",
    code: "FUR002",
};
const FOOTER_IMPRINT: Kind = Kind {
    class: "footer",
    code: "FUR003",
};
const BYLINE_CREDIT: Kind = Kind {
    class: "byline-credit",
    code: "LAY003",
};
const WEDGED: Kind = Kind {
    class: "wedged-caption",
    code: "LAY001",
};
const CAPTION_PARAGRAPH: Kind = Kind {
    class: "caption-paragraph",
    code: "LAY002",
};
const NAME_HYPHEN: Kind = Kind {
    class: "lost-hyphen",
    code: "SPL001",
};
const WORD_HYPHEN: Kind = Kind {
    class: "lost-hyphen",
    code: "SPL003",
};

/// The imprint lines of a PressReader print-out.
const IMPRINT: [&str; 3] = [
    "Printed and distributed by PressReader",
    "PressReader.com +1 604 278 4604",
    "COPYRIGHT AND PROTECTED BY APPLICABLE LAW",
];

/// Most lost hyphens injected into one document.
const MAX_LOST_HYPHENS: usize = 3;

/// Where a caption is printed in the noisy text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// After the article (where a clean export has it): no artifact.
    End,
    /// Wedged into paragraph `n`, at one of its split points.
    Wedged(usize),
    /// A paragraph of its own before body paragraph `n` (n ≥ 1).
    Before(usize),
}

/// What one variant does with the article.
struct Plan {
    places: Vec<Place>,
    /// The caption whose credit is glued to the byline.
    glued: Option<usize>,
    /// Captions printed without their final full stop.
    no_stop: Vec<bool>,
}

/// Renders `article` as an export: `noisy` false gives the clean rendering (every caption after
/// the article, no artifact), the negatives of the corpus.
pub fn render(
    name: &str,
    article: &Article,
    rng: &mut Rng,
    noisy: bool,
    lexicon: &Lexicon,
) -> Rendered {
    let paragraphs: Vec<&str> = article.paragraphs().collect();
    let plan = if noisy {
        plan(article, &paragraphs, rng)
    } else {
        Plan {
            places: vec![Place::End; article.captions.len()],
            glued: None,
            no_stop: vec![false; article.captions.len()],
        }
    };
    let mut doc = Doc::default();
    doc.push(&article.publication);
    doc.push("\n\n");
    doc.push(&article.headline);
    if !article.standfirst.is_empty() {
        doc.push("\n\n");
        doc.push(&article.standfirst);
    }
    doc.push("\n\n");
    doc.push(&byline(article, rng));
    let glued = plan.glued.map(|k| {
        let at = doc.len();
        let credit = &article.captions[k].credit;
        let shape = credit_shape(credit, article);
        doc.inject(at..at, format!(" {credit}"), BYLINE_CREDIT, shape)
    });
    let mut moved: Vec<(usize, Vec<(usize, String)>)> = Vec::new();
    for (n, p) in paragraphs.iter().enumerate() {
        doc.push("\n\n");
        let start = doc.len();
        for (i, place) in plan.places.iter().enumerate() {
            if *place == Place::Before(n) {
                let text = printed(&article.captions[i], plan.no_stop[i]);
                let inj = doc.inject(
                    start - 2..start - 2,
                    format!("\n\n{text}"),
                    CAPTION_PARAGRAPH,
                    caption_shape(&article.captions[i], plan.no_stop[i]),
                );
                moved.push((start, vec![(inj, text)]));
            }
        }
        doc.push(p);
        if noisy {
            lost_hyphens(&mut doc, start, p, rng, lexicon);
        }
        for (i, place) in plan.places.iter().enumerate() {
            if *place == Place::Wedged(n) {
                let w = Wedge {
                    article,
                    plan: &plan,
                    caption: i,
                    glued,
                };
                let parts = wedge(&mut doc, start, p, &w, rng);
                moved.push((start, parts));
            }
        }
    }
    doc.end_body();
    for (i, place) in plan.places.iter().enumerate() {
        if *place == Place::End {
            doc.push("\n\n");
            doc.push(&printed(&article.captions[i], plan.no_stop[i]));
        }
    }
    if noisy && rng.chance(0.92) {
        footer(&mut doc, article, rng);
    }
    doc.push("\n");
    moved.sort_by_key(|(at, _)| *at);
    for (_, parts) in moved {
        doc.moved(parts);
    }
    doc.render(name)
}

/// Where each caption goes, and whether a credit is glued to the byline.
fn plan(article: &Article, paragraphs: &[&str], rng: &mut Rng) -> Plan {
    let n = article.captions.len();
    let mut plan = Plan {
        places: vec![Place::End; n],
        glued: None,
        no_stop: (0..n)
            .map(|i| article.captions[i].text.ends_with('.') && rng.chance(0.25))
            .collect(),
    };
    // Paragraphs that can take a wedged caption, and the free ones, in order.
    let wedgeable: Vec<usize> = (0..paragraphs.len())
        .filter(|&i| !split_points(paragraphs[i]).is_empty())
        .collect();
    let mut used: Vec<usize> = Vec::new();
    let credited: Vec<usize> = (0..n)
        .filter(|&i| !article.captions[i].credit.is_empty())
        .collect();
    let mut first_free = 0;
    if !credited.is_empty() && !wedgeable.is_empty() && rng.chance(0.65) {
        // The seed's shape: the byline carries the credit of the first caption, which is wedged.
        let k = *rng.pick(&credited);
        let half = wedgeable.len().div_ceil(2);
        let para = wedgeable[rng.below(half)];
        plan.places[k] = Place::Wedged(para);
        plan.glued = Some(k);
        used.push(para);
        first_free = para + 1;
    }
    for i in 0..n {
        if plan.glued == Some(i) {
            continue;
        }
        let roll = rng.below(100);
        let free: Vec<usize> = (first_free..paragraphs.len())
            .filter(|p| !used.contains(p))
            .collect();
        if roll < 45 {
            let options: Vec<usize> = free
                .iter()
                .copied()
                .filter(|p| wedgeable.contains(p))
                .collect();
            if !options.is_empty() {
                let p = *rng.pick(&options);
                plan.places[i] = Place::Wedged(p);
                used.push(p);
            }
        } else if roll < 80 && !article.captions[i].credit.is_empty() {
            let options: Vec<usize> = free.iter().copied().filter(|&p| p >= 1).collect();
            if !options.is_empty() {
                let p = *rng.pick(&options);
                plan.places[i] = Place::Before(p);
                used.push(p);
            }
        }
    }
    plan
}

/// The caption as printed: text (perhaps without its full stop) and credit.
fn printed(c: &Caption, no_stop: bool) -> String {
    let text = if no_stop {
        c.text.strip_suffix('.').unwrap_or(&c.text)
    } else {
        &c.text
    };
    if c.credit.is_empty() {
        text.to_string()
    } else {
        format!("{text} {}", c.credit)
    }
}

fn caption_shape(c: &Caption, no_stop: bool) -> String {
    let words = c.text.split_whitespace().count();
    let first = c.text.split_whitespace().next().unwrap_or("");
    let titled = [
        "Dr", "Mr", "Mrs", "Ms", "Prof", "Prof.", "Coun.", "Sen.", "Gov.", "Rep.", "Dr.",
    ]
    .contains(&first);
    format!(
        "{}, {}, {}, {}",
        if words <= 8 { "short" } else { "long" },
        if c.credit.is_empty() {
            "no credit"
        } else {
            "credit"
        },
        if titled {
            "starts with a title"
        } else {
            "starts with a name or noun"
        },
        if c.text.ends_with('.') && !no_stop {
            "full stop"
        } else {
            "no full stop"
        },
    )
}

fn credit_shape(credit: &str, article: &Article) -> String {
    let label = credit.split([':', ' ']).next().unwrap_or("");
    format!(
        "{}{}",
        label,
        if article.byline.email.is_empty() {
            ""
        } else {
            ", byline with e-mail"
        }
    )
}

/// The byline line, in one of the shapes exports print.
fn byline(article: &Article, rng: &mut Rng) -> String {
    let b = &article.byline;
    let mut shapes: Vec<String> = vec![format!("By {}", b.name), format!("- {}", b.name)];
    if !b.email.is_empty() {
        shapes.push(format!("- {} {}", b.name, b.email));
        shapes.push(format!("- {} {}", b.name, b.email));
        shapes.push(format!("{} {}", b.name, b.email));
        shapes.push(format!("By {} {}", b.name, b.email));
    }
    if !b.role.is_empty() {
        shapes.push(format!("By {} {}", b.name, b.role));
        shapes.push(format!("By {}, {}", b.name.to_uppercase(), b.role));
    }
    rng.pick(&shapes).clone()
}

/// What the text goes on with after a split point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Continues {
    Lower,
    Number,
    Quote,
    Url,
}

impl Continues {
    fn shape(self) -> &'static str {
        match self {
            Continues::Lower => "continues in lower case",
            Continues::Number => "continues with a number",
            Continues::Quote => "continues with a quote",
            Continues::Url => "continues with a URL",
        }
    }
}

/// Spaces of `p` where a sentence goes on (a caption can be wedged there), with what follows.
fn split_points(p: &str) -> Vec<(usize, Continues)> {
    let spaces: Vec<usize> = p.match_indices(' ').map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for (k, &i) in spaces.iter().enumerate() {
        // At least four words before and three after.
        if k < 3 || k + 3 > spaces.len() {
            continue;
        }
        let before = p[..i].chars().next_back().unwrap_or('.');
        if ".!?:;—–-".contains(before) {
            continue;
        }
        let rest = &p[i + 1..];
        let Some(c) = rest.chars().next() else {
            continue;
        };
        let kind = if rest.starts_with("http") || rest.starts_with("www.") {
            Continues::Url
        } else if c.is_ascii_digit() {
            Continues::Number
        } else if "“‘\"'".contains(c) {
            Continues::Quote
        } else if c.is_lowercase() {
            Continues::Lower
        } else {
            continue;
        };
        out.push((i, kind));
    }
    out
}

/// Which caption a wedge moves, and what the variant decided about it.
struct Wedge<'a> {
    article: &'a Article,
    plan: &'a Plan,
    /// The caption's index in `article.captions`.
    caption: usize,
    /// Where the credit glued to the byline was injected, if one was.
    glued: Option<usize>,
}

/// Wedges the caption `w` names into the paragraph `p` at `start`; returns the parts of its
/// moved paragraph.
fn wedge(doc: &mut Doc, start: usize, p: &str, w: &Wedge, rng: &mut Rng) -> Vec<(usize, String)> {
    let Wedge {
        article,
        plan,
        caption: i,
        glued,
    } = *w;
    let points = split_points(p);
    // Choose what the text goes on with first, so rarer continuations get their share.
    let mut kinds: Vec<Continues> = points.iter().map(|&(_, k)| k).collect();
    kinds.dedup();
    kinds.sort_by_key(|k| *k as u8);
    kinds.dedup();
    let kind = *rng.pick(&kinds);
    let options: Vec<usize> = points
        .iter()
        .filter(|&&(_, k)| k == kind)
        .map(|&(at, _)| at)
        .collect();
    let at = start + *rng.pick(&options);
    let is_glued = plan.glued == Some(i);
    // The glued caption's credit is printed in the byline, not after the caption.
    let caption = &article.captions[i];
    let shown = Caption::new(
        caption.text.clone(),
        if is_glued {
            ""
        } else {
            caption.credit.as_str()
        },
    );
    let text = printed(&shown, plan.no_stop[i]);
    let own_paragraph = rng.chance(0.35);
    let sep = if own_paragraph { "\n\n" } else { " " };
    let shape = format!(
        "{}, {}, {}",
        if own_paragraph {
            "own paragraph"
        } else {
            "same line"
        },
        kind.shape(),
        caption_shape(&shown, plan.no_stop[i]),
    );
    let inj = doc.inject(at..at + 1, format!("\n\n{text}{sep}"), WEDGED, shape);
    let mut parts = vec![(inj, text)];
    if let (true, Some(g)) = (is_glued, glued) {
        parts.push((g, caption.credit.clone()));
    }
    parts
}

/// Loses the hyphen of up to three compounds of the paragraph at `start` (one occurrence each),
/// where the joined form is not itself a word (`co-operate` → `cooperate` is no artifact).
fn lost_hyphens(doc: &mut Doc, start: usize, p: &str, rng: &mut Rng, lexicon: &Lexicon) {
    if !rng.chance(0.35) {
        return;
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut found: Vec<(usize, &str, &str)> = Vec::new();
    for (at, left, right) in hyphens(p) {
        let pair = &p[at - left.len()..at + 1 + right.len()];
        if seen.contains(&pair) {
            continue;
        }
        seen.push(pair);
        let joined = format!("{left}{right}");
        if lexicon.is_word(&joined) || lexicon.is_word(&joined.to_lowercase()) {
            continue;
        }
        found.push((at, left, right));
    }
    rng.shuffle(&mut found);
    let want = rng.below(MAX_LOST_HYPHENS) + 1;
    // `year-on-year` has two hyphens: lose one of them, never both.
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for &(at, left, right) in &found {
        let range = at - left.len()..at + 1 + right.len();
        if taken.len() == want
            || taken
                .iter()
                .any(|r| r.start <= range.end && range.start <= r.end)
        {
            continue;
        }
        taken.push(range);
        let upper = right.starts_with(|c: char| c.is_uppercase());
        let kind = if upper { NAME_HYPHEN } else { WORD_HYPHEN };
        let shape = match (left.starts_with(|c: char| c.is_uppercase()), upper) {
            (true, true) => "capitalised",
            (false, false) => "lower case",
            (true, false) => "capitalised prefix",
            (false, true) => "lower-case prefix, capitalised word",
        };
        let a = start + at - left.len();
        let b = start + at + 1 + right.len();
        doc.inject(a..b, format!("{left}{right}"), kind, shape);
    }
}

/// Hyphens between two runs of letters: (offset of the hyphen, left run, right run). A run with
/// an inner capital (`HarperCollins-owned`) is skipped: its loss would not read as one word.
fn hyphens(p: &str) -> Vec<(usize, &str, &str)> {
    let mut out = Vec::new();
    for (at, _) in p.match_indices('-') {
        let left_start = p[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map_or(at, |(i, _)| i);
        let right_end = p[at + 1..]
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(p.len(), |(i, _)| at + 1 + i);
        let (left, right) = (&p[left_start..at], &p[at + 1..right_end]);
        if left.chars().count() < 2 || right.chars().count() < 2 {
            continue;
        }
        // Not inside an address (`/lincoln-elections`, `a-b@x.example`), nor after a digit
        // (`19th-century`): no reader could tell what such a join stood for.
        let word_start = p[..left_start]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
        let word_end = p[right_end..]
            .find(char::is_whitespace)
            .map_or(p.len(), |i| right_end + i);
        let word = &p[word_start..word_end];
        let after_digit = p[..left_start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        if after_digit || word.contains(['/', '@']) || word.contains("www.") {
            continue;
        }
        let inner = |s: &str| s.chars().skip(1).any(char::is_uppercase);
        if inner(left) || inner(right) {
            continue;
        }
        out.push((at, left, right));
    }
    out
}

/// The export footer, in one of its placements.
fn footer(doc: &mut Doc, article: &Article, rng: &mut Rng) {
    let at = doc.len();
    let language = format!("Newspapers in {}", "English");
    let country = format!("Newspapers from {}", article.country);
    let mut lines: Vec<(String, Kind, &str)> = Vec::new();
    let kind = rng.below(100);
    if kind < 70 {
        lines.push((language, FOOTER_LANGUAGE, "pressreader-language"));
        lines.push((country, FOOTER_COUNTRY, "pressreader-country"));
    }
    if kind >= 55 {
        if rng.chance(0.5) {
            for l in IMPRINT {
                lines.push((l.to_string(), FOOTER_IMPRINT, "pressreader-imprint"));
            }
        } else {
            lines.push((
                IMPRINT.join(" "),
                FOOTER_IMPRINT,
                "pressreader-imprint on one line",
            ));
        }
    }
    let placement = rng.below(100);
    let (sep, place) = if placement < 60 {
        ("\n\n", "own paragraph")
    } else if placement < 85 {
        ("\n", "glued to the last paragraph")
    } else {
        ("\n\n", "doubled")
    };
    let times = if place == "doubled" { 2 } else { 1 };
    for _ in 0..times {
        for (line, kind, shape) in &lines {
            doc.inject(
                at..at,
                format!("{sep}{line}"),
                *kind,
                format!("{shape}, {place}"),
            );
        }
    }
}
