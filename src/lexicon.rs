//! The embedded English lexicon: word frequencies, the words and names a dictionary knows, and
//! common word pairs, plus the words a user adds.
//!
//! The data is vendored text under `rules/lexicon/` (SymSpell's frequency lists, derived from
//! Google Books Ngram counts, and SCOWL's word lists; see `rules/lexicon/SOURCE.md`). `build.rs`
//! compiles it into one open-addressing hash table that is embedded in the binary and read in
//! place: nothing is parsed at run time, the first lookup only checks the header (once per
//! process), and every thread shares the same bytes. A lookup folds the token into a stack buffer,
//! hashes it and probes the table: no allocation.
//!
//! Lookups are case-aware. The lists record how each word is written, and a token matches when
//! it is written that way, capitalised (sentence start), or in capitals (headlines):
//!
//! ```
//! use ocrclean::lexicon::Lexicon;
//! let lex = Lexicon::default();
//! assert!(lex.is_word("the") && lex.is_word("The") && lex.is_word("THE"));
//! assert!(lex.is_word("Beijing") && lex.is_word("BEIJING"));
//! assert!(!lex.is_word("beijing")); // the lists know the name only capitalised
//! assert!(lex.is_word("democratisation") && lex.is_word("organization"));
//! assert!(lex.is_proper_name("Moscow") && !lex.is_proper_name("moscow"));
//! assert!(lex.frequency("Hong") > 0);
//! assert!(lex.bigram("Hong", "Kong") > 0);
//! ```

// `build.rs` uses what the program does not: the builder and its constants.
#[allow(dead_code)]
mod common;
mod format;
mod table;
pub mod trie;
mod trie_format;
pub(crate) mod vocabulary;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use table::{Folded, Table};

/// The compiled table (see `src/lexicon/format.rs`), built by `build.rs` from `rules/lexicon/`.
static DATA: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lexicon.bin"));

/// The frequency given to a user word that the frequency list does not know: below every listed
/// word (the list's smallest count is 12,714), so a user word is known but never preferred.
pub const USER_WORD_FREQUENCY: u64 = 10_000;

/// The lexicon as one run sees it: the embedded lists plus the user's own words.
///
/// Cheap to clone (the user words are shared), `Send` and `Sync`. Stages get one from
/// [`Options::words`](crate::pipeline::Options::words) through [`Lexicon::with_user_words`].
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    user: Arc<UserWords>,
}

/// Which lists hold a word, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kinds(u8);

impl Kinds {
    const USER: u8 = 16;

    /// A dictionary word (SCOWL words and contractions, or the frequency list).
    pub fn word(self) -> bool {
        self.0 & format::WORD != 0
    }

    /// A proper name: a place, person, company, demonym, or other capitalised word from SCOWL's
    /// upper-case and proper-name lists, or a capitalised user word.
    pub fn name(self) -> bool {
        self.0 & (format::UPPER | format::PROPER) != 0
    }

    /// An abbreviation or Roman numeral (`CEO`, `viz`, `XIV`).
    pub fn abbreviation(self) -> bool {
        self.0 & format::ABBREVIATION != 0
    }

    /// A word the user added.
    pub fn user(self) -> bool {
        self.0 & Self::USER != 0
    }
}

/// What the lexicon knows of a token, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// How often the word (any case) occurs in the frequency list; 0 when it is not listed.
    pub frequency: u64,
    /// Which lists hold it in the way it is written.
    pub kinds: Kinds,
    /// The smallest SCOWL size listing it (10 = the most common words, 50 = a normal dictionary,
    /// 70 = a large one, 80 = names of small places); 0 when only the frequency list or the user
    /// knows it.
    pub size: u8,
}

impl Lexicon {
    /// The embedded lists plus `words`.
    pub fn with_user_words(words: Arc<UserWords>) -> Lexicon {
        Lexicon { user: words }
    }

    /// The user's words in this lexicon.
    pub fn user_words(&self) -> &UserWords {
        &self.user
    }

