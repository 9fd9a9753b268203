"""PySpark: clean a DataFrame's text column, with the evidence of the whole DataFrame.

Two passes, as ``ocrclean clean --jsonl`` makes over a file: each partition's evidence is
gathered (``mapInArrow``), collected and added up on the driver, broadcast, and every partition is
cleaned with the sum, so the result is the same as cleaning the whole DataFrame as one batch
however Spark partitions it::

    import ocrclean.spark
    df = spark.read.json("corpus/")
    cleaned = ocrclean.spark.clean_dataframe(df, column="text", annotate="ocrclean")
    cleaned.write.json("cleaned/")

A task uses ``spark.task.cpus`` threads; each Python worker builds the pipeline once.
"""

from typing import Iterator, Optional

import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql.types import StringType, StructField, StructType

from ocrclean._columns import clean_column
from ocrclean._ocrclean import Evidence, Pipeline

__all__ = ["clean_dataframe", "gather_dataframe"]


def _task_threads() -> int:
    from pyspark import TaskContext

    context = TaskContext.get()
    return max(1, int(context.cpus())) if context is not None else 1


def gather_dataframe(
    df: DataFrame, column: str = "text", pipeline: Optional[Pipeline] = None
) -> Evidence:
    """The evidence of every text of ``column``: gathered per partition, added up here."""
    pipeline = pipeline or Pipeline()

    def gather(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        texts = (
            t for b in batches for t in b.column(0).to_pylist() if t is not None
        )
        evidence = pipeline.gather(texts, threads=_task_threads())
        yield pa.RecordBatch.from_pydict(
            {"evidence": [evidence.to_bytes()]}, schema=pa.schema([("evidence", pa.binary())])
        )

    rows = df.select(column).mapInArrow(gather, "evidence binary").collect()
    return Evidence.sum(Evidence.from_bytes(bytes(r.evidence)) for r in rows)


def clean_dataframe(
    df: DataFrame,
    column: str = "text",
    pipeline: Optional[Pipeline] = None,
    *,
    annotate: Optional[str] = None,
    evidence: Optional[Evidence] = None,
) -> DataFrame:
    """``df`` with ``column`` cleaned, as one batch with the evidence of the whole DataFrame.

    ``pipeline`` defaults to ``Pipeline()``. ``annotate`` names a string column to add (or
    replace) holding each record's ``--annotate`` summary as JSON text. ``evidence`` skips the
    first pass (give the evidence of the whole corpus, e.g. from ``gather_dataframe``).
    """
    pipeline = pipeline or Pipeline()
    if evidence is None:
        evidence = gather_dataframe(df, column, pipeline)
    shared = df.sparkSession.sparkContext.broadcast(evidence)
    fields = [f for f in df.schema.fields if f.name != annotate]
    if annotate is not None:
        fields.append(StructField(annotate, StringType(), True))
    schema = StructType(fields)
    arrow_schema = None

    def clean(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        nonlocal arrow_schema
        threads = _task_threads()
        for batch in batches:
            texts = batch.column(batch.schema.get_field_index(column)).to_pylist()
            cleaned, notes = clean_column(
                pipeline, texts, shared.value, threads, annotate is not None
            )
            columns = {}
            for name in schema.names:
                if name == column:
                    columns[name] = pa.array(cleaned, type=pa.string())
                elif name == annotate:
                    columns[name] = pa.array(notes, type=pa.string())
                else:
                    columns[name] = batch.column(batch.schema.get_field_index(name))
            yield pa.RecordBatch.from_pydict(columns)

    return df.mapInArrow(clean, schema)
