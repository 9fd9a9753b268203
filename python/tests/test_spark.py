"""PySpark on `local[2]`, on the corpus in at least four partitions: the output equals
`ocrclean clean --jsonl` over the whole corpus, record for record."""

import json
import os
import sys

import pytest

pyspark = pytest.importorskip("pyspark")

from pyspark.sql import SparkSession

import ocrclean
import ocrclean.spark
from conftest import assert_same_as_cli


@pytest.fixture(scope="module")
def spark():
    # The workers run this interpreter (the virtual environment's), not the first python3 on PATH.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("ocrclean-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_dataframe_equals_the_cli(spark, corpus):
    df = spark.read.json(str(corpus["blocks"])).repartition(5)
    assert df.rdd.getNumPartitions() >= 4
    pipeline = ocrclean.Pipeline(unsafe_fixes=True)
    cleaned = ocrclean.spark.clean_dataframe(
        df, column="text", pipeline=pipeline, annotate="ocrclean"
    )
    assert cleaned.columns == df.columns + ["ocrclean"]
    rows = cleaned.collect()
    got = {r["id"]: (r["text"], json.loads(r["ocrclean"])) for r in rows}
    assert all(r["source"].startswith("block-") for r in rows), "other columns are kept"
    assert_same_as_cli(corpus, got)