    /// What the lexicon knows of `token` as written, or `None` when it is not a word.
    ///
    /// `token` is a bare word: the caller strips surrounding punctuation. A possessive (`'s`,
    /// `’s`, or a trailing apostrophe after `s`) is a word when its stem is. Typographic
    /// apostrophes match straight ones.
    ///
    /// Casing: a word listed in lower case matches in lower case, capitalised or in capitals
    /// (`the`, `The`, `THE`); a capitalised name matches capitalised or in capitals (`Beijing`,
    /// `BEIJING`) but not in lower case (`beijing` is not a word: a dictionary would not accept
    /// it, and in print it is a typo, a handle or part of an address); a word with its own casing
    /// matches that casing or capitals (`iPhone`, `IPHONE`, `McDonald`, `YouTube`, not `Youtube`).
    pub fn lookup(&self, token: &str) -> Option<Known> {
        table::lookup(token, |folded, len, chars| {
            self.lookup_folded(folded, len, chars)
        })
    }

    fn lookup_folded(&self, folded: &Folded, len: usize, chars: u32) -> Option<Known> {
        let (record, listed) = table().listed(folded, len, chars);
        let mut found = listed.map(|l| Known {
            frequency: l.frequency,
            kinds: Kinds(l.kinds),
            size: l.size,
        });
        let key = &folded.buf[..len];
        let shape = folded.shape(chars);
        if !self.user.is_empty()
            && let Some(masks) = self.user.get(key)
            && let Some(&mask) = masks.iter().find(|&&m| shape.fits(m))
        {
            let k = found.get_or_insert(Known {
                frequency: record.map_or(0, |r| r.frequency).max(USER_WORD_FREQUENCY),
                kinds: Kinds(0),
                size: 0,
            });
            k.kinds.0 |= Kinds::USER | format::WORD;
            if mask & 1 != 0 {
                k.kinds.0 |= format::PROPER;
            }
        }
        found
    }

    /// Whether `token`, as written, is a word: a dictionary word, a name, an abbreviation, a
    /// contraction, or a user word. See [`Lexicon::lookup`] for the rules on case and
    /// punctuation.
    pub fn is_word(&self, token: &str) -> bool {
        self.lookup(token).is_some()
    }

    /// Whether `token`, as written, is a proper name: a place, person, company or demonym
    /// (`Moscow`, `Beijing`, `Russian`, `Google`), or a capitalised user word. Names that are
    /// also common words count when capitalised (`Brown`, `Bath`), not in lower case.
    pub fn is_proper_name(&self, token: &str) -> bool {
        self.lookup(token).is_some_and(|k| k.kinds.name())
    }

    /// How often `word` occurs in the frequency list, whatever its case; 0 when it is not listed
    /// ([`USER_WORD_FREQUENCY`] for an unlisted user word). The counts are Google Books Ngram
    /// counts: `the` is about 2.3 × 10¹⁰, the rarest listed words about 1.3 × 10⁴.
    pub fn frequency(&self, word: &str) -> u64 {
        let mut folded = Folded::empty();
        if !folded.push_word(word) || folded.space {
            return 0;
        }
        let key = &folded.buf[..folded.len];
        let listed = table().get(key).map_or(0, |r| r.frequency);
        if listed == 0 && !self.user.is_empty() && self.user.get(key).is_some() {
            return USER_WORD_FREQUENCY;
        }
        listed
    }

    /// How often the pair `a b` occurs in the bigram list, whatever its case; 0 when it is not
    /// listed. The list keeps the most frequent pairs and every pair with a word that is only
    /// ever a name (`hong kong`, `sri lanka`); see `rules/lexicon/SOURCE.md`.
    pub fn bigram(&self, a: &str, b: &str) -> u64 {
        let mut folded = Folded::empty();
        if !folded.push(a) || !folded.push_byte(b' ') || !folded.push(b) {
            return 0;
        }
        table()
            .get(&folded.buf[..folded.len])
            .map_or(0, |r| r.frequency)
    }
}

fn table() -> &'static Table<'static> {
    static TABLE: OnceLock<Table<'static>> = OnceLock::new();
    TABLE.get_or_init(|| Table::read(DATA))
}

