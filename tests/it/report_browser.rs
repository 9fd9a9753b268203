//! The `--report` page in a real browser: headless Chromium (Debian's `chromium`; `.ci/run`
//! installs it) loads the page from disk, runs its script, and we read back the DOM it built.
//!
//! The page reports what a reader sees when its URL asks (`#probe`): the codes of the labels that
//! have a layout box, measured by the browser. Filters are driven the same way (`#hide=CODE`).
//! A screenshot is kept in `target/test-artifacts/report.png`.
//!
//! The tests are `#[ignore]`d, so the README's `cargo test` passes on a machine without Chromium;
//! `.ci/run` installs it and runs them (`cargo test -- --include-ignored`). Run with
//! `--include-ignored`, a missing Chromium fails them.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ocrclean::output::html::Report;
use ocrclean::{Change, Cleaned, LineCol, Pipeline, RuleBook, RuleCode, Status};

/// Where a test leaves files worth looking at.
fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .join("test-artifacts");
    fs::create_dir_all(&dir).expect("artifact folder");
    dir
}

/// The browser, or `None` when the run asked to skip browser tests.
fn chromium() -> Option<PathBuf> {
    if std::env::var_os("OCRCLEAN_SKIP_BROWSER").is_some_and(|v| v == "1") {
        eprintln!("skipped: OCRCLEAN_SKIP_BROWSER=1");
        return None;
    }
    if let Some(path) = std::env::var_os("OCRCLEAN_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    panic!(
        "Chromium not found: install it (`apt-get install -y chromium`, as .ci/run does), point \
         OCRCLEAN_CHROMIUM at it, or set OCRCLEAN_SKIP_BROWSER=1 to skip the browser tests"
    );
}

/// Runs headless Chromium on `url` with `args` (`--dump-dom`, `--screenshot=...`) and returns its
/// stdout. Every network feature is off, the profile is new, and a hung browser is killed.
fn browse(browser: &Path, url: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let out = tempfile::NamedTempFile::new().expect("stdout file");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(out.reopen().expect("stdout file"))
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 120 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "chromium failed ({status}) on {url}");
    fs::read_to_string(out.path()).expect("chromium's output")
}

fn url(page: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", page.display())
}

/// The `data-visible-tags` the page's probe wrote on `<body>`: codes a reader can see.
fn visible_tags(dom: &str) -> Vec<String> {
    let start = dom.find("data-visible-tags=\"").unwrap_or_else(|| {
        panic!(
            "the page's script did not run:\n{}",
            &dom[..dom.len().min(2000)]
        )
    }) + "data-visible-tags=\"".len();
    let end = start + dom[start..].find('"').expect("attribute ends");
    dom[start..end]
        .split_whitespace()
        .map(String::from)
        .collect()
}

fn visible_docs(dom: &str) -> usize {
    let start = dom.find("data-visible-docs=\"").expect("probe ran") + "data-visible-docs=\"".len();
    let end = start + dom[start..].find('"').expect("attribute ends");
    dom[start..end].parse().expect("a number")
}

/// A change as a later stage would report it, at `range` of `text`.
fn change(
    text: &str,
    range: std::ops::Range<usize>,
    after: &str,
    code: &str,
    reason: &'static str,
    status: Status,
) -> Change {
    let at = |i: usize| {
        let line = text[..i].matches('\n').count() + 1;
        let col = text[..i].rsplit('\n').next().unwrap_or("").chars().count() + 1;
        LineCol { line, col }
    };
    Change {
        code: code.parse::<RuleCode>().expect("a code"),
        reason: reason.into(),
        span: range.clone(),
        start: at(range.start),
        end: at(range.end),
        before: text[range].into(),
        after: after.into(),
        safe: status != Status::Pending,
        status,
        also: Vec::new(),
    }
}

fn cleaned<'a>(text: &'a str, changes: Vec<Change>) -> Cleaned<'a> {
    let out = ocrclean::edit::replay(text, &changes);
    Cleaned {
        text: if out == text {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(out)
        },
        changes,
        suppressed: Vec::new(),
    }
}

