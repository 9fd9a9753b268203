//! What the CLI test modules share: the binary, scratch folders, a noisy text and its cleaning.

use std::fs;

use assert_cmd::Command;
use tempfile::TempDir;

/// A document with a ligature, a no-break space, runs of spaces, trailing spaces and blank lines.
pub const NOISY: &str = "The ﬁrst\u{00A0}ferry  left at dawn.   \n\n\n\nIt was oﬀ schedule.\n";
/// What the default pipeline makes of [`NOISY`].
pub const CLEAN: &str = "The first ferry left at dawn.\n\nIt was off schedule.\n";

/// The binary, run with no configuration file.
pub fn ocrclean() -> Command {
    let mut cmd = Command::cargo_bin("ocrclean").expect("binary builds");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// `ocrclean clean --no-config`.
pub fn clean() -> Command {
    let mut cmd = ocrclean();
    cmd.args(["clean", "--no-config"]);
    cmd
}

/// A temporary folder holding `files` (paths relative to it).
pub fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for (name, content) in files {
        let path = dir.path().join(name);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, content).expect("write");
    }
    dir
}

/// The names in a folder, sorted.
pub fn names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
