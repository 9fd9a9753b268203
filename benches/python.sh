#!/usr/bin/env bash
# The Python package against the command line on the same texts (benches/python_engines.py):
# records/s and MB/s of `ocrclean clean --jsonl` as a quiet filter against
# `Pipeline.clean_many(texts, pending=False)`, of `clean --jsonl --annotate` against
# `clean_many(texts)` (all cores each), and of Ray Data in local mode with one and with two
# workers; the ratio of each pair, and the load average around it. Release builds; each figure
# is the median of RUNS wall-clock runs after an untimed one, the two of a pair alternating.
#
#   benches/python.sh                  # a 32 MB corpus (enough work per Ray worker), 3 runs
#   SIZE_MB=64 RUNS=5 benches/python.sh
#   VENV=/tmp/venv benches/python.sh   # a virtual environment to reuse (made when missing)
#
# The corpus is the mixed newspaper corpus of benches/newspaper_corpus.py (it reads ../shared/eval),
# built once into $WORK (target/bench-corpus). The package is installed with `pip install ./python`
# (the release profile) into $VENV, with the pinned test requirements (Ray).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${SIZE_MB:-32}
runs=${RUNS:-3}
work=${WORK:-target/bench-corpus}
venv=${VENV:-target/bench-venv}
mkdir -p "$work"
corpus="$work/mixed-${size_mb}mb.jsonl"

cargo build --release --quiet --bin ocrclean
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --require-hashes \
    -r python/requirements-test.txt
fi
# As a user installs it: pip builds it with the maturin pinned in python/pyproject.toml.
"$venv/bin/pip" install -q --disable-pip-version-check --no-deps --force-reinstall ./python

if [ ! -f "$corpus" ]; then
  echo "generating $corpus ..." >&2
  python3 benches/newspaper_corpus.py mixed "$size_mb" "$corpus.gz"
  gunzip "$corpus.gz"
fi
"$venv/bin/python" benches/python_engines.py "$corpus" "$runs" target/release/ocrclean
