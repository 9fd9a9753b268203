//! Nothing is lost: outputs never land on inputs, binary and special files are never written,
//! interrupted runs leave no temporary files, and a failed corpus write says where and changes
//! nothing.

use std::fs;
use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::util::{CLEAN, NOISY, clean, folder, names};

#[test]
fn report_never_replaces_an_input_or_a_file_it_did_not_write() {
    let dir = folder(&[
        ("a.txt", NOISY.as_bytes()),
        ("b.txt", NOISY.as_bytes()),
        ("notes.html", b"<!DOCTYPE html><p>my notes</p>"),
    ]);
    let (a, notes) = (dir.path().join("a.txt"), dir.path().join("notes.html"));
    // `--check --report *.txt`: the shell makes the first input the page.
    clean()
        .current_dir(dir.path())
        .args(["--check", "--report", "a.txt", "b.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--report a.txt"));
    clean()
        .args(["--check", "--report"])
        .arg(&a)
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is one of the inputs"));
    assert_eq!(fs::read_to_string(&a).expect("read"), NOISY);
    clean()
        .args(["--check", "--report"])
        .arg(&notes)
        .arg(dir.path().join("b.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--overwrite-report"));
    assert_eq!(
        fs::read_to_string(&notes).expect("read"),
        "<!DOCTYPE html><p>my notes</p>"
    );
    // A page it wrote may be written again; anything else only when asked.
    let page = dir.path().join("review.html");
    for _ in 0..2 {
        clean()
            .args(["--check", "--report"])
            .arg(&page)
            .arg(dir.path().join("b.txt"))
            .assert()
            .code(1);
    }
    clean()
        .args(["--check", "--overwrite-report", "--report"])
        .arg(&notes)
        .arg(dir.path().join("b.txt"))
        .assert()
        .code(1);
    let out = dir.path().join("out");
    clean()
        .arg("--out-dir")
        .arg(&out)
        .arg("--report")
        .arg(out.join("review.html"))
        .arg(dir.path().join("b.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside --out-dir"));
}

#[test]
fn out_dir_inside_the_inputs_is_not_walked_and_never_overwrites_an_input() {
    let dir = folder(&[("in/a.txt", NOISY.as_bytes()), ("in/sub/a.txt", b"Mine.\n")]);
    let input = dir.path().join("in");
    for _ in 0..2 {
        clean()
            .arg("--out-dir")
            .arg(input.join("out"))
            .arg(&input)
            .assert()
            .code(1);
    }
    assert_eq!(names(&input.join("out")), ["a.txt", "sub"]);
    // The copy of in/a.txt would be in/sub/a.txt, an input given by name.
    clean()
        .arg("--out-dir")
        .arg(input.join("sub"))
        .arg(&input)
        .arg(input.join("sub/a.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over an input"));
    assert_eq!(
        fs::read_to_string(input.join("sub/a.txt")).expect("read"),
        "Mine.\n"
    );
    assert_eq!(
        fs::read_to_string(input.join("a.txt")).expect("read"),
        NOISY
    );
}