/// Words a user adds to the lexicon: a spell checker's personal dictionary
/// (`--words FILE`, config `extend-words`).
///
/// A word is written as it should match, with the lexicon's case rules: `ocrclean` matches
/// `ocrclean`, `Ocrclean` and `OCRCLEAN`; `WeChat` matches `WeChat` and `WECHAT`. A user word
/// written with a capital initial also counts as a proper name.
///
/// ```
/// use std::sync::Arc;
/// use ocrclean::lexicon::{Lexicon, UserWords};
/// let mut words = UserWords::default();
/// words.insert("Jinping").unwrap();
/// let lex = Lexicon::with_user_words(Arc::new(words));
/// assert!(lex.is_word("Jinping") && lex.is_proper_name("Jinping"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct UserWords {
    /// Folded key to the case masks it was written with.
    forms: HashMap<Box<[u8]>, Vec<u64>>,
}

/// A user word that cannot be one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadWord(String);

/// A problem with a word list file.
#[derive(Debug, thiserror::Error)]
pub enum WordsError {
    /// The file could not be read.
    #[error("cannot read word list {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line is not one word.
    #[error("{path}:{line}: {source}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        source: BadWord,
    },
}

impl UserWords {
    /// Adds one word. Fails when it is empty, holds a space, or is longer than a word can be.
    pub fn insert(&mut self, word: &str) -> Result<(), BadWord> {
        if word.is_empty() {
            return Err(BadWord("an empty word".into()));
        }
        if word.contains(char::is_whitespace) {
            return Err(BadWord(format!(
                "{word:?} is not one word: give one word per line (add each word of a phrase \
                 on its own line)"
            )));
        }
        let mut folded = Folded::empty();
        if !folded.push_word(word) {
            return Err(BadWord(format!(
                "{word:?} is longer than {} bytes, too long for a word",
                format::MAX_WORD
            )));
        }
        let masks = self
            .forms
            .entry(folded.buf[..folded.len].into())
            .or_default();
        if !masks.contains(&folded.upper) {
            masks.push(folded.upper);
        }
        Ok(())
    }

    /// Reads a word list: one word per line; `#` starts a comment; blank lines are skipped.
    ///
    /// ```no_run
    /// use ocrclean::lexicon::UserWords;
    /// let words = UserWords::from_file("words.txt".as_ref())?;
    /// # Ok::<(), ocrclean::lexicon::WordsError>(())
    /// ```
    pub fn from_file(path: &Path) -> Result<UserWords, WordsError> {
        let mut words = UserWords::default();
        words.extend_from_file(path)?;
        Ok(words)
    }

    /// Adds the words of a word list file (see [`UserWords::from_file`]); returns how many
    /// lines held a word.
    pub fn extend_from_file(&mut self, path: &Path) -> Result<usize, WordsError> {
        let bytes = std::fs::read(path).map_err(|source| WordsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.extend_from_bytes(path, &bytes)
    }

    /// Adds the words of a word list already read from `path` (named in errors).
    pub fn extend_from_bytes(&mut self, path: &Path, bytes: &[u8]) -> Result<usize, WordsError> {
        let mut added = 0;
        for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let invalid = |source| WordsError::Invalid {
                path: path.to_path_buf(),
                line: n + 1,
                source,
            };
            let line = std::str::from_utf8(line).map_err(|_| {
                invalid(BadWord(
                    "not valid UTF-8: save the word list as UTF-8".into(),
                ))
            })?;
            let word = line.split('#').next().unwrap_or("").trim();
            if word.is_empty() {
                continue;
            }
            self.insert(word).map_err(invalid)?;
            added += 1;
        }
        Ok(added)
    }

    /// How many distinct words (ignoring case) it holds.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// Whether it holds no word.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    fn get(&self, key: &[u8]) -> Option<&Vec<u64>> {
        self.forms.get(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        Lexicon::default()
    }

    #[test]
    fn case_rules() {
        let l = lex();
        for w in [
            "the", "The", "THE", "Beijing", "BEIJING", "iPhone", "IPHONE", "PayPal", "I",
        ] {
            assert!(l.is_word(w), "{w}");
        }
        for w in ["beijing", "tHe", "Youtube", "IPhone", "moscow", "jinping"] {
            assert!(!l.is_word(w), "{w}");
        }
    }

