#!/usr/bin/env bash
# The Python package against the command line on the same texts: records/s and MB/s of
# `ocrclean clean --jsonl` (all cores), `Pipeline.clean_many` (all cores), and Ray Data in local
# mode with one and with two workers (benches/python_engines.py). Release builds; each figure is
# the median of RUNS wall-clock runs.
#
#   benches/python.sh                  # a 16 MB corpus, 3 runs
#   SIZE_MB=64 RUNS=5 benches/python.sh
#   VENV=/tmp/venv benches/python.sh   # a virtual environment to reuse (made when missing)
#
# The corpus is the mixed newspaper corpus of benches/newspaper_corpus.py (it reads ../shared/eval),
# built once into $WORK (target/bench-corpus). The package is installed with `pip install ./python`
# (the release profile) into $VENV, with the pinned test requirements (Ray).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${SIZE_MB:-16}
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
PATH="$PWD/$venv/bin:$PATH" "$venv/bin/pip" install -q --disable-pip-version-check \
  --no-build-isolation --no-deps --force-reinstall ./python

if [ ! -f "$corpus" ]; then
  echo "generating $corpus ..." >&2
  python3 benches/newspaper_corpus.py mixed "$size_mb" "$corpus.gz"
  gunzip "$corpus.gz"
fi
records=$(wc -l <"$corpus")
bytes=$("$venv/bin/python" -c '
import json, sys
print(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8")))
' "$corpus")

# The command line: the median of RUNS runs (two passes over the file: evidence, then cleaning).
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  status=0
  target/release/ocrclean clean --no-config --jsonl --quiet "$corpus" >/dev/null || status=$?
  [ "$status" -le 1 ] || { echo "ocrclean failed with $status" >&2; exit 1; }
  times+=("$(echo "$(date +%s.%N) - $start" | bc)")
done
secs=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
printf '%s records, %.1f MB of text, %s runs each, %s cores\n' \
  "$records" "$(echo "$bytes / 1000000" | bc -l)" "$runs" "$(nproc)"
"$venv/bin/python" benches/python_engines.py "$corpus" "$runs" | {
  read -r header
  echo "$header"
  awk -v r="$records" -v b="$bytes" -v t="$secs" \
    'BEGIN {printf "%-22s %10.0f %8.2f %8.2f\n", "ocrclean clean --jsonl", r / t, b / t / 1e6, t}'
  cat
}
