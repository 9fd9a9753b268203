//! The hooks in `.pre-commit-hooks.yaml`, run by the real pre-commit (pinned in
//! `tests/pre-commit/requirements.txt`, installed from PyPI into a temporary virtual environment)
//! on a temporary git repository with a noisy and a clean file.
//!
//! pre-commit builds the hook with `cargo install` at every `try-repo` (which uses a fresh store in
//! a temporary folder whatever `PRE_COMMIT_HOME` says), so the three runs share the build at
//! cargo's level instead: one `CARGO_TARGET_DIR` (`target/pre-commit-hook`, kept across test runs)
//! compiles the dependencies once, and the later installs only rebuild ocrclean itself. The build
//! is unoptimised (`CARGO_PROFILE_RELEASE_*`): the test checks the hooks, not the binary's speed.
//!
//! Needs `python3` (with `venv`), `git`, `cargo` and PyPI, so it is `#[ignore]`d: the README's
//! `cargo test` passes on a machine with only Rust and git, and `.ci/run` runs it with
//! `--include-ignored`. `OCRCLEAN_SKIP_PRE_COMMIT=1` skips it there too.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const NOISY: &str = "The ﬁrst\u{00A0}ferry left at dawn.   \n\n\n\nIt was oﬀ schedule.\n";
const NOISY_CLEANED: &str = "The first ferry left at dawn.\n\nIt was off schedule.\n";
const CLEAN: &str = "The council met on Tuesday.\n\nIt agreed the budget.\n";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `cmd`, failing the test with its output when it cannot start.
fn run(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {shown}: {e}"))
}

fn check(cmd: &mut Command) -> Output {
    let shown = format!("{cmd:?}");
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{shown} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A git command that ignores the caller's git environment (a test run from a git hook would
/// otherwise act on the wrong repository) and the user's configuration.
fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args([
            "-c",
            "user.name=ocrclean test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ]);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") && key != "GIT_CONFIG_GLOBAL" {
            cmd.env_remove(&key);
        }
    }
    cmd
}

/// A repository holding this working tree as it is now (committed or not, ignored files left
/// out), so pre-commit tests the code under test and can key its cache on one commit.
fn snapshot(dest: &Path) {
    let listed = check(git(root()).args([
        "ls-files",
        "-z",
        "--cached",
        "--others",
        "--exclude-standard",
    ]));
    for name in listed.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let from = root().join(&name);
        if !from.is_file() {
            continue; // deleted in the working tree but still in the index
        }
        let to = dest.join(&name);
        fs::create_dir_all(to.parent().expect("a file has a parent")).expect("mkdir");
        fs::copy(&from, &to).unwrap_or_else(|e| panic!("copying {name}: {e}"));
    }
    check(git(dest).args(["init", "-q"]));
    check(git(dest).args(["add", "-A"]));
    check(git(dest).args(["commit", "-q", "-m", "snapshot"]));
}

/// `pre-commit try-repo <snapshot> <hook> --all-files` in `work`.
fn try_repo(pre_commit: &Path, cache: &Path, repo: &Path, work: &Path, hook: &str) -> Output {
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .join("pre-commit-hook");
    let mut cmd = Command::new(pre_commit);
    cmd.current_dir(work)
        .args(["try-repo"])
        .arg(repo)
        .args([hook, "--all-files", "--color", "never"])
        .env("PRE_COMMIT_HOME", cache)
        .env("CARGO_TARGET_DIR", &target)
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256");
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GIT_") {
            cmd.env_remove(&key);
        }
    }
    run(&mut cmd)
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
#[ignore = "needs PyPI: installs pre-commit into a virtual environment (.ci/run runs it)"]
fn hooks_check_then_fix_a_repository() {
    if std::env::var_os("OCRCLEAN_SKIP_PRE_COMMIT").is_some_and(|v| v == "1") {
        eprintln!("skipped: OCRCLEAN_SKIP_PRE_COMMIT=1");
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let venv = tmp.path().join("venv");
    let started = Instant::now();
    check(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    check(
        Command::new(venv.join("bin/pip"))
            .args(["install", "-q", "--disable-pip-version-check", "-r"])
            .arg(root().join("tests/pre-commit/requirements.txt")),
    );
    let pre_commit = venv.join("bin/pre-commit");
    eprintln!(
        "pre-commit installed in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let repo = tmp.path().join("ocrclean");
    snapshot(&repo);
    let work = tmp.path().join("corpus");
    fs::create_dir_all(work.join("scans")).expect("mkdir");
    fs::write(work.join("scans/noisy.txt"), NOISY).expect("write");
    fs::write(work.join("scans/clean.txt"), CLEAN).expect("write");
    fs::write(work.join("README.md"), "Not text the hooks look at: ﬁ  \n").expect("write");
    check(git(&work).args(["init", "-q"]));
    check(git(&work).args(["add", "-A"]));
    let cache = tmp.path().join("pre-commit-cache");

    let started = Instant::now();
    let checked = try_repo(&pre_commit, &cache, &repo, &work, "ocrclean");
    eprintln!(
        "first try-repo (cargo install of the hook) took {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let out = text(&checked);
    assert_eq!(checked.status.code(), Some(1), "check should fail:\n{out}");
    assert!(
        out.contains("--- scans/noisy.txt"),
        "names the noisy file:\n{out}"
    );
    assert!(out.contains("UNI001"), "names the rule:\n{out}");
    assert!(
        !out.contains("--- scans/clean.txt"),
        "leaves the clean file:\n{out}"
    );
    assert!(!out.contains("README.md"), "only .txt files:\n{out}");
    assert_eq!(
        fs::read_to_string(work.join("scans/noisy.txt")).unwrap(),
        NOISY
    );

    let started = Instant::now();
    let fixed = try_repo(&pre_commit, &cache, &repo, &work, "ocrclean-fix");
    eprintln!("ocrclean-fix took {:.1} s", started.elapsed().as_secs_f64());
    let out = text(&fixed);
    assert_eq!(
        fixed.status.code(),
        Some(1),
        "fix reports it changed files:\n{out}"
    );
    assert!(out.contains("files were modified by this hook"), "{out}");
    assert_eq!(
        fs::read_to_string(work.join("scans/noisy.txt")).unwrap(),
        NOISY_CLEANED
    );
    assert_eq!(
        fs::read_to_string(work.join("scans/clean.txt")).unwrap(),
        CLEAN
    );

    let passed = try_repo(&pre_commit, &cache, &repo, &work, "ocrclean");
    let out = text(&passed);
    assert!(
        passed.status.success(),
        "check passes after the fix:\n{out}"
    );
    assert!(out.contains("Passed"), "{out}");
}
