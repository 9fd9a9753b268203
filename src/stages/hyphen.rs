//! Stage `hyphen` (HYP): hyphens at line breaks.
//!
//! A hyphen at the end of a printed line is either the typesetter's (`frag-⏎ment`: the word was
//! broken to fit the column) or the author's (`long-⏎term`, `Russia-⏎China`: a compound that
//! happened to break at its hyphen). Text that is reflowed or searched needs the first joined
//! and the second kept; a cleaner that joins both writes `MoscowBeijing`. The stage decides from
//! what the lexicon and the batch know:
//!
//! 1. joined (`HYP001`) when the joined form is a word or the batch prints it elsewhere, unless
//!    the batch prints the hyphenated form more often;
//! 2. hyphen kept (`HYP002`) when the batch prints the hyphenated form within a line, when both
//!    halves are capitalised words (`Russia-China`), when a lower-case word is followed by a
//!    capitalised one (`anti-American`), when the joined form is unknown and both halves are
//!    words that the bigram list knows as a pair (`long-term`), or before a number (`pre-1914`);
//! 3. otherwise left as it is and reported (`HYP003`).
//!
//! Never touched: dashes (`—`, `–`, `--`, a hyphen after a space or a digit), suspended hyphens
//! (`first-⏎and second-class`), a line that does not go on with a word. Both fixes keep the line
//! structure: the rest of the word moves up and the line break follows it (`frag-⏎ment of` becomes
//! `fragment⏎of`), as the unicode stage does for soft hyphens. In a block whose lines are
//! paragraphs the word just closes up: a block an earlier stage unwrapped (the input property
//! [`LineForm`], which this stage relies on rather than on knowing which stages ran), or one that
//! holds a line longer than a printed line can be (the text was never wrapped). Case and
//! punctuation are kept.

use crate::batch::words::WordWitness;
use crate::code::RuleCode;
use crate::code::builtin::hyphen;
use crate::edit::Edit;
use crate::lexicon::Lexicon;
use crate::rules::{RuleBook, RuleError, StageName};
use crate::stage::{Context, LineForm, Stage};

const SOFT_HYPHEN: &str = "\u{00AD}";

/// Longest line (in characters) that can be a printed line of a column or page; a block holding a
/// longer one was never wrapped, and a break joined inside it is not moved after the word.
const MAX_PRINTED_LINE: usize = 100;

/// The hyphen stage.
pub struct Hyphen {
    lexicon: Lexicon,
    /// Words after which a hyphen at a line end is a suspended one (`first- and second-class`):
    /// the `[data.hyphen] suspension-words` lists.
    suspension: Vec<String>,
    join: RuleCode,
    keep: RuleCode,
    unresolved: RuleCode,
}

/// A hyphen at a line end, and the text around it.
#[derive(Debug)]
struct Break<'t> {
    /// Start of the word before the hyphen (a compound's first part included: `mother-in`).
    start: usize,
    /// The word before the hyphen, with any earlier parts of its compound.
    head: &'t str,
    /// The last part of `head`: the half that the hyphen ends.
    left: &'t str,
    /// The first token of the next line, punctuation included (`ment,`).
    token: &'t str,
    /// The letters that open `token`: the half that continues the word.
    right: &'t str,
    /// Where `token` starts and ends.
    token_start: usize,
    token_end: usize,
    /// The line break, `\n` or `\r\n`.
    newline: &'t str,
}

