//! Refusing runs whose outputs would destroy something: a copy under `--out-dir` or a review page
//! written over an input, or a review page written over a file that is not an earlier one.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use ocrclean::input::Source;

/// The inputs of a run, as the files they resolve to (through symbolic links and `..`).
pub struct Inputs {
    files: HashSet<PathBuf>,
}

impl Inputs {
    /// The files of `sources` (stdin is no file) that exist.
    pub fn new(sources: &[Source]) -> Inputs {
        let mut resolver = Resolver::default();
        let files = sources
            .iter()
            .filter_map(Source::path)
            .filter(|p| p.exists())
            .map(|p| resolver.resolve(p))
            .collect();
        Inputs { files }
    }

    /// Whether writing to `path` would overwrite an input.
    pub fn contains(&self, path: &Path) -> bool {
        self.holds(&resolve(path))
    }

    /// Whether `resolved` (a path as [`resolve`] or [`Resolver`] gives it) is an input.
    pub fn holds(&self, resolved: &Path) -> bool {
        self.files.contains(resolved)
    }
}

/// [`resolve`] for many paths, each folder resolved once: resolving every path of a run on its
/// own (`realpath` reads each component of the path as a link, and a path that does not exist
/// yet is resolved prefix by prefix) cost 22 failing `readlink` calls per file of a 300-file
/// `--out-dir` run (strace -c), and the lead measured 59,943 for 2,600 files. A file's own name
/// costs one `lstat`: only a link is resolved further.
#[derive(Default)]
pub struct Resolver {
    folders: HashMap<PathBuf, PathBuf>,
}

impl Resolver {
    /// Where `path` leads, as [`resolve`] says.
    pub fn resolve(&mut self, path: &Path) -> PathBuf {
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return resolve(path);
        };
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        let folder = match self.folders.get(parent) {
            Some(f) => f,
            None => self
                .folders
                .entry(parent.to_path_buf())
                .or_insert_with(|| resolve(parent)),
        };
        let joined = folder.join(name);
        match std::fs::symlink_metadata(&joined) {
            Ok(m) if m.file_type().is_symlink() => resolve(&joined),
            _ => joined,
        }
    }
}

/// Where `path` leads, whether or not it exists yet: each existing prefix resolved (links
/// followed), `.` and `..` applied to the rest.
pub fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    let absolute = std::env::current_dir()
        .map(|d| d.join(path))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(p) = std::fs::canonicalize(&out) {
                    out = p;
                }
            }
        }
    }
    out
}

/// Refuses a review page at `page` that would overwrite an input, land inside the `--out-dir`
/// mirror, or replace a file that is not an earlier review page (unless `overwrite`).
pub fn check_report(
    page: &Path,
    inputs: &Inputs,
    out_dir: Option<&Path>,
    overwrite: bool,
) -> anyhow::Result<()> {
    let shown = page.display();
    anyhow::ensure!(
        !inputs.contains(page),
        "--report {shown} is one of the inputs; the page would replace it: choose another name"
    );
    if let Some(dir) = out_dir {
        anyhow::ensure!(
            !resolve(page).starts_with(resolve(dir)),
            "--report {shown} is inside --out-dir {}, where the cleaned copies go: choose a path \
             outside it",
            dir.display()
        );
    }
    match std::fs::metadata(page) {
        Err(_) => Ok(()),
        Ok(m) if m.is_dir() => anyhow::bail!("--report {shown} is a folder: give a file name"),
        Ok(_) if overwrite || is_review_page(page) => Ok(()),
        Ok(_) => anyhow::bail!(
            "--report {shown} exists and is not an ocrclean review page; choose another name, or \
             give --overwrite-report to replace it"
        ),
    }
}

/// Whether the file at `path` is a review page an earlier run wrote: its head names ocrclean as
/// its generator.
fn is_review_page(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok()
        && head.starts_with(b"<!DOCTYPE html>")
        && memchr::memmem::find(&head, b"<meta name=\"generator\" content=\"ocrclean").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_that_do_not_exist_yet() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::create_dir(root.join("in")).expect("mkdir");
        assert_eq!(
            resolve(&root.join("in/new/../a.txt")),
            root.join("in/a.txt")
        );
        assert_eq!(
            resolve(&root.join("out/./x/b.txt")),
            root.join("out/x/b.txt")
        );
    }

    #[test]
    fn a_resolver_resolves_as_resolve_does() {
        let dir = tempfile::tempdir().expect("tmp");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::create_dir_all(root.join("in/sub")).expect("mkdir");
        std::fs::write(root.join("in/sub/a.txt"), "a\n").expect("write");
        std::os::unix::fs::symlink(root.join("in/sub"), root.join("linked")).expect("link");
        std::os::unix::fs::symlink(root.join("in/sub/a.txt"), root.join("in/b.txt")).expect("link");
        let mut resolver = Resolver::default();
        for p in [
            "in/sub/a.txt",
            "linked/a.txt",
            "in/b.txt",
            "linked/new.txt",
            "out/x/../new.txt",
            "in/sub/../sub/a.txt",
        ] {
            let path = root.join(p);
            assert_eq!(resolver.resolve(&path), resolve(&path), "{p}");
        }
        assert_eq!(
            resolver.resolve(&root.join("in/b.txt")),
            root.join("in/sub/a.txt")
        );
    }

    #[test]
    fn a_page_may_replace_only_an_earlier_page() {
        let dir = tempfile::tempdir().expect("tmp");
        let input = dir.path().join("a.txt");
        let other = dir.path().join("notes.html");
        let page = dir.path().join("review.html");
        std::fs::write(&input, "text\n").expect("write");
        std::fs::write(&other, "<!DOCTYPE html><p>mine</p>").expect("write");
        std::fs::write(
            &page,
            "<!DOCTYPE html>\n<html>\n<meta name=\"generator\" content=\"ocrclean 0.1.0\">",
        )
        .expect("write");
        let inputs = Inputs::new(&[Source::File {
            path: input.clone(),
            root: input.clone(),
        }]);
        let err = check_report(&input, &inputs, None, true).expect_err("an input");
        assert!(err.to_string().contains("is one of the inputs"), "{err}");
        let err = check_report(&other, &inputs, None, false).expect_err("not a page");
        assert!(err.to_string().contains("--overwrite-report"), "{err}");
        check_report(&other, &inputs, None, true).expect("forced");
        check_report(&page, &inputs, None, false).expect("an earlier page");
        let out = dir.path().join("out");
        let err = check_report(&out.join("r.html"), &inputs, Some(&out), false)
            .expect_err("in the mirror");
        assert!(err.to_string().contains("inside --out-dir"), "{err}");
    }
}