    #[test]
    fn spellings_and_forms() {
        let l = lex();
        for w in [
            "democratisation",
            "democratization",
            "organisation",
            "organization",
            "colour",
            "color",
            "judgement",
            "programme",
            "don't",
            "don’t",
            "o'clock",
            "CEO",
            "XIV",
            "café",
            "Beijing's",
            "Beijing’s",
            "leaders'",
            "BEIJING'S",
        ] {
            assert!(l.is_word(w), "{w}");
        }
        assert!(!l.is_word("democratisationand"));
        assert!(!l.is_word(""));
        assert!(!l.is_word("'s"));
        assert!(!l.is_word("hong kong"));
    }

    #[test]
    fn proper_names() {
        let l = lex();
        for w in [
            "Moscow", "Beijing", "Russia", "China", "Russian", "Chinese", "Hong", "Kong", "Sydney",
            "Google", "MOSCOW",
        ] {
            assert!(l.is_proper_name(w), "{w}");
        }
        for w in ["moscow", "the", "The", "committee", "Committee", "Deep"] {
            assert!(!l.is_proper_name(w), "{w}");
        }
        assert!(l.is_proper_name("Brown") && !l.is_proper_name("brown") && l.is_word("brown"));
    }

    #[test]
    fn frequencies_and_bigrams() {
        let l = lex();
        assert_eq!(l.frequency("the"), 23_135_851_162);
        assert_eq!(l.frequency("THE"), l.frequency("the"));
        assert!(l.frequency("of") > l.frequency("democratisation"));
        assert_eq!(l.frequency("democratisationand"), 0);
        assert_eq!(l.frequency("of the"), 0);
        assert_eq!(l.bigram("of", "the"), 177_045_273_024);
        assert_eq!(l.bigram("Of", "THE"), l.bigram("of", "the"));
        assert!(l.bigram("hong", "kong") > 0);
        assert_eq!(l.bigram("kong", "hong"), 0);
        assert_eq!(l.lookup("the").map(|k| k.size), Some(10));
    }

    #[test]
    fn very_long_tokens_are_not_words() {
        let l = lex();
        let long = "a".repeat(200);
        assert!(!l.is_word(&long));
        assert_eq!(l.frequency(&long), 0);
        assert_eq!(l.bigram(&long, &long), 0);
        assert!(!l.is_word(&"é".repeat(40)));
    }

    #[test]
    fn user_words() {
        let mut w = UserWords::default();
        w.insert("ocrclean").unwrap();
        w.insert("WeChat").unwrap();
        let l = Lexicon::with_user_words(Arc::new(w));
        assert!(l.is_word("ocrclean") && l.is_word("Ocrclean") && l.is_word("OCRCLEAN"));
        assert!(l.is_word("WeChat") && l.is_word("WECHAT") && !l.is_word("Wechat"));
        assert!(l.is_proper_name("WeChat") && !l.is_proper_name("ocrclean"));
        assert_eq!(l.frequency("ocrclean"), USER_WORD_FREQUENCY);
        assert_eq!(l.frequency("the"), 23_135_851_162);
        assert!(l.lookup("ocrclean").is_some_and(|k| k.kinds.user()));
    }

    #[test]
    fn word_file_errors_name_the_line() {
        let mut w = UserWords::default();
        let path = Path::new("words.txt");
        let n = w
            .extend_from_bytes(path, b"# mine\nJinping\n\nocrclean  # the tool\n")
            .unwrap();
        assert_eq!(n, 2);
        let err = w
            .extend_from_bytes(path, b"ok\nHong Kong\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("words.txt:2: "), "{err}");
        assert!(err.contains("not one word"), "{err}");
        let err = w
            .extend_from_bytes(path, b"\xff\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("words.txt:1: "), "{err}");
        let err = UserWords::from_file(Path::new("/no/such/words.txt"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("/no/such/words.txt"), "{err}");
    }

    #[test]
    fn table_is_shared_and_complete() {
        let t = table();
        assert!(std::ptr::eq(t, table()));
        assert!(t.blob.len() > 1_000_000);
    }
}
