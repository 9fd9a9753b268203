//! `--diff` on changes one cannot see: the changed lines name the invisible characters, so two
//! lines never look the same.

use predicates::prelude::*;

use crate::util::{clean, folder};

#[test]
fn a_no_break_space_and_a_zero_width_space_are_marked() {
    let dir = folder(&[(
        "a.txt",
        "Fares rise on 12\u{a0}May.\nSaid the chair\u{200b} today.\n".as_bytes(),
    )]);
    clean()
        .args(["--diff", "--select", "UNI004,UNI003"])
        .arg(dir.path().join("a.txt"))
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("-Fares rise on 12⍽May.\n")
                .and(predicate::str::contains("+Fares rise on 12 May.\n"))
                .and(predicate::str::contains("-Said the chair⟨ZWSP⟩ today.\n"))
                .and(predicate::str::contains("+Said the chair today.\n")),
        );
}
