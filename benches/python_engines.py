#!/usr/bin/env python3
"""Times the Python package against the command line on a JSON Lines corpus (benches/python.sh
runs it).

    python benches/python_engines.py CORPUS.jsonl RUNS OCRCLEAN_BIN

Like is compared with like, two by two, and the two of a pair run one after the other in every
round (so that a load that comes and goes falls on both):

- ``ocrclean clean --jsonl --quiet`` (a filter: it skips the stages whose rules are all unsafe)
  against ``clean_many(texts, pending=False)`` (which skips them the same way);
- ``ocrclean clean --jsonl --annotate`` (which finds the unsafe fixes too) against
  ``clean_many(texts)`` (whose changes include them);
- Ray Data in local mode (``ocrclean.ray.clean_dataset``, two passes: gather per block in tasks,
  add up, clean in actors) with one worker of one thread against two.

Both sides of each pair clean every text of the corpus as one batch on all cores (Ray: on its
actors). Every figure is the median of RUNS timed rounds, after one untimed round (imports, page
cache, Ray's worker processes); a Ray run starts once all of Ray's CPUs are free (the actors of
the run before give theirs back seconds after its output is in hand); MB/s counts the texts'
UTF-8 bytes. The load average is printed before and after each pair: figures taken at a load
above the number of cores are not the machine's speed.
"""

import json
import logging
import os
import statistics
import subprocess
import sys
import time

import ray

import ocrclean
import ocrclean.ray

#: Blocks of the Ray dataset: several per actor, so that two actors share the work evenly.
BLOCKS = 16


def load() -> str:
    return "load %.1f %.1f %.1f" % os.getloadavg()


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def pair(runs, first, second, before=lambda: None):
    """The median seconds of ``first`` and ``second``, run alternately ``runs`` times after one
    untimed round of each, ``before`` (untimed) ahead of every run."""
    before()
    first()
    before()
    second()
    a, b = [], []
    for _ in range(runs):
        before()
        a.append(seconds(first))
        before()
        b.append(seconds(second))
    return statistics.median(a), statistics.median(b)


def ray_idle(cpus, limit=60.0):
    """Waits (at most ``limit`` seconds) until Ray has all ``cpus`` free: the actors of the run
    before hold theirs for seconds after its output is in hand, and a run started meanwhile
    would be timed waiting for them."""
    end = time.monotonic() + limit
    while ray.available_resources().get("CPU", 0) < cpus and time.monotonic() < end:
        time.sleep(0.05)


def row(name, records, size, secs):
    print(f"{name:<30} {records / secs:>10.0f} {size / secs / 1e6:>8.2f} {secs:>8.2f}")


def cli_run(binary, path, *args):
    def run():
        status = subprocess.run(
            [binary, "clean", "--no-config", "--jsonl", "--quiet", *args, path],
            stdout=subprocess.DEVNULL,
            check=False,
        ).returncode
        # 1: something changed.
        if status > 1:
            sys.exit(f"ocrclean failed with status {status}")

    return run


def main(argv):
    path, runs, binary = argv[1], int(argv[2]), argv[3]
    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    texts = [r["text"] for r in records]
    n, size = len(texts), sum(len(t.encode("utf-8")) for t in texts)
    cores = os.cpu_count()
    print(f"{n} records, {size / 1e6:.1f} MB of text, median of {runs} runs, {cores} cores")
    print(f"{'engine':<30} {'records/s':>10} {'MB/s':>8} {'seconds':>8}")
    pipeline = ocrclean.Pipeline()

    def ratio(name, num, den):
        print(f"{name:<30} {num / den:>10.2f}")

    before = load()
    cli, api = pair(
        runs, cli_run(binary, path), lambda: pipeline.clean_many(texts, pending=False)
    )
    row("cli --jsonl (filter)", n, size, cli)
    row("clean_many(pending=False)", n, size, api)
    ratio("clean_many / cli (filter)", cli, api)
    print(f"  {before}; after: {load()}")

    before = load()
    cli, api = pair(
        runs, cli_run(binary, path, "--annotate=ocrclean"), lambda: pipeline.clean_many(texts)
    )
    row("cli --jsonl --annotate", n, size, cli)
    row("clean_many()", n, size, api)
    ratio("clean_many / cli (annotate)", cli, api)
    print(f"  {before}; after: {load()}")

    # Quiet, so that the figures are the output: Ray Data logs every execution.
    ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING
    )
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    ray.data.DataContext.get_current().enable_progress_bars = False
    items = [{"id": r["id"], "text": r["text"]} for r in records]
    # Read before timing: the actors hold both CPUs while they run.
    ds = ray.data.from_items(items, override_num_blocks=BLOCKS).materialize()

    def on_ray(actors):
        def run():
            ocrclean.ray.clean_dataset(ds, pipeline=pipeline, concurrency=actors).materialize()

        return run

    before = load()
    one, two = pair(runs, on_ray(1), on_ray(2), before=lambda: ray_idle(2))
    row("ray, 1 worker", n, size, one)
    row("ray, 2 workers", n, size, two)
    ratio("ray 2 workers / 1 worker", one, two)
    print(f"  {before}; after: {load()}")
    ray.shutdown()


if __name__ == "__main__":
    main(sys.argv)
