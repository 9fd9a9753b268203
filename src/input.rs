//! Finding the documents to clean (files, folders, stdin) and reading them as text.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// Standard input (`-`).
    Stdin,
    /// A file; `root` is the argument it was found under (itself, or the folder that was walked),
    /// so outputs can mirror the input tree.
    File {
        /// The file.
        path: PathBuf,
        /// The command-line argument it came from.
        root: PathBuf,
    },
}

impl Source {
    /// The path of the file relative to the argument it was found under.
    pub fn relative(&self) -> PathBuf {
        match self {
            Source::Stdin => PathBuf::from("stdin.txt"),
            Source::File { path, root } if path == root => path
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| path.clone()),
            Source::File { path, root } => path.strip_prefix(root).unwrap_or(path).to_path_buf(),
        }
    }

    /// The file's path, if it is one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::File { path, .. } => Some(path),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Stdin => f.write_str("-"),
            Source::File { path, .. } => write!(f, "{}", path.display()),
        }
    }
}

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("{source_name}: cannot read: {error}")]
    Io {
        /// The document.
        source_name: String,
        /// The cause.
        error: std::io::Error,
    },
    /// The bytes are not UTF-8.
    #[error(
        "{source_name}: not valid UTF-8 at byte {offset}; convert it to UTF-8 first (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
    )]
    NotUtf8 {
        /// The document.
        source_name: String,
        /// Offset of the first bad byte.
        offset: usize,
    },
    /// UTF-16 text (it starts with a byte-order mark).
    #[error(
        "{source_name}: UTF-16 text (it starts with a {endian} byte-order mark); convert it to UTF-8 first (`iconv -f UTF-16 -t UTF-8`)"
    )]
    Utf16 {
        /// The document.
        source_name: String,
        /// `little-endian` or `big-endian`.
        endian: &'static str,
    },
    /// Binary data, not text: never cleaned, never written.
    #[error("{source_name}: binary file ({why}), skipped")]
    Binary {
        /// The document.
        source_name: String,
        /// What gave it away, and what to do when it is text after all.
        why: String,
    },
    /// Larger than one document may be.
    #[error(
        "{source_name}: larger than {limit} bytes, the most one document may hold; raise `max-document-size` (--max-document-size) to clean it"
    )]
    TooLarge {
        /// The document.
        source_name: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A line longer than one line may be.
    #[error(
        "{source_name}:{line}: a line longer than {limit} bytes, the most one line may hold{hint}; raise `max-line-length` (--max-line-length) to clean it"
    )]
    LineTooLong {
        /// The document.
        source_name: String,
        /// The line's number, from 1.
        line: usize,
        /// The limit, in bytes.
        limit: u64,
        /// What to do about it, when that can be told.
        hint: &'static str,
    },
    /// Not a regular file where only one will do (`--write` cannot replace a FIFO or a device).
    #[error("{source_name}: {kind}, not a regular file; --write rewrites regular files only")]
    NotRegular {
        /// The document.
        source_name: String,
        /// What it is: `a FIFO`, `a character device`.
        kind: &'static str,
    },
    /// A path on the command line that does not exist.
    #[error("{0}: no such file or folder")]
    Missing(String),
    /// A folder could not be walked.
    #[error("{path}: cannot list folder: {error}")]
    Walk {
        /// The folder.
        path: String,
        /// The cause.
        error: String,
    },
}

impl InputError {
    /// Whether this input is to be skipped with a note, not failed, when a folder walk found it:
    /// binary files sit among text in corpora and are not ours to clean.
    pub fn is_binary(&self) -> bool {
        matches!(self, InputError::Binary { .. })
    }
}

/// How large one document and one of its lines may be: input beyond them is refused, so that a
/// run's memory stays bounded (`/dev/zero` is not a document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes in one document.
    pub document: u64,
    /// Bytes in one line of a document (or one JSON Lines record).
    pub line: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            document: 1 << 30,
            line: 64 << 20,
        }
    }
}

/// Bytes looked at for control characters: a file mostly made of them is data, not text.
const BINARY_BLOCK: usize = 8 << 10;