/// What the evidence says about one break.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Join(&'static str),
    Keep(&'static str),
    Unresolved(&'static str),
    Leave,
}

impl Hyphen {
    /// The stage, with its built-in rules, the `[data.hyphen]` lists of every pack and the
    /// run's lexicon (the user's words included).
    pub fn new(lexicon: Lexicon, book: &RuleBook) -> Result<Hyphen, RuleError> {
        let mut suspension = Vec::new();
        for list in book.data(StageName::Hyphen) {
            if list.name != "suspension-words" {
                return Err(RuleError::Invalid {
                    path: list.origin.file.clone(),
                    line: list.origin.line,
                    message: format!(
                        "[data.hyphen] has no list `{}`; the hyphen stage reads \
                         `suspension-words` (words after which a hyphen waits for the rest of \
                         its compound: `and` in `first- and second-class`)",
                        list.name
                    ),
                });
            }
            suspension.extend(list.values.iter().cloned());
        }
        Ok(Hyphen {
            lexicon,
            suspension,
            join: hyphen::JOIN,
            keep: hyphen::KEEP_HYPHEN,
            unresolved: hyphen::UNRESOLVED,
        })
    }

    /// Whether a hyphen at a line end before `word` may be a suspended one (`first- and`).
    fn suspended(&self, word: &str) -> bool {
        self.suspension.iter().any(|w| w == word)
    }

    /// The verdict on `b`; `rest` is the text after its token.
    fn verdict(&self, b: &Break, words: Option<&WordWitness>, rest: &str) -> Verdict {
        let lex = &self.lexicon;
        if b.right.is_empty() {
            return if b.token.starts_with(|c: char| c.is_ascii_digit()) {
                Verdict::Keep("a hyphen before a number belongs to the text")
            } else {
                Verdict::Leave
            };
        }
        if b.token == b.right
            && self.suspension.iter().any(|w| w == b.right)
            && compound_follows(rest)
        {
            // `ten-⏎or twelve-year terms`: the hyphen waits for the compound further on.
            return Verdict::Leave;
        }
        // Hyphenated and joined forms, built in one buffer: the batch is asked about the first,
        // then the lexicon and the batch about the second.
        let mut form = String::with_capacity(b.head.len() + b.right.len() + 1);
        form.push_str(b.head);
        form.push('-');
        form.push_str(b.right);
        let hyphenated_seen = words.map_or(0, |w| w.hyphenated_any_case(&form).count);
        form.clear();
        form.push_str(b.left);
        form.push_str(b.right);
        let joined_seen = words.map_or(0, |w| w.form_any_case(&form).count);
        if hyphenated_seen > joined_seen {
            return Verdict::Keep("the batch prints the hyphenated form within a line");
        }
        if lex.is_word(&form) {
            return Verdict::Join("the joined form is a word");
        }
        if joined_seen > 0 {
            return Verdict::Join("the batch prints the joined form");
        }
        if self.suspended(b.right) {
            // `first-⏎and second-class` with the compound out of sight: not a word either way.
            return Verdict::Leave;
        }
        let (left_word, right_word) = (lex.is_word(b.left), lex.is_word(b.right));
        let capitalised = |s: &str| s.starts_with(char::is_uppercase);
        if capitalised(b.left) && capitalised(b.right) && left_word && right_word {
            return Verdict::Keep("both halves are capitalised words");
        }
        if !capitalised(b.left) && capitalised(b.right) && left_word && right_word {
            return Verdict::Keep("a word does not go on in capitals after a break");
        }
        if left_word && right_word && lex.bigram(b.left, b.right) > 0 {
            return Verdict::Keep("the joined form is unknown and both halves are a known pair");
        }
        if left_word && right_word {
            Verdict::Unresolved("both halves are words, but neither form is known")
        } else {
            Verdict::Unresolved("neither the joined nor the hyphenated form is known")
        }
    }

    /// The edit for `verdict`; `flowing`: the break's lines are paragraphs, not printed lines
    /// (see [`Blocks`]).
    fn edit(&self, text: &str, b: &Break, verdict: Verdict, flowing: bool) -> Option<Edit> {
        let (code, reason, hyphen) = match verdict {
            Verdict::Join(reason) => (self.join, reason, ""),
            Verdict::Keep(reason) => (self.keep, reason, "-"),
            Verdict::Unresolved(reason) => {
                let end = b.token_start + b.right.len();
                return Some(Edit::flag(b.start..end, self.unresolved, reason));
            }
            Verdict::Leave => return None,
        };
        // The rest of the word comes up; the break follows it, unless the line ends there, or
        // the lines around are not printed lines but paragraphs (the layout stage unwrapped a
        // hard-wrapped column, or the text was never wrapped): then the word simply closes up.
        let after = &text[b.token_end..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        let rest = &after[spaces..];
        let line_ends = rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n");
        let (end, newline) = if line_ends || flowing {
            (b.token_end, "")
        } else {
            (b.token_end + spaces, b.newline)
        };
        let replacement = format!("{}{hyphen}{}{newline}", b.head, b.token);
        Some(Edit::replace(b.start..end, replacement, code, reason))
    }
}

/// The break whose line ends at the newline `nl`, if the line ends in a hyphen after a word.
fn find_break(text: &str, nl: usize) -> Option<Break<'_>> {
    let line = &text[..nl];
    let (line, newline) = match line.strip_suffix('\r') {
        Some(l) => (l, "\r\n"),
        None => (line, "\n"),
    };
    let line = line.trim_end_matches([' ', '\t']);
    let line = line.strip_suffix(SOFT_HYPHEN).unwrap_or(line);
    let before = line.strip_suffix('-')?;
    let head_end = before.len();
    // The word: back to the previous space, without opening punctuation.
    let token_start = before.rfind(|c: char| c.is_whitespace()).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let head_token = &before[token_start..];
    let skip = head_token
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(head_token.len());
    let start = token_start + skip;
    let head = &text[start..head_end];
    let left = &head[head.rfind('-').map_or(0, |i| i + 1)..];
    if left.is_empty() || !left.chars().all(is_word_char) || !left.ends_with(char::is_alphabetic) {
        return None;
    }
    // The next line must go straight on with a token.
    let token_start = nl + 1;
    let next = &text[token_start..];
    let token_len = next.find(|c: char| c.is_whitespace()).unwrap_or(next.len());
    if token_len == 0 {
        return None;
    }
    let token = &next[..token_len];
    let right_len = token
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(token.len());
    let right = &token[..right_len];
    Some(Break {
        start,
        head,
        left,
        token,
        right,
        token_start,
        token_end: token_start + token_len,
        newline,
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c == '\'' || c == '\u{2019}'
}

impl Stage for Hyphen {
    fn name(&self) -> StageName {
        StageName::Hyphen
    }

    fn propose(&self, text: &str, ctx: &Context) -> Vec<Edit> {
        let bytes = text.as_bytes();
        let words = ctx.batch.map(|b| &b.words);
        let mut edits: Vec<Edit> = Vec::new();
        let mut done = 0;
        let mut continued = usize::MAX;
        let mut flowing: Option<Blocks> = None;
        // Lines that end in a hyphen are rare: a cheap look at the bytes before each newline.
        for nl in memchr::memchr_iter(b'\n', bytes) {
            if !ends_in_hyphen(&bytes[..nl]) {
                continue;
            }
            let Some(b) = find_break(text, nl) else {
                continue;
            };
            if b.start < done || b.start == continued {
                // The word before this hyphen was moved up by the previous fix, or is the middle
                // of a word broken over three lines.
                continue;
            }
            let verdict = if b.token.ends_with('-') && line_end(bytes, b.token_start) == b.token_end
            {
                // The next line is one broken piece too (`inter-⏎national-⏎ly`).
                continued = b.token_start;
                Verdict::Unresolved("the word breaks across more than two lines")
            } else if b.token.ends_with('-') {
                // `pre-⏎war- and …`: brought up, the piece would end the line in a hyphen again.
                Verdict::Unresolved("the rest of the word ends in a hyphen")
            } else {
                self.verdict(&b, words, &text[b.token_end..])
            };
            // Read once, at the first break: most texts have none.
            let blocks = flowing.get_or_insert_with(|| Blocks::new(text, ctx.line_form));
            if let Some(edit) = self.edit(text, &b, verdict, blocks.flows(b.start)) {
                if !edit.flag_only {
                    done = edit.range.end;
                }
                edits.push(edit);
            }
        }
        edits
    }
}

/// The blocks of a text (runs of lines between blank lines), and which flow: there the lines are
/// paragraphs, and a word broken at a line end closes up rather than moving the line break after
/// it. A block flows when an earlier stage unwrapped it ([`LineForm`]) or when it holds a line
/// longer than a printed line can be (a text that was never wrapped). A block of printed lines
/// keeps them.
struct Blocks {
    /// Where each block ends, in order, and whether it flows.
    ends: Vec<(usize, bool)>,
}

impl Blocks {
    fn new(text: &str, form: &LineForm) -> Blocks {
        let mut ends = Vec::new();
        // `start`, `end`: where the current block starts and where the lines read so far end;
        // `long`: the current block has a long line.
        let (mut start, mut end, mut long) = (0, 0, false);
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            if body.trim().is_empty() {
                if end > 0 {
                    ends.push((end, long || form.unwrapped(start..end)));
                }
                long = false;
                start = end + line.len();
            } else {
                // Bytes first: no line of at most that many bytes is longer in characters.
                long |= body.len() > MAX_PRINTED_LINE && body.chars().count() > MAX_PRINTED_LINE;
            }
            end += line.len();
        }
        ends.push((text.len(), long || form.unwrapped(start..text.len())));
        Blocks { ends }
    }

    /// Whether the block holding byte `at` flows.
    fn flows(&self, at: usize) -> bool {
        let i = self.ends.partition_point(|&(end, _)| end <= at);
        self.ends.get(i).is_some_and(|&(_, long)| long)
    }
}

/// Whether a hyphenated word comes within the next three words of `rest`.
fn compound_follows(rest: &str) -> bool {
    rest.split_whitespace().take(3).any(|w| {
        w.trim_matches(|c: char| !c.is_alphanumeric())
            .split_once('-')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
    })
}

/// The end of the line holding `at`.
fn line_end(bytes: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i)
}

/// Whether the line before a newline ends in `-`, maybe followed by a soft hyphen, `\r`, spaces.
fn ends_in_hyphen(line: &[u8]) -> bool {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b' ' | b'\t' | b'\r') {
        end -= 1;
    }
    let line = &line[..end];
    line.ends_with(b"-") || line.ends_with("-\u{00AD}".as_bytes())
}

