"""Ray Data in local mode, on the corpus read as at least four blocks: the output equals
`ocrclean clean --jsonl` over the whole corpus, record for record."""

import json

import pytest

ray = pytest.importorskip("ray")

import ocrclean
import ocrclean.ray
from conftest import BLOCKS, assert_same_as_cli


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def test_ray_dataset_equals_the_cli(local_ray, corpus):
    files = sorted(str(p) for p in corpus["blocks"].glob("*.jsonl"))
    # Read first: two actors hold both CPUs, and a lazy read would wait for one.
    ds = ray.data.read_json(files, override_num_blocks=BLOCKS).materialize()
    assert ds.num_blocks() >= 4
    pipeline = ocrclean.Pipeline(unsafe_fixes=True)
    cleaned = ocrclean.ray.clean_dataset(
        ds, column="text", pipeline=pipeline, annotate="ocrclean", concurrency=2
    )
    rows = cleaned.take_all()
    got = {r["id"]: (r["text"], json.loads(r["ocrclean"])) for r in rows}
    assert all(r["source"].startswith("block-") for r in rows), "other columns are kept"
    assert_same_as_cli(corpus, got)


def test_ray_with_given_evidence(local_ray, corpus):
    pipeline = ocrclean.Pipeline(unsafe_fixes=True)
    evidence = pipeline.gather(r["text"] for r in corpus["records"])
    ds = ray.data.from_items(corpus["records"], override_num_blocks=5).materialize()
    cleaned = ocrclean.ray.clean_dataset(ds, pipeline=pipeline, evidence=evidence, concurrency=1)
    got = {r["id"]: (r["text"], None) for r in cleaned.take_all()}
    assert_same_as_cli(corpus, got)