/// Why `bytes` look like binary data rather than text, if they do (as ripgrep and git tell): a NUL
/// byte anywhere, or more than one byte in ten in the first block a control character that text
/// does not use.
pub fn binary(bytes: &[u8]) -> Option<String> {
    if let Some(at) = memchr::memchr(0, bytes) {
        let hint = if looks_like_utf16(bytes) {
            "; it looks like UTF-16 text without a byte-order mark: convert it with `iconv -f UTF-16LE -t UTF-8` (or UTF-16BE)"
        } else {
            ""
        };
        return Some(format!("a NUL byte at offset {at}{hint}"));
    }
    let block = &bytes[..bytes.len().min(BINARY_BLOCK)];
    // Counted in bytes a chunk at a time, which vectorises (a filtered count did not: 17
    // instructions a byte).
    let controls: usize = block
        .chunks(255)
        .map(|chunk| {
            let n = chunk.iter().fold(0u8, |n, &b| {
                let control = matches!(b, 0x01..=0x08 | 0x0E..=0x1F | 0x7F) && b != 0x1B;
                n + u8::from(control)
            });
            usize::from(n)
        })
        .sum();
    (controls >= 8 && controls * 10 > block.len()).then(|| {
        format!(
            "{controls} control characters in its first {} bytes",
            block.len()
        )
    })
}

/// Text in UTF-16 without a byte-order mark: in the first block, NULs in most pairs of bytes (the
/// high bytes of ASCII letters), nearly all on the same side.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let block = &bytes[..bytes.len().min(BINARY_BLOCK) & !1];
    let (mut even, mut odd) = (0, 0);
    for pair in block.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let pairs = block.len() / 2;
    pairs >= 2 && even.max(odd) * 2 >= pairs && even.min(odd) * 8 <= even.max(odd)
}

/// Decodes a document's bytes; bad input is refused with the offset of the first bad byte, and
/// binary data and UTF-16 with what they are.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    if let Some(endian) = utf16_bom(&bytes) {
        return Err(InputError::Utf16 {
            source_name: name.to_string(),
            endian,
        });
    }
    if let Some(why) = binary(&bytes) {
        return Err(InputError::Binary {
            source_name: name.to_string(),
            why,
        });
    }
    String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        source_name: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// `little-endian` or `big-endian` when `bytes` start with a UTF-16 byte-order mark.
fn utf16_bom(bytes: &[u8]) -> Option<&'static str> {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some("little-endian"),
        Some([0xFE, 0xFF]) => Some("big-endian"),
        _ => None,
    }
}

/// A document as read.
#[derive(Debug)]
pub struct Document {
    /// Its text.
    pub text: String,
    /// The file's metadata, taken before it was read (none for stdin).
    pub metadata: Option<std::fs::Metadata>,
}

impl Document {
    /// Whether the document came from a regular file, so that it can be read again.
    pub fn rereadable(&self) -> bool {
        self.metadata
            .as_ref()
            .is_some_and(std::fs::Metadata::is_file)
    }
}

/// Reads a document whole.
pub fn read(source: &Source) -> Result<String, InputError> {
    read_document(source, Limits::default()).map(|d| d.text)
}

/// Reads a document whole, within `limits`, with the file's metadata as it was before reading.
pub fn read_document(source: &Source, limits: Limits) -> Result<Document, InputError> {
    let name = source.to_string();
    let io = |error| InputError::Io {
        source_name: name.clone(),
        error,
    };
    let too_large = || InputError::TooLarge {
        source_name: name.clone(),
        limit: limits.document,
    };
    let (bytes, metadata) = match source {
        Source::Stdin => (
            read_capped(std::io::stdin().lock(), &name, limits.document, 0)?,
            None,
        ),
        Source::File { path, .. } => {
            let file = std::fs::File::open(path).map_err(io)?;
            let meta = file.metadata().map_err(io)?;
            if meta.is_file() && meta.len() > limits.document {
                return Err(too_large());
            }
            // A regular file's size is known: read into a buffer of that size, not one grown by
            // doubling (up to twice the document).
            let size = if meta.is_file() { meta.len() } else { 0 };
            (read_capped(file, &name, limits.document, size)?, Some(meta))
        }
    };
    let text = decode(&name, bytes)?;
    check_lines(&name, &text, limits.line)?;
    Ok(Document { text, metadata })
}

