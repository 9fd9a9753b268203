#!/usr/bin/env python3
"""Times the Python package on a JSON Lines corpus (benches/python.sh runs it).

    python benches/python_engines.py CORPUS.jsonl RUNS

Prints one row per way of cleaning the corpus's texts: ``clean_many`` (one call: the evidence of
the whole list, then every text, on all cores), and Ray Data in local mode with one and with two
actors of one thread each (``ocrclean.ray.clean_dataset``: gather per block, sum, clean). Each row
is the median of RUNS runs, wall-clock; MB/s counts the texts' UTF-8 bytes, as python.sh does for
the command line's row.
"""

import json
import statistics
import sys
import time

import ocrclean

BLOCKS = 16


def timed(runs, fn):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name, records, size, seconds):
    print(f"{name:<22} {records / seconds:>10.0f} {size / seconds / 1e6:>8.2f} {seconds:>8.2f}")


def main(argv):
    path, runs = argv[1], int(argv[2])
    with open(path, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    texts = [r["text"] for r in records]
    size = sum(len(t.encode("utf-8")) for t in texts)
    pipeline = ocrclean.Pipeline()
    print(f"{'engine':<22} {'records/s':>10} {'MB/s':>8} {'seconds':>8}")
    row("clean_many", len(texts), size, timed(runs, lambda: pipeline.clean_many(texts)))

    import ray
    import ocrclean.ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    items = [{"id": r["id"], "text": r["text"]} for r in records]
    # Read before timing: the actors hold both CPUs while they run.
    ds = ray.data.from_items(items, override_num_blocks=BLOCKS).materialize()
    for actors in (1, 2):

        def run():
            cleaned = ocrclean.ray.clean_dataset(ds, pipeline=pipeline, concurrency=actors)
            cleaned.materialize()

        row(f"ray, {actors} worker{'s' if actors > 1 else ''}", len(texts), size, timed(runs, run))
    ray.shutdown()


if __name__ == "__main__":
    main(sys.argv)
