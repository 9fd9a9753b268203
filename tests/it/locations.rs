//! Where a change is reported: a removed block (an export footer) at the line it stands on, in
//! the text, JSON and HTML reports alike.

use predicates::prelude::*;

use crate::util::{clean, folder};

/// Nine lines of prose, then a PressReader footer on line 10.
fn with_footer() -> String {
    let prose =
        "The council voted on the budget last night after a long debate about the harbour.\n";
    format!("{}Newspapers in English\n", prose.repeat(9))
}

#[test]
fn a_removed_footer_is_reported_on_its_own_line() {
    let dir = folder(&[("a.txt", with_footer().as_bytes())]);
    let a = dir.path().join("a.txt");
    let out = clean()
        .args(["--format", "json", "--unsafe-fixes"])
        .arg(&a)
        .output()
        .expect("runs");
    let json = String::from_utf8(out.stdout).expect("utf8");
    let record: serde_json::Value =
        serde_json::from_str(json.lines().next().expect("a change")).expect("json");
    assert_eq!(record["code"], "FUR001");
    assert_eq!(record["start"]["line"], 10, "{record}");
    assert_eq!(record["start"]["col"], 1, "{record}");
    clean()
        .arg("--diff")
        .arg(&a)
        .assert()
        .code(1)
        // FUR001 is safe: the hunk that removes line 10 is headed by its code.
        .stdout(predicate::str::contains("@@ -7,4 +7,3 @@ FUR001\n"))
        .stdout(predicate::str::contains("\n-Newspapers in English\n"));
    let page = dir.path().join("review.html");
    clean()
        .args(["--check", "--report"])
        .arg(&page)
        .arg(&a)
        .assert()
        .code(1);
    let html = std::fs::read_to_string(&page).expect("page");
    assert!(html.contains("title=\"at 10:1: PressReader"), "{html}");
}
