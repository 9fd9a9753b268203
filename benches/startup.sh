#!/usr/bin/env bash
# Start-up: how long `ocrclean clean` takes on one small file, start to end (the bar is 20 ms).
# Prints the median and the best of RUNS runs, wall and CPU (user + system) time, with the load
# average beside them: on a machine busy with other work the wall time mostly measures the wait
# for a core, and the CPU time is the figure to compare. For a count that does not depend on the
# load, run the same command under `valgrind --tool=callgrind` (instructions).
#
#   benches/startup.sh                          # samples/council-vote.txt, 50 runs
#   RUNS=200 benches/startup.sh FILE            # another file
#   BIN=/tmp/ocrclean-old benches/startup.sh    # another binary (no build)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-50}
file=${1:-samples/council-vote.txt}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/ocrclean
fi
python3 - "$BIN" "$file" "$runs" <<'PY'
import os, statistics, subprocess, sys, time
binary, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
wall, cpu = [], []
for _ in range(runs):
    start = time.perf_counter()
    child = subprocess.Popen([binary, "clean", "--no-config", "--quiet", path],
                             stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall.append((time.perf_counter() - start) * 1000)
    cpu.append((usage.ru_utime + usage.ru_stime) * 1000)
    if os.waitstatus_to_exitcode(status) > 1:
        sys.exit(f"ocrclean failed with {os.waitstatus_to_exitcode(status)}")
load = " ".join(open("/proc/loadavg").read().split()[:3])
print(f"{path}, {runs} runs (load average {load})")
print(f"wall: median {statistics.median(wall):.1f} ms, best {min(wall):.1f} ms")
print(f"CPU:  median {statistics.median(cpu):.1f} ms, best {min(cpu):.1f} ms")
PY
