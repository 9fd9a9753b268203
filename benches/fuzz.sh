#!/usr/bin/env bash
# Fuzzes every mode's code path for SECONDS (default 60): arbitrary bytes and arbitrary Unicode
# through decoding, the pipeline with every rule and unsafe fixes, the diff, JSON and HTML
# reports and the JSON Lines reader (fuzz/src/lib.rs says what is checked). No panic is allowed,
# the JSON report must replay to the output, and a second run must change nothing.
#
#   benches/fuzz.sh 3600        an hour; nice -n 19 benches/fuzz.sh 3600 on a shared machine
#   benches/fuzz.sh 3600 -fork=1 -ignore_crashes=1
#                               keeps going after a failure (each one saved in fuzz/artifacts/):
#                               arguments after SECONDS go to libFuzzer as they are
#
# libFuzzer, coverage-guided, on the stable toolchain: the coverage instrumentation cargo-fuzz
# asks for (-Cpasses=sancov-module and its -Cllvm-args) is made of stable flags, so the target
# is built with plain cargo; only AddressSanitizer would need nightly, and the crate has no
# unsafe code for it to watch. The corpus grows in fuzz/corpus/ (seeded from samples/); an input
# that fails is saved in fuzz/artifacts/ and the script exits 1. Rerun one with
# `fuzz/target/HOST/release/every_mode fuzz/artifacts/crash-...`
# (HOST is `rustc -vV`'s host, e.g. x86_64-unknown-linux-gnu).
set -euo pipefail
seconds=${1:-60}
shift || true
cd "$(dirname "$0")/../fuzz"
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module \
-Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
-Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares \
-Cdebug-assertions -Coverflow-checks"
# With an explicit --target, RUSTFLAGS reach only the target's code, not build scripts and proc
# macros (which would otherwise need libFuzzer's symbols to link), as cargo-fuzz does it.
host=$(rustc -vV | sed -n 's/^host: //p')
cargo build --release --target "$host" --features libfuzzer --bin every_mode
mkdir -p corpus artifacts seeds
cp ../samples/*.txt ../samples/expected/*.txt ../samples/corpus.jsonl seeds/ 2>/dev/null || true
# Inputs up to 64 KB: long enough for paragraphs, captions and folios, short enough to run fast.
exec "target/$host/release/every_mode" corpus seeds \
    -max_total_time="$seconds" -max_len=65536 -timeout=60 -rss_limit_mb=4096 \
    -artifact_prefix=artifacts/ -print_final_stats=1 "$@"
