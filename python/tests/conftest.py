"""Fixtures shared by the tests: the command-line binary, and a generated JSON Lines corpus split
into blocks, with furniture and word evidence that only the whole corpus, not any one block,
shows."""

import json
import os
import random
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

#: Blocks of the corpus, and records in each.
BLOCKS = 10
PER_BLOCK = 10
#: The running head printed at the top of two records of every block: 20 % of the corpus (so it
#: is learned from the whole corpus), but two records of a block (a block alone, under the three
#: documents a line must occur in, learns nothing).
RUNNING_HEAD = "THE BAY HERALD · COASTAL NEWS {page}"
#: The footer at the bottom of two other records of every block, likewise.
FOOTER = "Bay Herald Syndication · bayherald.example"

#: Headline words: a headline per record, most of them printed once.
HEADLINE = (
    ["Harbour", "Council", "Ferry", "Pier", "Market", "Bridge", "Library", "School"],
    ["fares", "vote", "plan", "talks", "repairs", "budget", "hours", "lease"],
    ["delayed", "approved", "questioned", "revised", "settled", "doubled", "cut", "debated"],
)

SENTENCES = [
    "The council met on Monday to discuss the harbour ferry fares.",
    "Officials said the \ufb01nal vote would come  next month.",
    "Passengers groups called the increase unfair to shift workers.",
    "The mayor of Thornbury said tbe plan was not yet settled.",
    "Fuel costs climbed sharply over the winter, the report found.",
    "A long-term plan for the pier was set out in April.",
]


def _record(i: int, rng: random.Random) -> dict:
    block, place = divmod(i, PER_BLOCK)
    lines = []
    if place in (0, 5):
        lines += [RUNNING_HEAD.format(page=block + 1), ""]
    lines.append(" ".join(rng.choice(words) for words in HEADLINE))
    lines.append("")
    body = [rng.choice(SENTENCES) for _ in range(rng.randint(2, 5))]
    if block == 7 and place == 3:
        # The name broken at a line end: only the whole corpus prints it whole elsewhere.
        body.append("The Thorn-\nbury ferry left at noon.")
    lines.append(" ".join(body))
    if place in (2, 7):
        lines += ["", FOOTER]
    return {"id": f"doc-{i:03d}", "text": "\n".join(lines) + "\n", "source": f"block-{block}"}


def _cli() -> Path:
    given = os.environ.get("OCRCLEAN_BIN")
    # The debug build first: `cargo test` and `cargo build` keep it current.
    candidates = [Path(given)] if given else [
        REPO / "target" / "debug" / "ocrclean",
        REPO / "target" / "release" / "ocrclean",
    ]
    for c in candidates:
        if c.is_file():
            return c
    pytest.fail("no ocrclean binary: build it (cargo build) or set OCRCLEAN_BIN")


@pytest.fixture(scope="session")
def cli() -> Path:
    return _cli()


def run_cli(cli: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(cli), *args], capture_output=True, text=True, cwd=REPO, check=False
    )
    if check and result.returncode not in (0, 1):
        raise AssertionError(f"ocrclean {' '.join(args)} failed: {result.stderr}")
    return result


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict:
    """The corpus as block files, as one file, and the command line's output over that file."""
    root = tmp_path_factory.mktemp("corpus")
    rng = random.Random(7)
    records = [_record(i, rng) for i in range(BLOCKS * PER_BLOCK)]
    blocks = root / "blocks"
    blocks.mkdir()
    for b in range(BLOCKS):
        part = records[b * PER_BLOCK : (b + 1) * PER_BLOCK]
        (blocks / f"block-{b:02d}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in part), encoding="utf-8"
        )
    whole = root / "corpus.jsonl"
    whole.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = run_cli(
        _cli(), "clean", "--no-config", "--jsonl", "--unsafe-fixes", "--annotate=ocrclean",
        str(whole),
    )
    expected = {}
    for line in out.stdout.splitlines():
        r = json.loads(line)
        expected[r["id"]] = r
    assert len(expected) == len(records)
    return {"records": records, "blocks": blocks, "whole": whole, "expected": expected}


def assert_same_as_cli(corpus: dict, got: dict) -> None:
    """``got`` maps id to (text, annotation dict or None): record for record the CLI's output."""
    expected = corpus["expected"]
    assert sorted(got) == sorted(expected)
    for i, (text, note) in got.items():
        assert text == expected[i]["text"], f"record {i}"
        if note is not None:
            assert note == expected[i]["ocrclean"], f"record {i}"
    # What makes the corpus a test of the whole-corpus batch: every running head and footer was
    # learned across blocks and removed.
    cleaned = "".join(text for text, _ in got.values())
    assert "BAY HERALD" not in cleaned and "Syndication" not in cleaned
    assert "Thornbury ferry" in cleaned