#[cfg(test)]
mod tests {

    use crate::Pipeline;
    use crate::rules::RuleBook;

    fn pipeline() -> Pipeline {
        let book = RuleBook::builtin();
        Pipeline::builder()
            .rules(book)
            .unsafe_fixes(true)
            .build()
            .unwrap()
    }

    fn clean(s: &str) -> String {
        pipeline().clean(s).text.into_owned()
    }

    #[test]
    fn joins_keep_the_line_structure() {
        assert_eq!(clean("a frag-\nment of it\n"), "a fragment\nof it\n");
        assert_eq!(clean("a frag-\nment\nof it\n"), "a fragment\nof it\n");
        assert_eq!(clean("a frag-\nment, of it\n"), "a fragment,\nof it\n");
        assert_eq!(clean("a frag-\nment"), "a fragment");
        assert_eq!(clean("(“frag-\nment”) of\n"), "(“fragment”)\nof\n");
        assert_eq!(clean("GOVERN-\nMENT HOUSE\n"), "GOVERNMENT\nHOUSE\n");
    }

    /// Where a block of lines holds a paragraph-long line (a column the layout stage unwrapped
    /// around its hyphen breaks), its lines are not printed lines: the word closes up. Another
    /// block keeps its printed lines.
    #[test]
    fn unwrapped_blocks_close_up() {
        let long = "The men decided at a meeting yesterday to march to the House and ask the \
                    Premier to give them their jobs back.";
        let text = format!(
            "The men from the Depart-\nment of Works said\n{long}\n\nA frag-\nment of it\n"
        );
        let want =
            format!("The men from the Department of Works said\n{long}\n\nA fragment\nof it\n");
        assert_eq!(clean(&text), want);
    }