#[test]
fn binary_files_are_never_cleaned() {
    let nul_padded = [NOISY.as_bytes(), &[0u8; 64]].concat();
    let utf16_bom: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(NOISY.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16_bare: Vec<u8> = NOISY.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let dir = folder(&[
        ("zeros.txt", &[0u8; 4096]),
        ("padded.txt", &nul_padded),
        ("utf16.txt", &utf16_bom),
        ("bare16.txt", &utf16_bare),
        ("ok.txt", NOISY.as_bytes()),
    ]);
    let path = |n: &str| dir.path().join(n);
    for (name, says) in [
        ("zeros.txt", "binary file (a NUL byte at offset 0), skipped"),
        ("padded.txt", "binary file (a NUL byte at offset"),
        ("utf16.txt", "iconv -f UTF-16 -t UTF-8"),
        ("bare16.txt", "iconv -f UTF-16LE -t UTF-8"),
    ] {
        let before = fs::read(path(name)).expect("read");
        clean()
            .arg("--write")
            .arg(path(name))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says).and(predicate::str::contains("WINDOWS").not()));
        assert_eq!(fs::read(path(name)).expect("read"), before, "{name}");
    }
    // Found in a folder, binary files are skipped with a note; the text files are cleaned.
    clean()
        .arg("--write")
        .arg(dir.path())
        .assert()
        .code(2) // the UTF-16 file with a byte-order mark is text that cannot be read
        .stderr(
            predicate::str::contains("note: ")
                .and(predicate::str::contains("zeros.txt: binary file"))
                .and(predicate::str::contains("3 binary skipped")),
        );
    assert_eq!(fs::read(path("padded.txt")).expect("read"), nul_padded);
    assert_eq!(fs::read_to_string(path("ok.txt")).expect("read"), CLEAN);
}

