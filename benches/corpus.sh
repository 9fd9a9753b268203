#!/usr/bin/env bash
# Streams a JSON Lines corpus (default 1 GB of records, gzipped) through
# `ocrclean clean --jsonl --out-dir`, with one and with two jobs, and reports throughput and peak
# memory (GNU time's maximum resident set size), then checks that every record came out, in order,
# with its other fields intact. Memory must stay flat: it should not grow with SIZE_MB.
#
#   benches/corpus.sh                 # 1024 MB
#   SIZE_MB=256 benches/corpus.sh     # smaller, to compare peak memory across sizes
#   BIN=/tmp/ocrclean-old benches/corpus.sh   # another binary (no build)
#
# The records are the mixed newspaper corpus of benches/newspaper_corpus.py (historic OCR, modern
# exports and clean prose, a third of the bytes each), built once into $WORK
# (target/bench-corpus). MB/s counts the records' uncompressed bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${SIZE_MB:-1024}
work=${WORK:-target/bench-corpus}
mkdir -p "$work"
corpus="$work/mixed-${size_mb}mb.jsonl.gz"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/ocrclean
fi

if [ ! -f "$corpus" ]; then
  echo "generating $corpus ..." >&2
  python3 benches/newspaper_corpus.py mixed "$size_mb" "$corpus"
fi
ls -l "$corpus" >&2
bytes=$(zcat "$corpus" | wc -c)

printf '%5s %8s %9s %11s\n' jobs "MB/s" "CPU MB/s" "peak RSS"
for jobs in 1 2; do
  rm -rf "$work/out"
  set +e
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
    "$BIN" clean --no-config --jsonl --quiet --jobs "$jobs" --out-dir "$work/out" "$corpus" \
    >/dev/null
  status=$?
  set -e
  [ "$status" -le 1 ] || { echo "ocrclean failed with $status" >&2; exit 1; }
  read -r secs user sys rss_kb < <(tail -n 1 "$work/time.txt")
  awk -v j="$jobs" -v b="$bytes" -v t="$secs" -v u="$user" -v s="$sys" -v m="$rss_kb" \
    'BEGIN {printf "%5s %8.1f %9.1f %8.1f MB\n", j, b / t / 1e6, b / (u + s) / 1e6, m / 1024}'
done

# Untimed: the records of the last run, into a checker.
zcat "$work/out/$(basename "$corpus")" | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    r = json.loads(line)
    assert r["id"] == f"doc-{n}", (n, r["id"])
    assert r["meta"]["n"] == n and r["meta"]["score"] == n % 7 / 8, (n, r["meta"])
    assert list(r) == ["id", "text", "meta"], list(r)
    n += 1
print(f"checked {n} records: in order, other fields intact", file=sys.stderr)
'
rm -rf "$work/out"