    #[test]
    fn keeps_compounds() {
        assert_eq!(
            clean("the Russia-\nChina talks\n"),
            "the Russia-China\ntalks\n"
        );
        assert_eq!(clean("a long-\nterm plan\n"), "a long-term\nplan\n");
        assert_eq!(
            clean("an anti-\nAmerican mood\n"),
            "an anti-American\nmood\n"
        );
        assert_eq!(clean("the pre-\n1914 order\n"), "the pre-1914\norder\n");
        assert_eq!(clean("a mother-in-\nlaw joke\n"), "a mother-in-law\njoke\n");
    }

    #[test]
    fn leaves_dashes_and_suspensions() {
        for s in [
            "first-\nand second-class seats\n",
            "ten-\nor twelve-year terms\n",
            "it was—\nas ever—late\n",
            "it was –\nas ever\n",
            "it was --\nas ever\n",
            "it was -\nas ever\n",
            "in 1990-\n91 the\n",
            "a frag-\n\nment\n",
            "a frag-\n  ment\n",
            "U.S.-\nChina\n",
        ] {
            assert_eq!(clean(s), s, "{s:?}");
        }
    }

    #[test]
    fn unresolved_is_flagged() {
        let c = pipeline().clean("the xqzt-\nvlorp here\n");
        assert_eq!(c.text, "the xqzt-\nvlorp here\n");
        assert_eq!(c.changes.len(), 1);
        assert_eq!(c.changes[0].code.as_str(), "HYP003");
        assert_eq!(c.changes[0].before, "xqzt-\nvlorp");
    }

    #[test]
    fn batch_evidence_decides() {
        // Printed within a line elsewhere in the document: the hyphen stays.
        assert_eq!(
            clean("to-day we met; to-\nday we part\n"),
            "to-day we met; to-day\nwe part\n"
        );
        // The joined form printed elsewhere: joined, though no dictionary knows it.
        assert_eq!(
            clean("Jinping spoke. Xi Jin-\nping said\n"),
            "Jinping spoke. Xi Jinping\nsaid\n"
        );
    }

    #[test]
    fn soft_hyphen_after_hyphen() {
        // The unicode stage rejoins `-\u{AD}` before lower case itself; before a capital it
        // drops the soft hyphen and this stage decides.
        assert_eq!(clean("the frag-\u{AD}\nment of\n"), "the fragment\nof\n");
        assert_eq!(
            clean("the Russia-\u{AD}\nChina talks\n"),
            "the Russia-China\ntalks\n"
        );
    }

