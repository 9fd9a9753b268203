"""The README's Python examples run as printed: each ``python`` block of its Python section, in a
fresh interpreter, in a folder that holds the repository's samples (the examples read
``samples/`` and write beside it)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _examples() -> list:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Python\n(.*?)^## ", readme, re.S | re.M)
    assert section, "README.md has a '## Python' section"
    return re.findall(r"^```python\n(.*?)^```", section.group(1), re.S | re.M)


EXAMPLES = _examples()


def _engine(code: str) -> str:
    """The module an example needs beyond ocrclean: its test is skipped without it, as the
    engine's own tests are."""
    for name in ("ray", "pyspark", "datatrove"):
        if re.search(rf"^\s*(import|from) {name}\b", code, re.M):
            return name
    return ""


def test_the_section_has_the_api_and_one_example_per_engine():
    engines = sorted(_engine(code) for code in EXAMPLES)
    assert engines == ["", "datatrove", "pyspark", "ray"]


@pytest.mark.parametrize("code", EXAMPLES, ids=lambda code: _engine(code) or "api")
def test_example_runs(code, tmp_path):
    engine = _engine(code)
    if engine:
        pytest.importorskip(engine)
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    # What the comments say the example prints.
    for said in re.findall(r"^print\((\w+)\.text\)\s+# (.+)$", code, re.M):
        assert said[1] in run.stdout.splitlines()
    if engine == "datatrove":
        assert (tmp_path / "dt" / "out" / "00000.jsonl").stat().st_size > 0
