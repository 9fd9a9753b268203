//! The word witness table: which word forms the batch attests, and how often.
//!
//! Word repair decides between readings of a token by what the batch shows: `Jinping` seen forty
//! times is a name, not an OCR error; `long-term` printed within a line says that `long-⏎term` at
//! a line break keeps its hyphen; `longterm` seen elsewhere says the join is how this paper writes
//! it. The lexicon already knows ordinary words, so the table records only what it does not:
//!
//! - word forms the lexicon does not know as written (`Jinping`, `longterm`, `tbe`, `beijing`),
//!   with their exact casing, so capitalised forms are told apart;
//! - hyphenated forms printed within a line (`long-term`, `Russia-China`, `pre-war`), whether or
//!   not their parts are words.
//!
//! The two pieces of a word broken by a hyphen at a line end (`frag-` / `ment`) are not counted:
//! they are what the repair stages decide about, not evidence. Nor are tokens with no letter,
//! addresses (`@`, `/`, inner `.`), or suspended prefixes (`pre-` in `pre- and post-war`).
//! Counts include the document being cleaned: a token the stage is judging has been counted once
//! itself (the broken pieces excepted), so "attested elsewhere" means a count above the token's
//! own occurrences.
//!
//! ```
//! use ocrclean::batch::words::WordWitness;
//! let w = WordWitness::gather(&["Xi Jinping met Jinping's aides.\n", "A long-term plan.\n"]);
//! assert_eq!(w.form("Jinping").count, 2); // `Jinping's` is the possessive of the same word
//! assert_eq!(w.hyphenated("long-term").count, 1);
//! assert_eq!(w.form("plan").count, 0); // a lexicon word: not recorded
//! ```

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::lexicon::Lexicon;
use crate::text::{Case, tokens};

/// How many distinct forms each table of a finished batch holds: past it, the rarest are dropped
/// (by their counts over the whole batch, so what is dropped does not depend on how the batch was
/// read).
pub const MAX_FORMS: usize = 1 << 20;
/// Documents read in parallel before their counts are added to the table (the window's forms are
/// borrowed from its texts until then). Counts are exact, so the window only bounds memory.
const WINDOW: usize = 512;
/// Windows smaller than this are read on the calling thread.
const PARALLEL_BYTES: usize = 256 * 1024;
/// Windows with fewer distinct forms than this are looked up on the calling thread.
const PARALLEL_FORMS: usize = 16 * 1024;
/// The most forms a window's table is sized for before its first document is read.
const MAX_RESERVED_FORMS: usize = 64 * 1024;

/// How often a form was seen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seen {
    /// Occurrences in the whole batch.
    pub count: u32,
    /// Documents it occurs in, however cased (a document that writes it two ways, `Jinping`
    /// and `JINPING`, counts once for each).
    pub documents: u32,
}

/// The counts of one form folded to lower case, by how it was written (indexed by [`Case`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Tally {
    by_case: [u32; 4],
    documents: u32,
}

impl Seen {
    fn add(&mut self, other: Seen) {
        self.count = self.count.saturating_add(other.count);
        self.documents = self.documents.saturating_add(other.documents);
    }
}

impl Tally {
    fn add(&mut self, case: Case, seen: Seen) {
        let c = &mut self.by_case[case as usize];
        *c = c.saturating_add(seen.count);
        self.documents = self.documents.saturating_add(seen.documents);
    }

    fn total(&self) -> u32 {
        self.by_case.iter().fold(0u32, |a, &b| a.saturating_add(b))
    }
}

type Table = FxHashMap<Box<str>, Tally>;

/// Word forms seen in the batch; see the [module docs](self).
///
/// While a batch is gathered the counts are exact, so two tables of disjoint documents add up
/// ([`WordWitness::merge`]) to the table of all of them, however the documents were split.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WordWitness {
    /// Unknown word forms, folded to lower case.
    forms: Table,
    /// Hyphenated forms, folded to lower case.
    hyphenated: Table,
    /// Forms seen fewer times than this were dropped to bound memory (0: none were).
    floor: u32,
    tokens: u64,
}