    #[test]
    fn crlf_and_trailing_spaces() {
        assert_eq!(clean("a frag-\r\nment of\r\n"), "a fragment\r\nof\r\n");
        assert_eq!(clean("a frag- \nment of\n"), "a fragment\nof\n");
    }

    #[test]
    fn chained_breaks_are_left() {
        let s = "inter-\nnational-\nly\n";
        assert_eq!(clean(s), s);
        // Brought up, `war-` would end the line in a hyphen for a second run to join.
        let s = "the pre-\nwar- and post-war years\n";
        assert_eq!(clean(s), s);
    }
}

#[cfg(test)]
mod properties {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;
    use crate::batch::Batch;
    use crate::rules::RuleBook;
    use crate::stage::{LineForm, Selection};

    fn stage() -> &'static (Hyphen, Selection) {
        static STAGE: OnceLock<(Hyphen, Selection)> = OnceLock::new();
        STAGE.get_or_init(|| {
            let book = RuleBook::builtin();
            (
                Hyphen::new(Lexicon::default(), &book).unwrap(),
                Selection::defaults(&book),
            )
        })
    }

    /// Lexicon words, from the vendored list (lower-case, as the lists spell them).
    fn words() -> &'static [&'static str] {
        static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
        WORDS.get_or_init(|| {
            let lex = Lexicon::default();
            include_str!("../../rules/lexicon/words.txt")
                .lines()
                .filter(|l| !l.starts_with('#') && l.chars().all(|c| c.is_ascii_lowercase()))
                .filter(|w| lex.is_word(w))
                .step_by(7)
                .collect()
        })
    }

    fn propose(text: &str) -> Vec<Edit> {
        let (stage, selection) = stage();
        let batch = Batch::gather(&[text]);
        let ctx = Context {
            selection,
            batch: Some(&batch),
            suppressions: &[],
            line_form: LineForm::none(),
        };
        stage.propose(text, &ctx)
    }

    fn word() -> impl Strategy<Value = String> {
        (0..words().len(), 0..3u8).prop_map(|(i, case)| {
            let w = words()[i];
            match case {
                0 => w.to_string(),
                1 => {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
                _ => w.to_uppercase(),
            }
        })
    }

    /// What goes between two words: ordinary punctuation, mid-line hyphens, dashes at line ends,
    /// but never a hyphen right after a word at a line end (the artifact the stage repairs).
    fn separator() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            " ", " ", " ", ", ", ". ", "; ", ": ", "! ", "? ", "-", " - ", " — ", "—", " – ", "\n",
            ",\n", ".\n", "\n\n", "—\n", " –\n", " -\n", " (", ") ", " “", "” ", "'s ",
        ])
    }

    fn prose() -> impl Strategy<Value = String> {
        prop::collection::vec((word(), separator()), 1..60).prop_map(|parts| {
            let mut s = String::new();
            for (w, sep) in parts {
                s.push_str(&w);
                s.push_str(sep);
            }
            s
        })
    }

    /// Text with words broken at line ends: what the stage exists for.
    fn broken() -> impl Strategy<Value = String> {
        prop::collection::vec((word(), 1..6usize, prop::bool::ANY), 1..30).prop_map(|parts| {
            let mut s = String::new();
            for (w, at, brk) in parts {
                let at = at.min(w.len().saturating_sub(1)).max(1).min(w.len());
                if brk && w.len() > 2 {
                    s.push_str(&w[..at]);
                    s.push_str("-\n");
                    s.push_str(&w[at..]);
                } else {
                    s.push_str(&w);
                }
                s.push_str(", ");
            }
            s
        })
    }

    proptest! {
        #[test]
        fn lexicon_prose_is_unchanged(text in prose()) {
            let edits = propose(&text);
            prop_assert!(edits.is_empty(), "{:?} on {:?}", edits, text);
        }

        #[test]
        fn fixes_keep_every_letter_and_mark(text in broken()) {
            let edits = propose(&text);
            let mut out = String::new();
            let mut last = 0;
            for e in edits.iter().filter(|e| !e.flag_only) {
                out.push_str(&text[last..e.range.start]);
                out.push_str(&e.replacement);
                last = e.range.end;
            }
            out.push_str(&text[last..]);
            let marks = |s: &str| -> String {
                s.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
            };
            prop_assert_eq!(marks(&out), marks(&text));
            // No line is emptied: a line that held only the rest of a word is taken up whole.
            prop_assert_eq!(out.matches("\n\n").count(), text.matches("\n\n").count());
            prop_assert!(!out.starts_with('\n'));
            // A second pass finds nothing more to fix.
            prop_assert!(propose(&out).iter().all(|e| e.flag_only));
        }
    }
}
