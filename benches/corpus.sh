#!/usr/bin/env bash
# Streams a generated JSON Lines corpus (default 1 GB of records, gzipped) through
# `ocrclean clean --jsonl`, and reports wall time, throughput and peak memory (GNU time's
# maximum resident set size), then checks that every record came out, in order, with its other
# fields intact. Memory must stay flat: it should not grow with SIZE_MB.
#
#   benches/corpus.sh                 # 1024 MB
#   SIZE_MB=256 benches/corpus.sh     # smaller, to compare peak memory across sizes
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${SIZE_MB:-1024}
work=${WORK:-target/bench-corpus}
mkdir -p "$work"
corpus="$work/corpus-${size_mb}mb.jsonl.gz"
cargo build --release --quiet

if [ ! -f "$corpus" ]; then
  echo "generating $corpus ..." >&2
  python3 - "$size_mb" "$corpus" <<'PY'
import gzip, json, random, sys
size = int(sys.argv[1]) * 1_000_000
rng = random.Random(7)
words = ("the council said on monday that the harbour ferry fares would rise in april after "
         "fuel costs climbed sharply and passengers groups called the increase unfair to shift "
         "workers who rely on the late sailings across the bay").split()
noise = ["\u00a0", "  ", " \u00ad", "\ufb01", "\u200b", "   \n\n\n", "\u0093", "caf\u00c3\u00a9"]
def paragraph():
    out = []
    for _ in range(rng.randint(30, 80)):
        w = rng.choice(words)
        if rng.random() < 0.02:
            w += rng.choice(noise)
        out.append(w)
    return " ".join(out).capitalize() + "."
written = n = 0
with gzip.open(sys.argv[2], "wt", compresslevel=1, encoding="utf-8") as f:
    while written < size:
        text = "\n\n".join(paragraph() for _ in range(rng.randint(3, 12)))
        rec = {"id": f"doc-{n}", "text": text, "meta": {"n": n, "source": "bench", "score": n % 7 / 8}}
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode())
        n += 1
print(f"{n} records, {written / 1e6:.0f} MB uncompressed", file=sys.stderr)
PY
fi
ls -l "$corpus" >&2

# Timed: the corpus file itself (gzip decoded by ocrclean), records to stdout, thrown away.
/usr/bin/time -v -o "$work/time.txt" \
  ./target/release/ocrclean clean --no-config --jsonl --quiet "$corpus" > /dev/null
grep -E "Elapsed|Maximum resident" "$work/time.txt" >&2
python3 -c '
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed .*: (?:(\d+):)?(\d+):([\d.]+)", t)
secs = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
print(f"throughput: {int(sys.argv[2]) / secs:.1f} MB/s of records (all cores)", file=sys.stderr)
' "$work/time.txt" "$size_mb"

# Untimed: the same run into a checker.
./target/release/ocrclean clean --no-config --jsonl --quiet "$corpus" | python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    r = json.loads(line)
    assert r["id"] == f"doc-{n}", (n, r["id"])
    assert r["meta"] == {"n": n, "source": "bench", "score": n % 7 / 8}, (n, r["meta"])
    assert list(r) == ["id", "text", "meta"], list(r)
    n += 1
print(f"checked {n} records: in order, other fields intact", file=sys.stderr)
'
