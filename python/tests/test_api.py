"""The Python API against the command line: the same text and the same changes, on the samples
and on the corpus; evidence that adds up; pickling; errors with the command line's messages."""

import json
import pickle
import threading
from pathlib import Path

import pytest

import ocrclean
from conftest import REPO, assert_same_as_cli, run_cli

# The samples' inputs (their expected output is under samples/expected/).
SAMPLES = sorted((REPO / "samples").glob("*.txt"))


def change_fields(c) -> dict:
    """A Python ``Change`` in the shape of the command line's JSON report."""
    d = {
        "code": c.code,
        "reason": c.reason,
        "span": {"start": c.start, "end": c.end},
        "start": {"line": c.line, "col": c.column},
        "end": {"line": c.end_line, "col": c.end_column},
        "before": c.before,
        "after": c.after,
        "safe": c.safe,
        "status": c.status,
    }
    if c.also:
        d["also"] = [{"code": code, "reason": reason} for code, reason in c.also]
    return d


def cli_changes(stdout: str) -> dict:
    by_path = {}
    for line in stdout.splitlines():
        r = json.loads(line)
        by_path.setdefault(r.pop("path"), []).append(r)
    return by_path


def test_there_are_samples():
    assert len(SAMPLES) >= 10


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_clean_matches_the_cli_on_each_sample(cli, sample):
    text = sample.read_text(encoding="utf-8")
    got = ocrclean.Pipeline().clean(text)
    printed = run_cli(cli, "clean", "--no-config", str(sample))
    assert got.text == printed.stdout
    report = run_cli(cli, "clean", "--no-config", "--format", "json", str(sample))
    expected = cli_changes(report.stdout).get(str(sample), [])
    assert [change_fields(c) for c in got.changes] == expected
    assert got.changed == (got.text != text)


def test_clean_many_matches_the_cli_on_the_samples_as_one_batch(cli, tmp_path):
    texts = [s.read_text(encoding="utf-8") for s in SAMPLES]
    got = ocrclean.Pipeline().clean_many(texts, threads=2)
    report = cli_changes(
        run_cli(cli, "clean", "--no-config", "--format", "json", *map(str, SAMPLES)).stdout
    )
    run_cli(cli, "clean", "--no-config", "--out-dir", str(tmp_path), *map(str, SAMPLES))
    for sample, r in zip(SAMPLES, got):
        assert [change_fields(c) for c in r.changes] == report.get(str(sample), []), sample.name
        assert r.text == (tmp_path / sample.name).read_text(encoding="utf-8"), sample.name


def test_without_pending_changes_the_text_and_applied_changes_are_the_same(cli, tmp_path):
    texts = [s.read_text(encoding="utf-8") for s in SAMPLES]
    texts.append("The mayor said tho plan was not yet settled.\n")
    # Without OCR004 (the one safe OCR rule) the OCR rules are all unsafe: without unsafe fixes
    # their stage only holds back.
    p = ocrclean.Pipeline(extend_select=["OCR"], ignore=["OCR004"])
    every = p.clean_many(texts, threads=2)
    applied = p.clean_many(texts, threads=2, pending=False)
    inputs = []
    for i, t in enumerate(texts):
        inputs.append(tmp_path / "in" / f"{i:02}.txt")
        inputs[-1].parent.mkdir(exist_ok=True)
        inputs[-1].write_text(t, encoding="utf-8")
    # The command line's quiet filter skips the same stages.
    out = tmp_path / "out"
    run_cli(cli, "clean", "--no-config", "--extend-select", "OCR", "--ignore", "OCR004", "--quiet", "--out-dir",
            str(out), *map(str, inputs))
    for path, e, a in zip(inputs, every, applied):
        assert a.text == e.text == (out / path.name).read_text(encoding="utf-8"), path.name
        assert [change_fields(c) for c in a.changes if c.status == "applied"] == [
            change_fields(c) for c in e.changes if c.status == "applied"
        ], path.name
        assert a.annotation_json == e.annotation_json
        assert all(not c.code.startswith("OCR") for c in a.changes)
    assert [c.code for c in every[-1].changes if c.status == "pending"] == ["OCR005"]
    assert p.clean(texts[-1], pending=False).changes == []
    # With unsafe fixes nothing is skipped.
    fixing = ocrclean.Pipeline(extend_select=["OCR"], ignore=["OCR004"], unsafe_fixes=True)
    assert fixing.clean(texts[-1], pending=False).text.startswith("The mayor said the plan")


def test_unchanged_text_is_returned_as_is():
    text = "Plain text.\n"
    assert ocrclean.Pipeline().clean(text).text is text


def test_selection_and_unsafe_fixes(cli, corpus):
    record = corpus["records"][0]["text"]
    p = ocrclean.Pipeline(select=["UNI", "WSP"])
    assert all(c.code[:3] in ("UNI", "WSP") for c in p.clean(record).changes)
    assert "FUR201" not in ocrclean.Pipeline(ignore=["FUR"]).selected
    assert ocrclean.Pipeline(unsafe_fixes=True).settings["unsafe_fixes"] is True