fn find(text: &str, needle: &str) -> std::ops::Range<usize> {
    let start = text.find(needle).expect("needle in text");
    start..start + needle.len()
}

const FOOTER: &str = "Newspapers in English\nNewspapers from Australia\n";
const CAPTION: &str = "PHOTO: The new ferry at Circular Quay. ";
const HOSTILE: &str = "<script>document.body.dataset.pwned = 'yes'</script><img src=x onerror=\"document.body.dataset.pwned = 'img'\">";

/// A report with every kind of change the page must show: applied fixes from the real pipeline,
/// a removed export footer, a caption moved out of a sentence, an unsafe fix left pending, a flag,
/// and a document whose text tries to run script.
fn sample_report() -> Report {
    let mut report = Report::new("ocrclean review: browser test").with_rules(&RuleBook::builtin());

    let ferry = "The ﬁrst\u{00A0}ferry  left at dawn.   \n\nIt was oﬀ schedule.\n";
    report.add("scans/ferry.txt", ferry, &Pipeline::default().clean(ferry));

    let export =
        format!("Council approves cafe licences\n\nThe licensing panel met on Tuesday.\n{FOOTER}");
    let footer = find(&export, FOOTER);
    let changes = vec![change(
        &export,
        footer,
        "",
        "FUR001",
        "export footer line",
        Status::Applied,
    )];
    report.add("scans/export.txt", &export, &cleaned(&export, changes));

    let story = format!(
        "Passengers said the {CAPTION}new timetable was unfair.\nTickets cost $5.\n\
         Services resume on Monday and tbe operator said so.\n"
    );
    let caption = find(&story, CAPTION);
    let end = story.find("unfair.\n").expect("sentence end") + "unfair.\n".len();
    let tbe = find(&story, "tbe");
    let cost = find(&story, "$5");
    let changes = vec![
        change(
            &story,
            caption,
            "",
            "LAY001",
            "caption moved out of a sentence",
            Status::Applied,
        ),
        change(
            &story,
            end..end,
            "The new ferry at Circular Quay.\n",
            "LAY001",
            "caption moved here",
            Status::Applied,
        ),
        change(
            &story,
            cost,
            "$5.00",
            "OCR009",
            "price without cents (unsafe)",
            Status::Pending,
        ),
        change(
            &story,
            tbe,
            "tbe",
            "OCR001",
            "not a word, one candidate: the",
            Status::Flagged,
        ),
    ];
    report.add("scans/story.txt", &story, &cleaned(&story, changes));

    let hostile = format!("Letters\u{200B} to the editor: {HOSTILE}\n");
    report.add(
        "scans/<b>hostile</b>.txt",
        &hostile,
        &Pipeline::default().clean(&hostile),
    );

    let clean = "Nothing to fix here.\n";
    report.add("scans/clean.txt", clean, &Pipeline::default().clean(clean));
    report
}

fn write_page(name: &str, report: &mut Report) -> PathBuf {
    let path = artifacts().join(name);
    fs::write(&path, report.render()).expect("writing the page");
    path
}

