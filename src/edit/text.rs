//! The strings a [`Change`](super::Change) holds, kept small: a large document has a change every
//! few dozen bytes (390,000 in 16 MB of OCR text), and a heap allocation for each change's
//! before, after and reason text held more memory than the document itself.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};

/// Bytes a [`Snippet`] holds without a heap allocation: as many as fit beside its length in the
/// size of a `String`.
const INLINE: usize = 22;

/// A change's before or after text: inline when short (a space, a line break, a word), on the
/// heap otherwise. Reads as a `str`.
///
/// ```
/// use ocrclean::edit::Snippet;
/// let s = Snippet::from("ﬁ");
/// assert_eq!(s, "ﬁ");
/// assert_eq!(s.len(), 3);
/// assert_eq!(format!("{s:?}"), "\"ﬁ\"");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Snippet(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// Up to [`INLINE`] bytes: `len` of `bytes` are the text.
    Inline { len: u8, bytes: [u8; INLINE] },
    /// Longer text (never [`INLINE`] bytes or fewer, so that equal texts are equal values).
    Heap(Box<str>),
}

impl Snippet {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Built from a whole `str` of `len` bytes: always valid UTF-8.
            Repr::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)])
                .unwrap_or_else(|_| unreachable!("an inline snippet is a whole str")),
            Repr::Heap(s) => s,
        }
    }
}

impl From<&str> for Snippet {
    fn from(s: &str) -> Snippet {
        if s.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Snippet(Repr::Inline {
                len: s.len() as u8,
                bytes,
            })
        } else {
            Snippet(Repr::Heap(s.into()))
        }
    }
}

impl From<String> for Snippet {
    fn from(s: String) -> Snippet {
        if s.len() <= INLINE {
            Snippet::from(s.as_str())
        } else {
            Snippet(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<Cow<'_, str>> for Snippet {
    fn from(s: Cow<'_, str>) -> Snippet {
        match s {
            Cow::Borrowed(s) => Snippet::from(s),
            Cow::Owned(s) => Snippet::from(s),
        }
    }
}

impl Default for Snippet {
    fn default() -> Snippet {
        Snippet::from("")
    }
}

/// The shared string behind a [`Reason`].
type Shared = Arc<str>;

/// Why a rule made a change. Cheap to clone: the changes of one document that give the same
/// reason share one copy of it ([`Reasons`]).
///
/// ```
/// use ocrclean::edit::Reason;
/// let r = Reason::from("run of spaces");
/// assert_eq!(r, "run of spaces");
/// assert_eq!(r.to_string(), "run of spaces");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reason(Shared);

impl Reason {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Reason {
    fn from(s: &str) -> Reason {
        Reason(s.into())
    }
}

impl From<String> for Reason {
    fn from(s: String) -> Reason {
        Reason(s.into())
    }
}

impl From<Cow<'_, str>> for Reason {
    fn from(s: Cow<'_, str>) -> Reason {
        Reason(s.into())
    }
}

/// The reasons given in one document, each kept once: a stage that explains every edit in the
/// same words (a line break joined in a paragraph of lines of about 78 characters) would
/// otherwise hold one copy per edit.
#[derive(Debug, Default, Clone)]
pub(crate) struct Reasons {
    seen: FxHashMap<Shared, ()>,
}

impl Reasons {
    /// The shared copy of `reason`.
    pub fn intern(&mut self, reason: &str) -> Reason {
        if let Some((shared, ())) = self.seen.get_key_value(reason) {
            return Reason(shared.clone());
        }
        let shared: Shared = reason.into();
        self.seen.insert(shared.clone(), ());
        Reason(shared)
    }
}

macro_rules! reads_as_str {
    ($t:ty) => {
        impl Deref for $t {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self.as_str(), f)
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl PartialEq<String> for $t {
            fn eq(&self, other: &String) -> bool {
                self.as_str() == other
            }
        }
    };
}

reads_as_str!(Snippet);
reads_as_str!(Reason);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_is_the_size_of_a_string_and_keeps_short_text_inline() {
        assert_eq!(size_of::<Snippet>(), size_of::<String>());
        for text in [
            "",
            " ",
            "\n",
            "ﬁ",
            "twenty-two bytes, yes.",
            "twenty-three bytes, no.",
        ] {
            let s = Snippet::from(text);
            assert_eq!(s, text);
            assert_eq!(s, Snippet::from(text.to_string()));
            assert_eq!(matches!(s.0, Repr::Inline { .. }), text.len() <= INLINE);
        }
    }

    #[test]
    fn equal_reasons_of_a_document_share_one_copy() {
        let mut reasons = Reasons::default();
        let a = reasons.intern("line break inside a paragraph");
        let b = reasons.intern(&format!("line break inside a {}", "paragraph"));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert_ne!(a, reasons.intern("run of spaces"));
    }
}