impl WordWitness {
    /// Counts word forms across `texts`, in parallel, and keeps at most [`MAX_FORMS`] of each
    /// kind.
    pub fn gather<S: AsRef<str> + Sync>(texts: &[S]) -> WordWitness {
        let mut table = WordWitness::default();
        table.add(texts);
        table.bound(MAX_FORMS);
        table
    }

    /// Counts more documents into the table, exactly (the batch read a window at a time, so that
    /// only one window of texts is in memory).
    pub fn add<S: AsRef<str> + Sync>(&mut self, texts: &[S]) {
        let lexicon = Lexicon::default();
        let table = self;
        for window in texts.chunks(WINDOW) {
            let bytes: usize = window.iter().map(|t| t.as_ref().len()).sum();
            let counts = if bytes < PARALLEL_BYTES {
                // A small window (a lone document, often) is not worth a trip through the pool.
                window
                    .iter()
                    .map(AsRef::as_ref)
                    .enumerate()
                    .fold(Counts::default(), Counts::add_document)
            } else {
                window
                    .par_iter()
                    .map(AsRef::as_ref)
                    .enumerate()
                    .fold(Counts::default, Counts::add_document)
                    .reduce(Counts::default, Counts::merge)
            };
            table.absorb(counts, &lexicon);
        }
    }

    /// Adds the counts of `other`, a table of other documents.
    pub fn merge(&mut self, other: WordWitness) {
        for (mine, theirs) in [
            (&mut self.forms, other.forms),
            (&mut self.hyphenated, other.hyphenated),
        ] {
            if mine.len() < theirs.len() {
                let smaller = std::mem::replace(mine, theirs);
                add_table(mine, smaller);
            } else {
                add_table(mine, theirs);
            }
        }
        self.tokens += other.tokens;
        self.floor = self.floor.max(other.floor);
    }

    /// How often `form` was seen as a whole token, cased as it is (lower case, capitalised,
    /// capitals, or other). Zero for forms the lexicon knows (they are not recorded), and for
    /// unseen ones.
    pub fn form(&self, form: &str) -> Seen {
        exact(&self.forms, form)
    }

    /// How often the hyphenated `form`, cased as it is, was printed within a line.
    pub fn hyphenated(&self, form: &str) -> Seen {
        exact(&self.hyphenated, form)
    }

    /// How often `form` was seen as a whole token, however cased (`longterm`, `Longterm`,
    /// `LONGTERM`).
    pub fn form_any_case(&self, form: &str) -> Seen {
        any_case(&self.forms, form)
    }

    /// How often the hyphenated `form`, however cased, was printed within a line.
    pub fn hyphenated_any_case(&self, form: &str) -> Seen {
        any_case(&self.hyphenated, form)
    }

    /// Tokens read (words and hyphenated forms, known or not; a word broken at a line end once).
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// Distinct forms recorded, ignoring case: (unknown word forms, hyphenated forms).
    pub fn len(&self) -> (usize, usize) {
        (self.forms.len(), self.hyphenated.len())
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty() && self.hyphenated.is_empty()
    }

    /// Forms seen fewer times than this are missing: a batch with more than [`MAX_FORMS`]
    /// distinct unknown (or hyphenated) forms drops its rarest ones. 0 when nothing was dropped.
    pub fn floor(&self) -> u32 {
        self.floor
    }

    /// Adds a window's counts; the lexicon is asked once per distinct form of the window.
    fn absorb(&mut self, counts: Counts<'_>, lexicon: &Lexicon) {
        let unknown: Vec<(&str, Entry)> = if counts.words.len() < PARALLEL_FORMS {
            counts
                .words
                .into_iter()
                .filter(|(form, _)| !lexicon.is_word(form))
                .collect()
        } else {
            counts
                .words
                .into_par_iter()
                .filter(|(form, _)| !lexicon.is_word(form))
                .collect()
        };
        for (form, e) in unknown {
            add(&mut self.forms, form, e.seen);
        }
        for (form, e) in counts.hyphenated {
            add(&mut self.hyphenated, form, e.seen);
        }
        self.tokens += counts.tokens;
    }