#[test]
#[ignore = "needs chromium: apt-get install chromium (.ci/run installs it)"]
fn page_shows_every_change_with_its_rule_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let page = write_page("report.html", &mut sample_report());
    let dom = browse(&browser, &url(&page, "#probe"), &["--dump-dom"]);

    assert_eq!(
        visible_tags(&dom),
        [
            "FUR001", "LAY001", "OCR001", "OCR009", "UNI001", "UNI003", "UNI004", "WSP001",
            "WSP002"
        ],
        "every rule's label is on screen"
    );
    assert_eq!(visible_docs(&dom), 4, "the clean document is left out");
    assert!(
        !dom.contains("data-pwned"),
        "the page ran text from a document as script"
    );
    assert!(
        dom.contains("&lt;script&gt;document.body.dataset.pwned"),
        "hostile text is shown as text"
    );
    assert!(
        dom.contains("scans/&lt;b&gt;hostile&lt;/b&gt;.txt"),
        "names are escaped"
    );
    // The removed footer and the moved caption are on the page.
    assert!(
        dom.contains("Newspapers in English"),
        "removed footer shown"
    );
    assert!(
        dom.contains("PHOTO: The new ferry at Circular Quay."),
        "moved caption shown"
    );
    // Pending fixes and flags look different from applied ones.
    assert!(dom.contains("class=\"c pending\""), "pending fix marked");
    assert!(dom.contains("class=\"c flagged\""), "flag marked");
    assert!(
        dom.contains(
            "[unsafe fix, not applied: &quot;$5&quot; would become &quot;$5.00&quot;]\">OCR009</abbr>"
        ),
        "a pending fix says what it would do"
    );
    assert!(dom.contains("<abbr class=\"pending\" title=\"at 2:14: price without cents"));
    assert!(dom.contains("<abbr class=\"flagged\" title=\"at 3:"));
    assert!(
        dom.contains("title=\"at 3:"),
        "labels carry the place and the reason"
    );
    assert!(
        dom.contains("caption moved out of a sentence"),
        "reasons are in the page"
    );
}

#[test]
#[ignore = "needs chromium: apt-get install chromium (.ci/run installs it)"]
fn filter_hides_one_rule_and_keeps_the_others() {
    let Some(browser) = chromium() else { return };
    let page = write_page("report-filter.html", &mut sample_report());
    let dom = browse(
        &browser,
        &url(&page, "#hide=FUR001,WSP&probe"),
        &["--dump-dom"],
    );
    let visible = visible_tags(&dom);
    assert!(!visible.contains(&"FUR001".to_string()), "{visible:?}");
    assert!(!visible.iter().any(|c| c.starts_with("WSP")), "{visible:?}");
    assert!(visible.contains(&"UNI001".to_string()), "{visible:?}");
    assert!(visible.contains(&"LAY001".to_string()), "{visible:?}");
    // The export's only change is hidden, so the document is too.
    assert_eq!(visible_docs(&dom), 3);

    let dom = browse(
        &browser,
        &url(&page, "#hide-status=applied&probe"),
        &["--dump-dom"],
    );
    assert_eq!(
        visible_tags(&dom),
        ["OCR001", "OCR009"],
        "only what is left to decide"
    );
}

#[test]
#[ignore = "needs chromium: apt-get install chromium (.ci/run installs it)"]
fn screenshot_of_the_page() {
    let Some(browser) = chromium() else { return };
    let page = write_page("report.html", &mut sample_report());
    let shot = artifacts().join("report.png");
    let _ = fs::remove_file(&shot);
    browse(
        &browser,
        &url(&page, ""),
        &[
            "--window-size=1280,1100",
            &format!("--screenshot={}", shot.display()),
        ],
    );
    let png = fs::read(&shot).expect("the screenshot was written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(png.len() > 20_000, "a page with content, not a blank one");
    eprintln!("screenshot: {}", shot.display());
}

#[test]
#[ignore = "needs chromium: apt-get install chromium (.ci/run installs it)"]
fn cli_report_opens_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("a.txt"), "The ﬁrst\u{00A0}ferry.  \n").expect("write");
    fs::write(dir.path().join("b.txt"), "Clean text.\n").expect("write");
    let page = dir.path().join("review/page.html");
    let out = Command::new(env!("CARGO_BIN_EXE_ocrclean"))
        .args(["clean", "--check", "--report"])
        .arg(&page)
        .arg(dir.path())
        .output()
        .expect("running ocrclean");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("review page: {}", page.display())),
        "{stderr}"
    );
    let dom = browse(&browser, &url(&page, "#probe"), &["--dump-dom"]);
    assert_eq!(visible_tags(&dom), ["UNI001", "UNI004", "WSP001"]);
    assert_eq!(visible_docs(&dom), 1);
}