def test_the_corpus_matches_the_cli(corpus):
    p = ocrclean.Pipeline(unsafe_fixes=True)
    texts = [r["text"] for r in corpus["records"]]
    got = {
        r["id"]: (c.text, json.loads(c.annotation_json))
        for r, c in zip(corpus["records"], p.clean_many(texts))
    }
    assert_same_as_cli(corpus, got)


def test_evidence_of_blocks_adds_up_to_the_corpus(corpus):
    p = ocrclean.Pipeline(unsafe_fixes=True)
    texts = [r["text"] for r in corpus["records"]]
    blocks = [texts[i : i + 10] for i in range(0, len(texts), 10)]
    parts = [p.gather(b) for b in blocks]
    total = ocrclean.Evidence.sum(pickle.loads(pickle.dumps(e)) for e in parts)
    assert total == p.gather(texts) == sum(parts) == parts[0] + ocrclean.Evidence.sum(parts[1:])
    assert total.documents == len(texts)
    whole = [c.text for c in p.clean_many(texts)]
    by_block = [c.text for b in blocks for c in p.clean_many(b, evidence=total)]
    assert by_block == whole
    # A block alone learns none of the furniture.
    alone = [c.text for c in p.clean_many(blocks[0])]
    assert any("BAY HERALD" in t for t in alone)
    assert not any("BAY HERALD" in t for t in by_block)


def test_evidence_errors():
    with pytest.raises(ocrclean.EvidenceError, match="not ocrclean evidence"):
        ocrclean.Evidence.from_bytes(b"{}")
    data = ocrclean.Evidence().to_bytes()
    with pytest.raises(ocrclean.EvidenceError, match="damaged"):
        ocrclean.Evidence.from_bytes(data[:-3])
    assert ocrclean.Evidence.from_bytes(data) == ocrclean.Evidence()
    with pytest.raises(TypeError):
        ocrclean.Evidence() + 1


def test_pipeline_pickles_as_its_settings(cli):
    packs = REPO / "tests" / "packs"
    p = ocrclean.Pipeline(select=["UNI", "WSP", "FUR"], unsafe_fixes=True, rules=[packs])
    q = pickle.loads(pickle.dumps(p))
    assert q.settings == p.settings
    assert q.selected == p.selected
    assert repr(q) == repr(p)
    assert any(code not in ocrclean.Pipeline().selected for code in p.selected), "a user rule"
    for sample in SAMPLES:
        text = sample.read_text(encoding="utf-8")
        assert q.clean(text).text == p.clean(text).text


@pytest.mark.parametrize(
    "kwargs, args",
    [
        ({"select": ["XYZ"]}, ["--select", "XYZ"]),
        ({"config": "missing.toml"}, ["--config", "missing.toml"]),
        ({"rules": ["no-such-folder"]}, ["--rules", "no-such-folder"]),
    ],
)
def test_errors_carry_the_cli_message(cli, kwargs, args, monkeypatch):
    monkeypatch.chdir(REPO)
    with pytest.raises(ocrclean.ConfigError) as raised:
        ocrclean.Pipeline(**kwargs)
    printed = run_cli(cli, "clean", *args, "-", check=False)
    assert printed.returncode == 2
    message = str(raised.value)
    assert printed.stderr.startswith(f"ocrclean: error: {message}"), (message, printed.stderr)


def test_bad_config_is_an_error_with_the_file_and_line(tmp_path, cli):
    config = tmp_path / "ocrclean.toml"
    config.write_text('selct = ["UNI"]\n')
    with pytest.raises(ocrclean.ConfigError, match=r"ocrclean.toml:1: unknown key `selct`"):
        ocrclean.Pipeline(config=config)


def test_a_config_file_is_used(tmp_path):
    config = tmp_path / "ocrclean.toml"
    config.write_text('select = ["UNI"]\n')
    p = ocrclean.Pipeline(config=str(config))
    assert set(c[:3] for c in p.selected) == {"UNI"}
    assert pickle.loads(pickle.dumps(p)).selected == p.selected


def test_threads_must_be_positive():
    with pytest.raises(ValueError, match="threads"):
        ocrclean.Pipeline().clean_many(["x"], threads=0)


def test_clean_many_releases_the_gil():
    """Another Python thread runs while texts are being cleaned."""
    p = ocrclean.Pipeline()
    texts = [(REPO / "samples" / s.name).read_text(encoding="utf-8") for s in SAMPLES] * 20
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            done.wait(0.001)

    t = threading.Thread(target=tick)
    t.start()
    before = len(ticks)
    p.clean_many(texts, threads=1)
    during = len(ticks) - before
    done.set()
    t.join()
    assert during > 5


def test_non_text_is_a_type_error():
    with pytest.raises(TypeError):
        ocrclean.Pipeline().clean_many(["ok", 3])
