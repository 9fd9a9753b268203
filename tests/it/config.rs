//! `ocrclean.toml`, per-path overrides, suppressions and `config --dump`, through the binary.

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

const NOISY: &str = "The ﬁrst  ferry.\n";

fn project(config: &str, files: &[(&str, &str)]) -> TempDir {
    let dir = TempDir::new().expect("tmp");
    fs::write(dir.path().join("ocrclean.toml"), config).expect("config");
    for (name, text) in files {
        let p = dir.path().join(name);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
    }
    dir
}

fn ocrclean(dir: &TempDir) -> Command {
    let mut cmd = Command::cargo_bin("ocrclean").expect("binary");
    cmd.current_dir(dir.path());
    cmd
}

#[test]
fn config_select_and_ignore_change_what_runs() {
    let dir = project("ignore = [\"WSP\"]\n", &[("a.txt", NOISY)]);
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout("The first  ferry.\n");
    let dir = project("select = [\"WSP\"]\n", &[("a.txt", NOISY)]);
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout("The ﬁrst ferry.\n");
    // The command line wins over the file.
    ocrclean(&dir)
        .args(["clean", "--select", "UNI", "a.txt"])
        .assert()
        .success()
        .stdout("The first  ferry.\n");
}

#[test]
fn the_config_is_found_from_a_subfolder() {
    let dir = project("select = [\"WSP\"]\n", &[("sub/a.txt", NOISY)]);
    let mut cmd = Command::cargo_bin("ocrclean").expect("binary");
    cmd.current_dir(dir.path().join("sub"))
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout("The ﬁrst ferry.\n");
    let mut cmd = Command::cargo_bin("ocrclean").expect("binary");
    cmd.current_dir(dir.path().join("sub"))
        .args(["clean", "--no-config", "a.txt"])
        .assert()
        .success()
        .stdout("The first ferry.\n");
}

#[test]
fn per_path_overrides_change_what_runs_there() {
    let config = "[[override]]\npaths = [\"archive/**\"]\nignore = [\"UNI001\"]\n";
    let dir = project(config, &[("archive/old.txt", NOISY), ("new.txt", NOISY)]);
    ocrclean(&dir)
        .args(["clean", "--out-dir", "out", "archive", "new.txt"])
        .assert()
        .code(1);
    assert_eq!(
        fs::read_to_string(dir.path().join("out/old.txt")).expect("out"),
        "The ﬁrst ferry.\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("out/new.txt")).expect("out"),
        "The first ferry.\n"
    );
}

#[test]
fn suppression_protects_its_text_and_unused_ones_are_reported() {
    let config = r#"
[[suppress]]
code = "UNI001"
text = "ﬁrst"

[[suppress]]
paths = ["elsewhere/**"]
code = "UNI"
text = "never"
"#;
    let dir = project(config, &[("a.txt", "The ﬁrst ﬂoor.\n")]);
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout("The ﬁrst floor.\n")
        .stderr(
            predicate::str::contains("unused suppression")
                .and(predicate::str::contains("#2"))
                .and(predicate::str::contains("#1").not()),
        );
}

#[test]
fn ignore_file_suppresses_too() {
    let dir = project(
        "",
        &[
            ("a.txt", "The ﬁrst ﬂoor.\n"),
            (".ocrclean-ignore", "*.txt UNI001 ﬂoor\n"),
        ],
    );
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout("The first ﬂoor.\n");
}

#[test]
fn unknown_key_is_an_error_with_the_closest_key() {
    let dir = project(
        "select = [\"UNI\"]\nunsafe_fixes = true\n",
        &[("a.txt", NOISY)],
    );
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ocrclean.toml:2: unknown key `unsafe_fixes`; did you mean `unsafe-fixes`?",
        ));
}