/// Everything `reader` holds, refused when it is more than `limit` bytes. The first block is
/// read and looked at alone first, so binary data (`/dev/zero`, an image) is refused before any
/// more of it is read. `size` is how many bytes the reader is expected to hold (0: unknown).
fn read_capped(
    mut reader: impl Read,
    name: &str,
    limit: u64,
    size: u64,
) -> Result<Vec<u8>, InputError> {
    let io = |error| InputError::Io {
        source_name: name.to_string(),
        error,
    };
    let mut bytes = Vec::new();
    let block = (BINARY_BLOCK as u64).min(limit.saturating_add(1));
    (&mut reader)
        .take(block)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if utf16_bom(&bytes).is_none()
        && let Some(why) = binary(&bytes)
    {
        return Err(InputError::Binary {
            source_name: name.to_string(),
            why,
        });
    }
    let rest = limit.saturating_add(1).saturating_sub(bytes.len() as u64);
    // One byte more than expected, so reaching the end needs no second allocation.
    let more = (size.saturating_add(1))
        .saturating_sub(bytes.len() as u64)
        .min(rest);
    bytes.reserve_exact(usize::try_from(more).unwrap_or(0));
    reader.take(rest).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            source_name: name.to_string(),
            limit,
        });
    }
    Ok(bytes)
}

/// Refuses a text with a line longer than `limit` bytes.
pub fn check_lines(name: &str, text: &str, limit: u64) -> Result<(), InputError> {
    let limit_usize = usize::try_from(limit).unwrap_or(usize::MAX);
    if text.len() <= limit_usize {
        return Ok(());
    }
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for (n, end) in ends.enumerate() {
        if end - start > limit_usize {
            let line = &text.as_bytes()[start..end];
            let hint = if memchr::memchr(b'\r', line).is_some() {
                " (its lines seem to end in CR alone: `tr '\\r' '\\n'` converts them)"
            } else {
                ""
            };
            return Err(InputError::LineTooLong {
                source_name: name.to_string(),
                line: n + 1,
                limit,
                hint,
            });
        }
        start = end + 1;
    }
    Ok(())
}

/// Expands command-line arguments into documents, in a stable order: files as given, folders
/// walked recursively (respecting `.gitignore`, skipping hidden files) keeping files that match
/// one of `globs`, sorted by path. Problems are returned beside the documents found, so one bad
/// argument does not stop the others.
pub fn expand(args: &[PathBuf], globs: &[String]) -> (Vec<Source>, Vec<InputError>) {
    let found = expand_except(args, globs, &[]);
    (found.sources, found.errors)
}

/// What the command-line arguments expand to.
#[derive(Debug, Default)]
pub struct Expanded {
    /// The documents, in order.
    pub sources: Vec<Source>,
    /// Arguments that could not be used.
    pub errors: Vec<InputError>,
    /// Folders in which no file matched the globs.
    pub empty: Vec<PathBuf>,
}

/// As [`expand`], never walking into the folders `exclude` names (an output folder inside the
/// input tree, say), and naming the folders where nothing matched.
pub fn expand_except(args: &[PathBuf], globs: &[String], exclude: &[PathBuf]) -> Expanded {
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut found = Expanded::default();
    for arg in args {
        if arg.as_os_str() == "-" {
            found.sources.push(Source::Stdin);
        } else if arg.is_dir() {
            let before = found.sources.len();
            walk(arg, globs, &exclude, &mut found.sources, &mut found.errors);
            if found.sources.len() == before {
                found.empty.push(arg.clone());
            }
        } else if arg.exists() {
            found.sources.push(Source::File {
                path: arg.clone(),
                root: arg.clone(),
            });
        } else {
            found.errors.push(missing(arg));
        }
    }
    found
}

/// Why `arg` cannot be found: a symbolic link that leads nowhere (or round in a loop) is not a
/// missing file.
fn missing(arg: &Path) -> InputError {
    match (arg.symlink_metadata(), std::fs::metadata(arg)) {
        (Ok(_), Err(error)) => InputError::Io {
            source_name: arg.display().to_string(),
            error: match error.kind() {
                std::io::ErrorKind::NotFound => std::io::Error::new(
                    error.kind(),
                    "a symbolic link to a file that does not exist",
                ),
                _ => error,
            },
        },
        _ => InputError::Missing(arg.display().to_string()),
    }
}

