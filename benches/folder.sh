#!/usr/bin/env bash
# Cleans a generated folder of text files (default 512 MB in 100 KB files) with
# `ocrclean clean --check`, and reports wall time, throughput and peak memory (GNU time's maximum
# resident set size). The folder is read a window at a time, so peak memory should stay flat as
# SIZE_MB grows: compare SIZE_MB=128 with the default.
#
#   benches/folder.sh                 # 512 MB
#   SIZE_MB=128 benches/folder.sh
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${SIZE_MB:-512}
work=${WORK:-target/bench-folder}
dir="$work/folder-${size_mb}mb"
cargo build --release --quiet

if [ ! -d "$dir" ]; then
  echo "generating $dir ..." >&2
  python3 - "$size_mb" "$dir" <<'PY'
import os, random, sys
size = int(sys.argv[1]) * 1_000_000
root = sys.argv[2]
rng = random.Random(11)
words = ("the council said on monday that the harbour ferry fares would rise in april after "
         "fuel costs climbed sharply and passengers groups called the increase unfair to shift "
         "workers who rely on the late sailings across the bay").split()
noise = ["\u00a0", "  ", "\ufb01", "\u200b", "   \n\n\n", "tbe", "RussiaChina", "frag-\nment"]
written = n = 0
while written < size:
    sub = os.path.join(root, f"{n // 500:03d}")
    os.makedirs(sub, exist_ok=True)
    paras = []
    while sum(map(len, paras)) < 100_000:
        out = []
        for _ in range(rng.randint(30, 80)):
            w = rng.choice(words)
            if rng.random() < 0.02:
                w += " " + rng.choice(noise)
            out.append(w)
        paras.append(" ".join(out).capitalize() + ".")
    text = "\n\n".join(paras) + "\n\nTHE BAY HERALD Page %d\n" % (n % 40)
    with open(os.path.join(sub, f"{n:05d}.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    written += len(text.encode())
    n += 1
print(f"{n} files, {written / 1e6:.0f} MB", file=sys.stderr)
PY
fi

set +e
/usr/bin/time -v -o "$work/time.txt" \
  ./target/release/ocrclean clean --no-config --check --quiet "$dir" > /dev/null
status=$?
set -e
[ "$status" -le 1 ] || { echo "ocrclean failed with $status" >&2; exit 1; }
grep -E "Elapsed|Maximum resident" "$work/time.txt" >&2
python3 -c '
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"Elapsed .*: (?:(\d+):)?(\d+):([\d.]+)", t)
secs = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
print(f"throughput: {int(sys.argv[2]) / secs:.1f} MB/s (all cores)", file=sys.stderr)
' "$work/time.txt" "$size_mb"
