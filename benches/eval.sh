#!/usr/bin/env bash
# Reruns the quality evaluation on the shared dev sets (never copied into the repository), with
# wall and CPU time. Pass extra options for every run, e.g. `benches/eval.sh --unsafe-fixes`.
#
#   benches/eval.sh                       # default pipeline
#   SHARED=/path/to/shared benches/eval.sh --unsafe-fixes --select ALL
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../../shared}
[ -d "$shared/eval" ] || shared=/work/shared
overproof="$shared/eval/overproof-smh/articles.jsonl"
icdar="$shared/eval/icdar2017-en-periodicals/eng_periodical"
[ -f "$overproof" ] && [ -d "$icdar" ] || { echo "eval sets not found under $shared/eval" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/ocrclean
run() {
  echo "== ocrclean eval $*"
  /usr/bin/time -f "   (%e s wall, %U s user, %M KB peak)" "$bin" eval -q "$@"
  echo
}
run "$overproof" --baseline-field overproof_lines "$@"
run "$overproof" --baseline-field overproof_lines --unwrap "$@"
run "$icdar" "$@"
run --clean-prose "$overproof" "$icdar" "$@"