#[cfg(unix)]
#[test]
fn write_keeps_hard_links_owners_and_special_files_whole() {
    use std::os::unix::fs::MetadataExt;

    let dir = folder(&[("a.txt", NOISY.as_bytes())]);
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    fs::hard_link(&a, &b).expect("link");
    clean()
        .arg("--write")
        .arg(&a)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has 2 hard links"));
    assert_eq!(fs::read_to_string(&b).expect("read"), NOISY);
    assert_eq!(fs::metadata(&a).expect("stat").nlink(), 2);
    clean()
        .args(["--write", "--break-hardlinks"])
        .arg(&a)
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(&a).expect("read"), CLEAN);
    assert_eq!(fs::read_to_string(&b).expect("read"), NOISY);

    // Only root can give a file away; as anyone else the owner is the runner anyway.
    let me = fs::metadata(dir.path()).expect("stat").uid();
    if me == 0 {
        fs::write(&b, NOISY).expect("write");
        std::os::unix::fs::chown(&b, Some(65534), Some(65534)).expect("chown");
        clean().arg("--write").arg(&b).assert().code(1);
        let meta = fs::metadata(&b).expect("stat");
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
        assert_eq!(fs::read_to_string(&b).expect("read"), CLEAN);
    }

    let fifo = dir.path().join("pipe.txt");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("a path");
    // SAFETY: `name` is a NUL-terminated path that lives through the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0, "mkfifo");
    // Opening a FIFO to read it would wait for a writer: --write must not even open it.
    clean()
        .arg("--write")
        .arg(&fifo)
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a FIFO, not a regular file"));
    assert!(
        fs::symlink_metadata(&fifo)
            .expect("stat")
            .file_type()
            .is_fifo()
    );
    clean()
        .args(["--write", "/dev/null"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a character device"));
}

#[cfg(unix)]
use std::os::unix::fs::FileTypeExt as _;

/// A corpus large enough that cleaning it takes the debug build a few seconds.
fn slow_corpus(records: usize) -> String {
    let mut out = String::new();
    for i in 0..records {
        let text = "The ﬁrst  ferry left at dawn, and the harbour master said it was oﬀ schedule. "
            .repeat(20);
        out.push_str(&format!("{{\"id\":{i},\"text\":{text:?}}}\n"));
    }
    out
}

fn temporaries(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with(".ocrclean-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_remove_the_temporary_file() {
    use std::os::unix::process::ExitStatusExt;

    for (signal, number) in [("TERM", libc::SIGTERM), ("INT", libc::SIGINT)] {
        let corpus = slow_corpus(6000);
        let dir = folder(&[("c.jsonl", corpus.as_bytes())]);
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ocrclean"))
            .args(["clean", "--no-config", "--jsonl", "--write", "--jobs", "1"])
            .arg(dir.path().join("c.jsonl"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        let started = Instant::now();
        while temporaries(dir.path()).is_empty() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no temporary file appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let pid = libc::pid_t::try_from(child.id()).expect("a pid");
        // SAFETY: a plain system call on the child we spawned.
        assert_eq!(unsafe { libc::kill(pid, number) }, 0, "kill -{signal}");
        let status = child.wait().expect("wait");
        assert!(
            status.signal().is_some(),
            "the run ended before the signal: {status:?}"
        );
        assert_eq!(temporaries(dir.path()), Vec::<String>::new(), "SIG{signal}");
        assert_eq!(
            fs::read_to_string(dir.path().join("c.jsonl")).expect("read"),
            corpus
        );
    }
}

#[test]
fn stale_temporaries_of_killed_runs_are_swept() {
    let dir = folder(&[("a.txt", NOISY.as_bytes())]);
    // What a run killed with SIGKILL leaves: ours by name, its process gone, idle for an hour.
    let stale = dir.path().join(".ocrclean-99999999-AbC123.tmp");
    let file = fs::File::create(&stale).expect("create");
    file.set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .expect("mtime");
    // Not ours: a name that only starts like ours.
    let keep = dir.path().join(".ocrclean-ignore-notes");
    fs::write(&keep, "mine").expect("write");
    clean()
        .arg("--write")
        .arg(dir.path().join("a.txt"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "a temporary file left by an interrupted run",
        ));
    assert_eq!(
        names(dir.path()),
        [".ocrclean-ignore-notes", "a.txt"],
        "only the stale temporary is gone"
    );
}

#[test]
fn a_failed_corpus_write_names_the_line_and_changes_nothing() {
    // 3,000 records, then a gzip stream cut short: the error is at line 3,001, past the first
    // chunk, and nothing of the file is written.
    let mut lines = String::new();
    for i in 0..3000 {
        lines.push_str(&format!("{{\"id\":{i},\"text\":\"The ﬁrst  ferry.\"}}\n"));
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(lines.as_bytes()).expect("gzip");
    let whole = gz.finish().expect("gzip");
    let cut = &whole[..whole.len() - 12];
    let dir = folder(&[("c.jsonl.gz", cut)]);
    let path = dir.path().join("c.jsonl.gz");
    let out = clean()
        .args(["--jsonl", "--write"])
        .arg(&path)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).expect("utf8");
    assert!(
        stderr.contains("c.jsonl.gz:3001: cannot read")
            || stderr.contains("c.jsonl.gz:3000: cannot read"),
        "{stderr}"
    );
    assert!(stderr.contains("the file is left as it was"), "{stderr}");
    assert!(stderr.contains(": 0 changed"), "{stderr}");
    assert_eq!(fs::read(&path).expect("read"), cut);
    assert!(temporaries(dir.path()).is_empty());
}

#[test]
fn a_record_that_is_not_utf8_passes_through_like_bad_json() {
    let corpus: &[u8] = b"{\"text\":\"The \xef\xac\x81rst  ferry.\"}\n{\"text\":\"caf\xe9\"}\n{\"text\":\"Oth\xef\xac\x81ce.\"}\n";
    let dir = folder(&[("c.jsonl", corpus)]);
    let path = dir.path().join("c.jsonl");
    clean()
        .args(["--jsonl", "--write"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("c.jsonl:2: not valid UTF-8 at byte 12 of the line")
                .and(predicate::str::contains("passed through unchanged"))
                .and(predicate::str::contains("2 records: 2 changed")),
        );
    assert_eq!(
        fs::read(&path).expect("read"),
        b"{\"text\":\"The first ferry.\"}\n{\"text\":\"caf\xe9\"}\n{\"text\":\"Othfice.\"}\n"
    );
    // With --strict it is an error, and the file is left alone.
    let dir = folder(&[("c.jsonl", corpus)]);
    let path = dir.path().join("c.jsonl");
    clean()
        .args(["--jsonl", "--write", "--strict"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("error: ").and(predicate::str::contains("c.jsonl:2:")));
    assert_eq!(fs::read(&path).expect("read"), corpus);
}
