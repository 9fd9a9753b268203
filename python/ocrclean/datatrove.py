"""datatrove: pipeline steps that clean ``doc.text``, with the evidence of the whole corpus.

Two pipelines, as ``ocrclean clean --jsonl`` makes two passes over a file: the first gathers the
evidence of each task's documents into a folder (``GatherEvidence``), the second adds it up and
cleans every document with it (``OcrClean``), so the result is the same as cleaning the whole
corpus as one batch however it is split into tasks::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from ocrclean.datatrove import GatherEvidence, OcrClean

    gather = LocalPipelineExecutor([JsonlReader("corpus/"), GatherEvidence("evidence/")], tasks=4)
    clean = LocalPipelineExecutor(
        [JsonlReader("corpus/"), OcrClean(evidence="evidence/"), JsonlWriter("cleaned/")],
        tasks=4,
        depends=gather,
    )
    clean.run()

``OcrClean`` records the applied changes per rule code in ``doc.metadata[annotate]`` (with the
text it removed, as ``--annotate`` does) and in the step's stats.
"""

import json
from typing import Iterator, List, Optional, Union

from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep

from ocrclean._ocrclean import Evidence, Pipeline

__all__ = ["GatherEvidence", "OcrClean"]

SUFFIX = ".evidence"


def _batches(data: DocumentsPipeline, size: int) -> Iterator[List[Document]]:
    batch: List[Document] = []
    for doc in data:
        batch.append(doc)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class GatherEvidence(PipelineStep):
    """Gathers the evidence of the documents that pass (unchanged) into
    ``output_folder/<rank>.evidence``, for ``OcrClean(evidence=output_folder)``."""

    name = "ocrclean evidence"
    type = "📊 - STATS"

    def __init__(
        self,
        output_folder: DataFolderLike,
        pipeline: Optional[Pipeline] = None,
        batch_size: int = 2048,
        threads: int = 1,
    ):
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.pipeline = pipeline or Pipeline()
        self.batch_size = batch_size
        self.threads = threads

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        evidence = Evidence()
        for batch in _batches(data, self.batch_size):
            with self.track_time(unit="batch"):
                part = self.pipeline.gather([d.text for d in batch], threads=self.threads)
                evidence = evidence + part
            yield from batch
        with self.output_folder.open(f"{rank:05d}{SUFFIX}", "wb") as f:
            f.write(evidence.to_bytes())
        self.stat_update("documents", value=evidence.documents)


class OcrClean(PipelineStep):
    """Cleans ``doc.text``.

    ``evidence`` is the folder ``GatherEvidence`` wrote (every ``*.evidence`` file in it is added
    up), or an ``Evidence``; without it, each batch of ``batch_size`` documents is its own batch.
    ``annotate`` names the metadata field for the summary of what changed (``None``: none).
    """

    name = "ocrclean"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        pipeline: Optional[Pipeline] = None,
        evidence: Union[Evidence, DataFolderLike, None] = None,
        batch_size: int = 256,
        annotate: Optional[str] = "ocrclean",
        threads: int = 1,
    ):
        super().__init__()
        self.pipeline = pipeline or Pipeline()
        self.evidence_source = evidence
        self.batch_size = batch_size
        self.annotate = annotate
        self.threads = threads

    def _evidence(self) -> Optional[Evidence]:
        source = self.evidence_source
        if source is None or isinstance(source, Evidence):
            return source
        folder = get_datafolder(source)
        files = sorted(f for f in folder.list_files() if f.endswith(SUFFIX))
        if not files:
            raise FileNotFoundError(
                f"no {SUFFIX} files in {folder.path}: run GatherEvidence into it first"
            )

        def read(name: str) -> Evidence:
            with folder.open(name, "rb") as f:
                return Evidence.from_bytes(f.read())

        return Evidence.sum(read(name) for name in files)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        evidence = self._evidence()
        for batch in _batches(data, self.batch_size):
            with self.track_time(unit="batch"):
                # Applied changes only (the counts), so the stages that could only hold
                # fixes back are skipped.
                results = self.pipeline.clean_many(
                    [d.text for d in batch],
                    evidence=evidence,
                    threads=self.threads,
                    pending=False,
                )
            for doc, result in zip(batch, results):
                self.stat_update("changed" if result.changed else "unchanged")
                for code, n in result.counts.items():
                    self.stat_update(code, value=n)
                doc.text = result.text
                if self.annotate is not None:
                    doc.metadata[self.annotate] = json.loads(result.annotation_json)
                yield doc
