"""datatrove: a gathering pipeline and a cleaning pipeline, each with a JSON Lines reader over the
corpus's blocks in four tasks; the written output equals `ocrclean clean --jsonl` over the whole
corpus, record for record, and the counts per rule are in the metadata and the stats."""

import json

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

import ocrclean
from ocrclean.datatrove import GatherEvidence, OcrClean
from conftest import assert_same_as_cli


def test_datatrove_pipeline_equals_the_cli(corpus, tmp_path):
    pipeline = ocrclean.Pipeline(unsafe_fixes=True)
    blocks = str(corpus["blocks"])
    evidence, out, logs = tmp_path / "evidence", tmp_path / "out", tmp_path / "logs"
    gather = LocalPipelineExecutor(
        [JsonlReader(blocks), GatherEvidence(str(evidence), pipeline=pipeline)],
        tasks=4,
        workers=2,
        logging_dir=str(logs / "gather"),
    )
    clean = LocalPipelineExecutor(
        [
            JsonlReader(blocks),
            OcrClean(pipeline=pipeline, evidence=str(evidence)),
            JsonlWriter(str(out), compression=None),
        ],
        tasks=4,
        workers=2,
        logging_dir=str(logs / "clean"),
        depends=gather,
    )
    clean.run()
    assert len(list(evidence.glob("*.evidence"))) == 4
    got = {}
    for path in out.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            got[r["id"]] = (r["text"], r["metadata"]["ocrclean"])
            assert r["metadata"]["source"].startswith("block-"), "other fields are kept"
    assert_same_as_cli(corpus, got)
    stats = json.loads((logs / "clean" / "stats.json").read_text())
    ours = next(s for s in stats if s["name"].startswith("✂️ - FORMAT"))["stats"]
    for code in ("FUR201", "HYP001", "UNI001"):
        # datatrove writes a stat whose every update was 1 as a plain count.
        stat = ours[code] if isinstance(ours[code], int) else ours[code]["total"]
        assert stat == sum(r["ocrclean"]["counts"].get(code, 0) for r in corpus["expected"].values())
    assert ours["changed"] + ours["unchanged"] == len(corpus["records"])