fn walk(
    dir: &Path,
    globs: &[String],
    exclude: &[PathBuf],
    sources: &mut Vec<Source>,
    errors: &mut Vec<InputError>,
) {
    let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
    for g in globs {
        if let Err(e) = overrides.add(g) {
            errors.push(InputError::Walk {
                path: dir.display().to_string(),
                error: format!("bad --glob {g:?}: {e}"),
            });
            return;
        }
    }
    let overrides = match overrides.build() {
        Ok(o) => o,
        Err(e) => {
            errors.push(InputError::Walk {
                path: dir.display().to_string(),
                error: e.to_string(),
            });
            return;
        }
    };
    let exclude = exclude.to_vec();
    let walker = ignore::WalkBuilder::new(dir)
        .overrides(overrides)
        // Respect .gitignore even outside a git repository: a corpus folder copied elsewhere
        // keeps its ignore rules.
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            exclude.is_empty()
                || e.depth() == 0
                || !e.file_type().is_some_and(|t| t.is_dir())
                || std::fs::canonicalize(e.path()).is_ok_and(|p| !exclude.contains(&p))
        })
        .build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => sources.push(Source::File {
                path: e.into_path(),
                root: dir.to_path_buf(),
            }),
            Ok(_) => {}
            Err(e) => errors.push(InputError::Walk {
                path: dir.display().to_string(),
                error: e.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_utf8_names_the_offset() {
        let err = decode("x.txt", b"abc\xffdef".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt: not valid UTF-8 at byte 3; convert it to UTF-8 first (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
        );
    }

    #[test]
    fn utf16_is_recognised() {
        let err = decode("x.txt", vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(matches!(err, InputError::Utf16 { .. }), "{err}");
        assert!(
            err.to_string().contains("iconv -f UTF-16 -t UTF-8"),
            "{err}"
        );
        assert!(!err.to_string().contains("WINDOWS-1252"), "{err}");
    }

    #[test]
    fn binary_data_is_recognised() {
        for (bytes, why) in [
            (vec![0u8; 64], "a NUL byte at offset 0"),
            (b"text\n\0\0\0\0".to_vec(), "a NUL byte at offset 5"),
            (
                [1u8, 2, 3, 4, 5, 6, 7, 8].repeat(4),
                "32 control characters",
            ),
        ] {
            let err = decode("x.bin", bytes).unwrap_err();
            assert!(err.is_binary(), "{err}");
            assert!(err.to_string().contains(why), "{err}");
        }
        let utf16: Vec<u8> = "The first ferry"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let err = decode("x.txt", utf16).unwrap_err();
        assert!(err.to_string().contains("UTF-16LE"), "{err}");
        // Text with a stray control character or two is text.
        assert!(decode("x.txt", b"The \x07ferry\x0c left.\n".to_vec()).is_ok());
    }

    #[test]
    fn limits_are_checked() {
        let err = check_lines("x.txt", "short\nmuch longer line\nok\n", 8).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("x.txt:2: a line longer than 8 bytes"),
            "{err}"
        );
        let err = check_lines("x.txt", "one\rtwo\rthree\r", 8).unwrap_err();
        assert!(err.to_string().contains("CR alone"), "{err}");
        assert!(check_lines("x.txt", "12345678\n12345678", 8).is_ok());
        let err = read_capped(&b"123456789"[..], "x.txt", 8, 0).unwrap_err();
        assert!(
            matches!(err, InputError::TooLarge { limit: 8, .. }),
            "{err}"
        );
        assert_eq!(
            read_capped(&b"12345678"[..], "x.txt", 8, 0).unwrap(),
            b"12345678"
        );
        // An endless stream of NULs is refused after its first block.
        let err = read_capped(std::io::repeat(0), "/dev/zero", u64::MAX, 0).unwrap_err();
        assert!(err.is_binary(), "{err}");
        let err = read_capped(std::io::repeat(b'a'), "yes", 1 << 20, 0).unwrap_err();
        assert!(matches!(err, InputError::TooLarge { .. }), "{err}");
    }

    #[test]
    fn a_file_is_read_into_a_buffer_of_its_size() {
        // Grown by doubling, the buffer of a 1 GB document could hold 2 GB.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.txt");
        let text = "The ferry left the harbour at dawn.\n".repeat(10_000);
        std::fs::write(&path, &text).unwrap();
        let source = Source::File {
            root: path.clone(),
            path,
        };
        let doc = read_document(&source, Limits::default()).unwrap();
        assert_eq!(doc.text, text);
        assert!(
            doc.text.capacity() <= text.len() + 1,
            "{}",
            doc.text.capacity()
        );
    }

    #[test]
    fn relative_paths() {
        let f = Source::File {
            path: PathBuf::from("corpus/a/b.txt"),
            root: PathBuf::from("corpus"),
        };
        assert_eq!(f.relative(), PathBuf::from("a/b.txt"));
        let f = Source::File {
            path: PathBuf::from("corpus/a/b.txt"),
            root: PathBuf::from("corpus/a/b.txt"),
        };
        assert_eq!(f.relative(), PathBuf::from("b.txt"));
    }
}