#[test]
fn config_dump_shows_the_effective_configuration() {
    let dir = project("ignore = [\"WSP002\"]\n", &[]);
    ocrclean(&dir)
        .args(["config", "--dump", "--extend-select", "UNI001"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("ocrclean.toml")
                .and(predicate::str::contains("ignore = [\"WSP002\"]"))
                .and(predicate::str::contains("extend-select = [\"UNI001\"]"))
                .and(predicate::str::is_match("# default selection: .*UNI001").expect("regex")),
        );
}

#[test]
fn user_words_make_a_join_known() {
    let text = "President Xi Jin-\nping said so.\n";
    let dir = project("", &[("a.txt", text), ("names.txt", "# people\nJinping\n")]);
    // Unknown: left as it is, and reported.
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout(text);
    ocrclean(&dir)
        .args(["clean", "--words", "names.txt", "a.txt"])
        .assert()
        .success()
        .stdout("President Xi Jinping\nsaid so.\n");
    let dir = project("extend-words = [\"Jinping\"]\n", &[("a.txt", text)]);
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout("President Xi Jinping\nsaid so.\n");
    let dir = project(
        "",
        &[("a.txt", text), ("bad.txt", "Jinping\nnot one word\n")],
    );
    ocrclean(&dir)
        .args(["clean", "--words", "bad.txt", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.txt:2"));
}

/// An article with a caption wedged into a sentence.
const WEDGED: &str = "The minister said the agreement marked the end of a long period of mistrust between the two ports and\n\nAna Ruiz and Tomas Berg meet in Valencia yesterday. opened a new chapter for the fishing fleets, she said.\n\nTalks resume next month.\n";
const REJOINED: &str = "The minister said the agreement marked the end of a long period of mistrust between the two ports and opened a new chapter for the fishing fleets, she said.\n\n";
const CAPTION: &str = "Ana Ruiz and Tomas Berg meet in Valencia yesterday.";

#[test]
fn captions_placement_from_the_config_and_the_command_line() {
    let end = format!("{REJOINED}Talks resume next month.\n\n{CAPTION}\n");
    let keep = format!("{REJOINED}{CAPTION}\n\nTalks resume next month.\n");
    let drop = format!("{REJOINED}Talks resume next month.\n");
    // Default: after the article.
    let dir = project("unsafe-fixes = true\n", &[("a.txt", WEDGED)]);
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout(end.clone());
    let dir = project(
        "unsafe-fixes = true\ncaptions = \"keep\"\n",
        &[("a.txt", WEDGED)],
    );
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .success()
        .stdout(keep);
    // The command line wins over the file.
    ocrclean(&dir)
        .args(["clean", "--captions", "drop", "a.txt"])
        .assert()
        .success()
        .stdout(drop);
    ocrclean(&dir)
        .args(["clean", "--captions", "end", "a.txt"])
        .assert()
        .success()
        .stdout(end);
}

#[test]
fn config_dump_shows_the_caption_placement() {
    let dir = project("", &[]);
    ocrclean(&dir)
        .args(["config", "--dump"])
        .assert()
        .success()
        .stdout(predicate::str::contains("captions = \"end\""));
    let dir = project("captions = \"drop\"\n", &[]);
    ocrclean(&dir)
        .args(["config", "--dump"])
        .assert()
        .success()
        .stdout(predicate::str::contains("captions = \"drop\""));
    ocrclean(&dir)
        .args(["config", "--dump", "--captions", "keep"])
        .assert()
        .success()
        .stdout(predicate::str::contains("captions = \"keep\""));
}

#[test]
fn a_bad_caption_placement_is_an_error() {
    let dir = project(
        "select = [\"UNI\"]\ncaptions = \"middle\"\n",
        &[("a.txt", NOISY)],
    );
    ocrclean(&dir)
        .args(["clean", "a.txt"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("ocrclean.toml:2:")
                .and(predicate::str::contains("`end`, `keep`")),
        );
    ocrclean(&dir)
        .args(["clean", "--no-config", "--captions", "middle", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values: end, keep, drop"));
}
