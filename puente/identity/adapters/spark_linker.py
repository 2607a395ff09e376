"""The identity model on Splink's Spark backend: a local Spark session and a linker on it.

The settings, training, scoring and clustering are the DuckDB ones (``settings("spark")``
differs only in the names of two array functions); this module only supplies the backend.
Needs the ``spark`` extra (pyspark 3.5) and Java 17.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pyarrow as pa
from splink import Linker

from puente.identity.adapters.splink_linker import make_linker

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# A local session sized like the DuckDB one: two cores, a bounded heap, and one shuffle
# partition per core (Spark's default of 200 is for clusters: a small linkage would spend its
# time scheduling near-empty tasks).
SPARK_CORES = 2
SPARK_DRIVER_MEMORY = "2g"
SPARK_SHUFFLE_PARTITIONS = SPARK_CORES


@contextmanager
def local_spark() -> Iterator[SparkSession]:
    """A local Spark session with Splink's similarity functions (Jaro-Winkler, Levenshtein…)
    on its class path and a temporary checkpoint directory; stopped on leaving."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    with tempfile.TemporaryDirectory(prefix="puente-spark-") as checkpoints:
        spark = (
            SparkSession.builder.master(f"local[{SPARK_CORES}]")
            .appName("puente-identity")
            # A local session talks to itself only: a host name that does not resolve (as in
            # some containers) must not stop the driver from binding.
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.driver.memory", SPARK_DRIVER_MEMORY)
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", str(SPARK_SHUFFLE_PARTITIONS))
            .config("spark.default.parallelism", str(SPARK_SHUFFLE_PARTITIONS))
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        try:
            spark.sparkContext.setLogLevel("ERROR")
            # Splink writes its intermediate tables here as Parquet, cutting each query's lineage.
            spark.sparkContext.setCheckpointDir(checkpoints)
            yield spark
        finally:
            spark.stop()


def spark_frame(spark: SparkSession, table: pa.Table) -> DataFrame:
    """An Arrow table as a Spark DataFrame with the same column types (Spark 3 cannot take
    Arrow directly; it goes through pandas with the Arrow schema translated)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return spark.createDataFrame(table.to_pandas(), schema=from_arrow_schema(table.schema))


def spark_linker(spark: SparkSession) -> Callable[[pa.Table], Linker]:
    """Builds the identity model's linker over a feature table on ``spark``."""
    from splink import SparkAPI

    def build(features: pa.Table) -> Linker:
        api = SparkAPI(spark_session=spark, break_lineage_method="parquet")  # type: ignore[no-untyped-call]
        return make_linker(api, spark_frame(spark, features), "spark")

    return build


@contextmanager
def local_spark_linker() -> Iterator[Callable[[pa.Table], Linker]]:
    """``spark_linker`` on a local session that lasts as long as the block."""
    with local_spark() as spark:
        yield spark_linker(spark)
