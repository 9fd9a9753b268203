//! Lines of a text, and which are blank.

/// One line of a text, as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Where the line starts.
    pub start: usize,
    /// Where its text starts (after indentation: spaces and tabs); equals `end` on a blank line.
    pub text: usize,
    /// Where its text ends (trailing spaces, tabs and the `\r` of a CRLF ending trimmed).
    pub end: usize,
    /// Where the next line starts (after the newline), or the text's length.
    pub next: usize,
}

impl Line {
    /// Whether the line is blank (see [`is_blank`]).
    #[inline]
    pub fn is_blank(&self) -> bool {
        self.text >= self.end
    }
}

/// The lines of `text`, in order. A final newline does not start an empty last line.
///
/// ```
/// use ocrclean::text::lines;
/// let t = "  a b  \n\n c\r\n";
/// let ls: Vec<_> = lines(t).collect();
/// assert_eq!(ls.len(), 3);
/// assert_eq!(&t[ls[0].text..ls[0].end], "a b");
/// assert!(ls[1].is_blank());
/// assert_eq!(&t[ls[2].text..ls[2].end], "c");
/// assert_eq!(ls[2].next, t.len());
/// ```
pub fn lines(text: &str) -> Lines<'_> {
    Lines {
        bytes: text.as_bytes(),
        pos: 0,
    }
}

/// Iterator of [`Line`]s.
#[derive(Debug, Clone)]
pub struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Iterator for Lines<'_> {
    type Item = Line;

    #[inline]
    fn next(&mut self) -> Option<Line> {
        let bytes = self.bytes;
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        let stop = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let next = (stop + 1).min(bytes.len());
        let mut end = stop;
        while end > start && matches!(bytes[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        let mut text = start;
        while text < end && matches!(bytes[text], b' ' | b'\t') {
            text += 1;
        }
        self.pos = next;
        Some(Line {
            start,
            text,
            end,
            next,
        })
    }
}

/// Whether a line (without its `\n`) is blank: nothing but spaces, tabs and carriage returns.
///
/// ```
/// use ocrclean::text::is_blank;
/// assert!(is_blank("") && is_blank(" \t\r") && !is_blank(" x "));
/// ```
#[inline]
pub fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Whether `bytes` are nothing but spaces and tabs: [`is_blank`] for a stage that reads a `\r`
/// left inside a line as text (the whitespace stage, in a document that mixes line endings,
/// where a `\r` belongs to a line ending it may rewrite).
#[inline]
pub fn is_spaces(bytes: &[u8]) -> bool {
    bytes.iter().all(|&b| b == b' ' || b == b'\t')
}