    /// Drops the rarest forms of a table with more than `max`: every form seen fewer times than
    /// the count that leaves at most `max`. The counts decide, not the order they came in, so a
    /// batch keeps the same forms however it was gathered.
    pub(crate) fn bound(&mut self, max: usize) {
        for map in [&mut self.forms, &mut self.hyphenated] {
            if map.len() <= max {
                continue;
            }
            let mut totals: Vec<u32> = map.values().map(Tally::total).collect();
            // The count of the first form past `max`, most frequent first: it and all below go.
            let (_, &mut cut, _) = totals.select_nth_unstable_by(max, |a, b| b.cmp(a));
            let floor = cut.saturating_add(1);
            map.retain(|_, t| t.total() >= floor);
            self.floor = self.floor.max(floor);
        }
    }

    /// The tables as sorted lists, for a serialised form that is the same for the same counts.
    pub(crate) fn to_wire(&self) -> WordsWire {
        let sorted = |map: &Table| {
            let mut v: Vec<(String, Tally)> =
                map.iter().map(|(k, t)| (k.to_string(), *t)).collect();
            v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            v
        };
        WordsWire {
            forms: sorted(&self.forms),
            hyphenated: sorted(&self.hyphenated),
            floor: self.floor,
            tokens: self.tokens,
        }
    }

    pub(crate) fn from_wire(wire: WordsWire) -> WordWitness {
        let table = |v: Vec<(String, Tally)>| v.into_iter().map(|(k, t)| (k.into(), t)).collect();
        WordWitness {
            forms: table(wire.forms),
            hyphenated: table(wire.hyphenated),
            floor: wire.floor,
            tokens: wire.tokens,
        }
    }
}

/// A [`WordWitness`] as it is serialised.
#[derive(Serialize, Deserialize)]
pub(crate) struct WordsWire {
    forms: Vec<(String, Tally)>,
    hyphenated: Vec<(String, Tally)>,
    floor: u32,
    tokens: u64,
}

/// Adds every tally of `from` into `into`.
fn add_table(into: &mut Table, from: Table) {
    for (form, t) in from {
        let mine = into.entry(form).or_default();
        for (c, n) in mine.by_case.iter_mut().zip(t.by_case) {
            *c = c.saturating_add(n);
        }
        mine.documents = mine.documents.saturating_add(t.documents);
    }
}

/// `form` in lower case, in `buf` when it is short and ASCII (no allocation).
fn fold<'b>(form: &str, buf: &'b mut [u8; 64], owned: &'b mut String) -> &'b str {
    if form.is_ascii() && form.len() <= buf.len() {
        let out = &mut buf[..form.len()];
        out.copy_from_slice(form.as_bytes());
        out.make_ascii_lowercase();
        std::str::from_utf8(out).unwrap_or_default()
    } else {
        *owned = form.to_lowercase();
        owned
    }
}

fn get<'t>(map: &'t Table, form: &str) -> Option<&'t Tally> {
    if map.is_empty() {
        return None;
    }
    let (mut buf, mut owned) = ([0u8; 64], String::new());
    map.get(fold(form, &mut buf, &mut owned))
}

fn exact(map: &Table, form: &str) -> Seen {
    get(map, form).map_or_else(Seen::default, |t| Seen {
        count: t.by_case[Case::of(form) as usize],
        documents: t.documents,
    })
}

fn any_case(map: &Table, form: &str) -> Seen {
    get(map, form).map_or_else(Seen::default, |t| Seen {
        count: t.total(),
        documents: t.documents,
    })
}

fn add(map: &mut Table, form: &str, seen: Seen) {
    let (mut buf, mut owned) = ([0u8; 64], String::new());
    let key = fold(form, &mut buf, &mut owned);
    let case = Case::of(form);
    match map.get_mut(key) {
        Some(t) => t.add(case, seen),
        None => {
            let mut t = Tally::default();
            t.add(case, seen);
            map.insert(key.into(), t);
        }
    }
}

/// The counts of a window of documents, keyed by the documents' own text.
#[derive(Default)]
struct Counts<'a> {
    words: FxHashMap<&'a str, Entry>,
    hyphenated: FxHashMap<&'a str, Entry>,
    tokens: u64,
}

