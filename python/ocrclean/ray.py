"""Ray Data: clean a dataset's text column, with the evidence of the whole dataset.

Two passes, as ``ocrclean clean --jsonl`` makes over a file: actors gather the evidence of each
block, the driver adds it up, and actors clean every block with the sum, so the result is the
same as cleaning the whole dataset as one batch however Ray splits it into blocks::

    import ray, ocrclean.ray
    ds = ray.data.read_json("corpus/")
    cleaned = ocrclean.ray.clean_dataset(ds, column="text", annotate="ocrclean")
    cleaned.write_json("cleaned/")

The cleaning actors build their pipeline once (a callable class) and use ``num_cpus`` threads each.
The first pass runs as tasks, not actors: its work per block is small, and actors hold their CPUs
until Ray tears them down, seconds after the pass ends, so a second pool of actors would wait for
them; a task's CPU is free as soon as its block is counted. Actors hold their CPUs while they live:
on a small cluster, leave a CPU for the tasks that read a lazy dataset (``concurrency`` below the
cluster's CPUs), or materialize it first.
"""

from typing import Any, Dict, Optional, Tuple, Union

import pyarrow as pa
import ray

from ocrclean._columns import clean_column
from ocrclean._ocrclean import Evidence, Pipeline

__all__ = ["clean_dataset", "gather_dataset"]

Concurrency = Union[int, Tuple[int, int], None]


def _actors(concurrency: Concurrency) -> Optional["ray.data.ActorPoolStrategy"]:
    """A pool of ``concurrency`` actors, or from ``min`` to ``max`` for a pair; ``None``: Ray's
    autoscaling pool."""
    if concurrency is None:
        return None
    if isinstance(concurrency, int):
        return ray.data.ActorPoolStrategy(size=concurrency)
    low, high = concurrency
    return ray.data.ActorPoolStrategy(min_size=low, max_size=high)


def _tasks(concurrency: Concurrency) -> Optional["ray.data.TaskPoolStrategy"]:
    """At most ``concurrency`` tasks at once (the larger of a pair); ``None``: Ray's default."""
    if concurrency is None:
        return None
    size = concurrency if isinstance(concurrency, int) else concurrency[1]
    return ray.data.TaskPoolStrategy(size=size)


class _Gather:
    """The first pass on one block: one row with the block's evidence. Run as a task, it is
    unpickled (its pipeline rebuilt from its settings) once per block."""

    def __init__(self, pipeline: Pipeline, column: str, threads: int):
        self.pipeline = pipeline
        self.column = column
        self.threads = threads

    def __call__(self, batch: pa.Table) -> Dict[str, Any]:
        texts = (t for t in batch.column(self.column).to_pylist() if t is not None)
        evidence = self.pipeline.gather(texts, threads=self.threads)
        return {"evidence": [evidence.to_bytes()]}


class _Clean:
    """Actor of the second pass: cleans each batch with the corpus's evidence."""

    def __init__(
        self,
        pipeline: Pipeline,
        evidence: Any,
        column: str,
        annotate: Optional[str],
        threads: int,
    ):
        self.pipeline = pipeline
        # The evidence travels through the object store; each actor fetches it once.
        self.evidence = ray.get(evidence) if isinstance(evidence, ray.ObjectRef) else evidence
        self.column = column
        self.annotate = annotate
        self.threads = threads

    def __call__(self, batch: pa.Table) -> pa.Table:
        texts = batch.column(self.column).to_pylist()
        cleaned, notes = clean_column(
            self.pipeline, texts, self.evidence, self.threads, self.annotate is not None
        )
        index = batch.schema.get_field_index(self.column)
        batch = batch.set_column(index, self.column, pa.array(cleaned, type=pa.string()))
        if self.annotate is not None:
            if self.annotate in batch.schema.names:
                batch = batch.drop_columns([self.annotate])
            batch = batch.append_column(self.annotate, pa.array(notes, type=pa.string()))
        return batch


def gather_dataset(
    ds: "ray.data.Dataset",
    column: str = "text",
    pipeline: Optional[Pipeline] = None,
    *,
    concurrency: Concurrency = None,
    num_cpus: int = 1,
) -> Evidence:
    """The evidence of every text of ``column``: gathered per block by tasks (at most
    ``concurrency`` at once, ``num_cpus`` threads each), added up here."""
    pipeline = pipeline or Pipeline()
    parts = ds.select_columns([column]).map_batches(
        _Gather(pipeline, column, num_cpus),
        batch_format="pyarrow",
        batch_size=None,
        compute=_tasks(concurrency),
        num_cpus=num_cpus,
    )
    return Evidence.sum(Evidence.from_bytes(row["evidence"]) for row in parts.iter_rows())


def clean_dataset(
    ds: "ray.data.Dataset",
    column: str = "text",
    pipeline: Optional[Pipeline] = None,
    *,
    annotate: Optional[str] = None,
    evidence: Optional[Evidence] = None,
    batch_size: Optional[int] = None,
    concurrency: Concurrency = None,
    num_cpus: int = 1,
) -> "ray.data.Dataset":
    """``ds`` with ``column`` cleaned, as one batch with the evidence of the whole dataset.

    ``pipeline`` defaults to ``Pipeline()``. ``annotate`` names a column to add (or replace)
    holding each record's ``--annotate`` summary as JSON text. ``evidence`` skips the first pass
    (give the evidence of the whole corpus, e.g. from ``gather_dataset``). ``concurrency`` is
    the number of actors (Ray's default: an autoscaling pool), each with ``num_cpus`` threads.
    ``batch_size`` is the records per call (``None``: a whole block): the output does not depend
    on it, as every text is cleaned with the whole dataset's evidence, and fewer, larger calls
    spend less of the workers' time in Ray and in converting the column.
    """
    pipeline = pipeline or Pipeline()
    if evidence is None:
        evidence = gather_dataset(
            ds, column, pipeline, concurrency=concurrency, num_cpus=num_cpus
        )
    return ds.map_batches(
        _Clean,
        fn_constructor_kwargs={
            "pipeline": pipeline,
            "evidence": ray.put(evidence),
            "column": column,
            "annotate": annotate,
            "threads": num_cpus,
        },
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=_actors(concurrency),
        num_cpus=num_cpus,
        udf_modifying_row_count=False,
    )
