"""The package's build: `pip install ./python` builds in an isolated environment with what
pyproject.toml requires, fetched from PyPI, so every build requirement is pinned there."""

import re

import pytest

from conftest import REPO

tomllib = pytest.importorskip("tomllib")


def test_the_build_requirements_are_pinned():
    with open(REPO / "python" / "pyproject.toml", "rb") as f:
        requires = tomllib.load(f)["build-system"]["requires"]
    assert requires
    for r in requires:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", r), r