/// A form's count in a window, and the last document (by index) that held it.
#[derive(Clone, Copy)]
struct Entry {
    seen: Seen,
    last: usize,
}

impl<'a> Counts<'a> {
    /// Adds document number `doc`. A thread folds many documents into one table, so a form
    /// costs one hash-map update per occurrence and nothing per document.
    fn add_document(mut self, (doc, text): (usize, &'a str)) -> Counts<'a> {
        // About one new form per 16 bytes in a short text: grow once rather than rehash often.
        // Not past a megabyte's worth: new forms come ever more rarely in a long text, and a
        // table sized for a 16 MB document (a million forms, 69 MB) was the largest block of
        // its run, when a few thousand forms were all it held.
        if self.words.is_empty() {
            self.words
                .reserve((text.len() / 16).min(MAX_RESERVED_FORMS));
        }
        let broken = scan(text, |token, hyphen| {
            self.tokens += 1;
            // Most tokens are common words, which the lexicon knows and `absorb` would drop: a
            // probe of the small common-word table is cheaper than a count.
            if !hyphen && crate::lexicon::vocabulary::is_common(token) {
                return;
            }
            let map = if hyphen {
                &mut self.hyphenated
            } else {
                &mut self.words
            };
            let e = map.entry(token).or_insert(Entry {
                seen: Seen::default(),
                last: usize::MAX,
            });
            e.seen.count = e.seen.count.saturating_add(1);
            if e.last != doc {
                e.last = doc;
                e.seen.documents = e.seen.documents.saturating_add(1);
            }
        });
        self.tokens += broken;
        self
    }

    /// Merges the tables of two threads (their documents are disjoint).
    fn merge(mut self, mut other: Counts<'a>) -> Counts<'a> {
        if self.words.len() < other.words.len() {
            std::mem::swap(&mut self, &mut other);
        }
        for (map, from) in [
            (&mut self.words, other.words),
            (&mut self.hyphenated, other.hyphenated),
        ] {
            for (form, e) in from {
                map.entry(form)
                    .and_modify(|mine| mine.seen.add(e.seen))
                    .or_insert(e);
            }
        }
        self.tokens += other.tokens;
        self
    }
}

/// Calls `f(stem, hyphenated)` for every token of `text` the table records: the stems of the
/// words of [`crate::text::tokens`], but not the pieces of a word broken at a line end, nor a
/// piece that ends in a hyphen (a suspended prefix: `pre-` in `pre- and post-war`). Returns how
/// many words broken at a line end it skipped: they are words of the text all the same, and the
/// token count must not change when the hyphen stage joins them, or a second run over the output
/// weighs the batch's evidence differently from the first (issue 14).
fn scan<'a>(text: &'a str, mut f: impl FnMut(&'a str, bool)) -> u64 {
    let mut broken = 0;
    for t in tokens(text) {
        if t.is_word() && !t.line_broken() && !t.ends_in_hyphen() {
            f(t.stem(text), t.hyphenated());
        } else if t.is_word() && t.line_broken() && t.ends_in_hyphen() {
            // The first piece (`frag-` of `frag-⏎ment`) stands for the whole word.
            broken += 1;
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A long document of few distinct forms is counted in a table its forms need, not one
    /// sized by its length: 8 MB of wrapped prose held a table of half a million forms (34 MB)
    /// for the few thousand it has; now one of 64 K (4.3 MB). Counted on this thread: a
    /// window this large is counted on the pool's, which the allocation count does not see.
    #[test]
    fn a_long_document_of_few_forms_is_counted_in_a_small_table() {
        let text = crate::peak_alloc::wrapped_prose(8 << 20);
        let (_, peak) = crate::peak_alloc::peak_during(|| {
            Counts::default()
                .add_document((0, text.as_str()))
                .words
                .len()
        });
        assert!(
            peak < text.len(),
            "{peak} bytes at the peak for {} bytes of text",
            text.len()
        );
    }

    fn tokens(text: &str) -> Vec<(&str, bool)> {
        let mut v = Vec::new();
        scan(text, |t, h| v.push((t, h)));
        v
    }

    #[test]
    fn tokens_are_trimmed_and_broken_words_skipped() {
        assert_eq!(
            tokens("“Jinping’s” long-term (plan), frag-\nment of pre- and post-war 1990.\n"),
            vec![
                ("Jinping", false),
                ("long-term", true),
                ("plan", false),
                ("of", false),
                ("and", false),
                ("post-war", true),
            ]
        );
        assert_eq!(
            tokens("a frag-\n\nNew paragraph"),
            vec![("a", false), ("New", false), ("paragraph", false)]
        );
        assert_eq!(
            tokens("x—y a–b\r\nz"),
            vec![
                ("x", false),
                ("y", false),
                ("a", false),
                ("b", false),
                ("z", false)
            ]
        );
        // Marks other than print's punctuation stay with the word: `«x»` is not `x`.
        assert_eq!(tokens("£5 «x» (x)"), vec![("«x»", false), ("x", false)]);
        assert_eq!(
            tokens("see example.com or @handle a/b"),
            vec![("see", false), ("or", false)]
        );
    }

    #[test]
    fn counts_unknown_forms_across_documents() {
        let docs = [
            "Jinping and Jinping.\n",
            "JINPING? longterm, tbe plan.\n",
            "Long-term.\n",
        ];
        let w = WordWitness::gather(&docs);
        assert_eq!(
            w.form("Jinping"),
            Seen {
                count: 2,
                documents: 2
            }
        );
        assert_eq!(w.form("JINPING").count, 1);
        assert_eq!(w.form("jinping").count, 0);
        assert_eq!(
            w.form_any_case("jinping"),
            Seen {
                count: 3,
                documents: 2
            }
        );
        assert_eq!(w.form("longterm").count, 1);
        assert_eq!(w.form("tbe").count, 1);
        assert_eq!(w.form("plan").count, 0);
        assert_eq!(w.hyphenated("long-term").count, 0);
        assert_eq!(w.hyphenated_any_case("long-term").count, 1);
        assert_eq!(w.tokens(), 8);
        assert_eq!(w.floor(), 0);
    }

    #[test]
    fn a_word_broken_at_a_line_end_counts_as_one_token_as_it_does_joined() {
        // The hyphen stage joins `frag-⏎ment`: a second run over its output must read as many
        // tokens, or every "more often than an accident explains" test moves (issue 14).
        let broken = WordWitness::gather(&["A frag-\nment of the text, tbe pre- and post-war.\n"]);
        let joined = WordWitness::gather(&["A fragment of the text, tbe pre- and post-war.\n"]);
        assert_eq!(broken.tokens(), joined.tokens());
        assert_eq!(broken.form("tbe"), joined.form("tbe"));
    }

    #[test]
    fn bounding_keeps_the_most_frequent_forms_whatever_the_order() {
        // `Zorbk` printed k times, k = 1..=8, one document per occurrence.
        let mut docs: Vec<String> = (1..=8)
            .flat_map(|k| (0..k).map(move |_| format!("Zorb{k}\n")))
            .collect();
        let mut a = WordWitness::default();
        a.add(&docs);
        a.bound(4);
        docs.reverse();
        let mut b = WordWitness::default();
        for d in &docs {
            b.merge(WordWitness::gather(std::slice::from_ref(d)));
        }
        b.bound(4);
        assert_eq!(a, b);
        assert_eq!(a.len().0, 4);
        assert_eq!(a.floor(), 5);
        assert_eq!(a.form("Zorb5").count, 5);
        assert_eq!(a.form("Zorb4").count, 0);
    }

    #[test]
    fn result_does_not_depend_on_threads() {
        let docs: Vec<String> = (0..2000)
            .map(|i| format!("Form{} shared-form x{}\n", i % 7, i % 13))
            .collect();
        let a = WordWitness::gather(&docs);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let b = pool.install(|| WordWitness::gather(&docs));
        assert_eq!(a.forms, b.forms);
        assert_eq!(a.hyphenated("shared-form").count, 2000);
        assert_eq!(a.hyphenated("shared-form").documents, 2000);
    }
}
