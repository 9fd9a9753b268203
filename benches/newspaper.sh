#!/usr/bin/env bash
# Throughput and peak memory of the whole default pipeline (everything `--out-dir` runs, pending
# unsafe fixes included) on generated newspaper corpora, with one and with two jobs.
#
#   benches/newspaper.sh                    # mixed, historic, clean: 64 MB each
#   benches/newspaper.sh historic           # one of mixed | historic | clean | exports
#   SIZE_MB=16 RUNS=3 benches/newspaper.sh  # smaller corpora, best of three runs
#   BIN=/tmp/ocrclean-old benches/newspaper.sh mixed   # another binary (no build)
#
# The corpora are built by benches/newspaper_corpus.py from ../shared/eval and the samples (see
# its header) into $WORK (target/bench-newspaper), once; delete the folder to rebuild them. Each
# run writes the cleaned copies to $WORK/out and deletes them. MB/s is input bytes over wall time
# (GNU time); CPU MB/s is input bytes over user + system time, which a machine busy with other
# work disturbs less (with two jobs it is not a speed-up, only the cost); peak RSS is GNU time's
# maximum resident set size. Each run prints them, with the largest input file, since memory is
# bounded by twice the largest document plus 64 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${SIZE_MB:-64}
runs=${RUNS:-1}
work=${WORK:-target/bench-newspaper}
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(mixed historic clean)
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/ocrclean
fi
mkdir -p "$work"

printf '%-9s %5s %8s %9s %9s %11s %12s\n' corpus jobs "MB/s" "best MB/s" "CPU MB/s" "peak RSS" \
  "largest file"
for kind in "${kinds[@]}"; do
  dir="$work/$kind-${size_mb}mb"
  if [ ! -d "$dir" ]; then
    python3 benches/newspaper_corpus.py "$kind" "$size_mb" "$dir"
  fi
  bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
  largest=$(find "$dir" -type f -printf '%s\n' | sort -n | tail -1)
  for jobs in 1 2; do
    best=0
    for _ in $(seq "$runs"); do
      rm -rf "$work/out"
      set +e
      /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
        "$BIN" clean --no-config --quiet --jobs "$jobs" --out-dir "$work/out" "$dir" >/dev/null
      status=$?
      set -e
      [ "$status" -le 1 ] || { echo "ocrclean failed with $status" >&2; exit 1; }
      read -r secs user sys rss_kb < <(tail -n 1 "$work/time.txt")
      mbps=$(awk -v b="$bytes" -v s="$secs" 'BEGIN {printf "%.1f", b / s / 1e6}')
      cpu=$(awk -v b="$bytes" -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", b / (u + s) / 1e6}')
      best=$(awk -v a="$best" -v b="$mbps" 'BEGIN {print (b > a) ? b : a}')
      printf '%-9s %5s %8s %9s %9s %8.1f MB %9.1f KB\n' "$kind" "$jobs" "$mbps" "$best" "$cpu" \
        "$(awk -v k="$rss_kb" 'BEGIN {print k / 1024}')" \
        "$(awk -v b="$largest" 'BEGIN {print b / 1024}')"
    done
  done
done
rm -rf "$work/out"
