//! Hostile configurations: thousands of user patterns share one budget of compiled size, and
//! the pattern that broke it is named.

use std::fmt::Write as _;

use predicates::prelude::*;

use crate::util::{NOISY, folder, ocrclean};

#[test]
fn five_thousand_suppression_patterns_are_refused_at_the_one_over_the_budget() {
    let mut ignore = String::new();
    for i in 0..5000 {
        let _ = writeln!(ignore, "* SPL /harbour\\w{{2,8}}[a-z]+(ing|ed)?{i}/");
    }
    let dir = folder(&[
        ("ocrclean.toml", b"select = [\"UNI\", \"SPL\"]\n"),
        (".ocrclean-ignore", ignore.as_bytes()),
        ("a.txt", NOISY.as_bytes()),
    ]);
    let out = ocrclean()
        .current_dir(dir.path())
        .args(["clean", "--check", "a.txt"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8(out.stderr).expect("utf8");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    // The line and the pattern that broke the limit, and what to do.
    let at = stderr
        .split(".ocrclean-ignore:")
        .nth(1)
        .and_then(|s| s.split(':').next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("a line number");
    assert!((2..5000).contains(&at), "{stderr}");
    assert!(
        stderr.contains(&format!("[a-z]+(ing|ed)?{}", at - 1)) && stderr.contains("64 MB"),
        "{stderr}"
    );
}

#[test]
fn line_patterns_over_the_budget_name_the_rule_and_pattern() {
    let mut pack = String::from(
        "[[rule]]\ncode = \"FUR901\"\nname = \"many-lines\"\nstage = \"furniture\"\nsafe = false\n\
         description = \"Many line patterns.\"\nline-patterns = [\n",
    );
    // About 0.5 MB compiled each: some 120 fit in the budget.
    for i in 0..125 {
        let _ = writeln!(pack, "  \"[a-z]{{1,5000}}q{i}\",");
    }
    pack.push_str(
        "]\n\n[[rule.example]]\ninput = \"Page one 7\\nText here.\\n\"\noutput = \"Text here.\\n\"\n\n\
         [[rule.example]]\ninput = \"Text here.\\n\"\n",
    );
    let dir = folder(&[
        ("packs/many.toml", pack.as_bytes()),
        ("a.txt", NOISY.as_bytes()),
    ]);
    ocrclean()
        .current_dir(dir.path())
        .args([
            "clean",
            "--no-config",
            "--rules",
            "packs",
            "--check",
            "a.txt",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains(
                "many.toml:1: rule FUR901: line pattern \"^(?:[a-z]{1,5000}q1",
            )
            .and(predicate::str::contains("over 64 MB compiled")),
        );
}
