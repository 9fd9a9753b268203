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
        "{source_name}: not valid UTF-8 at byte {offset}{hint}; convert it to UTF-8 first (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)"
    )]
    NotUtf8 {
        /// The document.
        source_name: String,
        /// Offset of the first bad byte.
        offset: usize,
        /// What the bytes look like, when that helps.
        hint: &'static str,
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

/// Decodes a document's bytes; bad input is refused with the offset of the first bad byte.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let hint = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            " (it starts with a UTF-16 byte-order mark)"
        } else {
            ""
        };
        InputError::NotUtf8 {
            source_name: name.to_string(),
            offset: e.utf8_error().valid_up_to(),
            hint,
        }
    })
}

/// Reads a document whole.
pub fn read(source: &Source) -> Result<String, InputError> {
    let name = source.to_string();
    let io = |error| InputError::Io {
        source_name: name.clone(),
        error,
    };
    let bytes = match source {
        Source::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin().lock().read_to_end(&mut buf).map_err(io)?;
            buf
        }
        Source::File { path, .. } => std::fs::read(path).map_err(io)?,
    };
    decode(&name, bytes)
}

/// Expands command-line arguments into documents, in a stable order: files as given, folders
/// walked recursively (respecting `.gitignore`, skipping hidden files) keeping files that match
/// one of `globs`, sorted by path. Problems are returned beside the documents found, so one bad
/// argument does not stop the others.
pub fn expand(args: &[PathBuf], globs: &[String]) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        if arg.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if arg.is_dir() {
            walk(arg, globs, &mut sources, &mut errors);
        } else if arg.exists() {
            sources.push(Source::File {
                path: arg.clone(),
                root: arg.clone(),
            });
        } else {
            errors.push(InputError::Missing(arg.display().to_string()));
        }
    }
    (sources, errors)
}

fn walk(dir: &Path, globs: &[String], sources: &mut Vec<Source>, errors: &mut Vec<InputError>) {
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
    let walker = ignore::WalkBuilder::new(dir)
        .overrides(overrides)
        // Respect .gitignore even outside a git repository: a corpus folder copied elsewhere
        // keeps its ignore rules.
        .require_git(false)
        .sort_by_file_path(|a, b| a.cmp(b))
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
        assert!(err.to_string().contains("UTF-16"), "{err}");
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
