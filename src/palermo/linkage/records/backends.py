"""Where Splink runs: DuckDB in this process, or Apache Spark (extra ``palermo[spark]``)."""

from __future__ import annotations

import os
import sys
from typing import Any

from palermo.errors import ConfigurationError

SPARK_EXTRA = "pip install 'palermo[spark]'"


def local_spark(cores: int = 2, shuffle_partitions: int = 2) -> Any:
    """A local SparkSession sized for one machine (Splink registers its UDF jar itself)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigurationError(
            "The Spark backend needs PySpark, which is not installed.",
            hint=f"Install the extra: {SPARK_EXTRA} (and a Java 17 runtime).",
        ) from None
    from splink.backends.spark import similarity_jar_location

    # Python workers must run this interpreter (the one with Palermo installed), whichever
    # job of the process starts Spark first: the session is shared.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .config("spark.pyspark.python", sys.executable)
        .appName("palermo-linkage")
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.default.parallelism", str(cores))
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )


def db_api(backend: str, spark: Any = None, *, memory_limit: str = "3GB") -> Any:
    """Splink's database API for ``backend`` ('duckdb' or 'spark').

    DuckDB gets ``memory_limit`` (it spills to a temporary directory beyond it), so a
    national run shares a machine instead of taking 80% of its memory.
    """
    if backend == "duckdb":
        import tempfile

        import duckdb
        from splink import DuckDBAPI

        con = duckdb.connect(":memory:")
        con.execute(f"SET memory_limit = '{memory_limit}'")
        # Spill to the system's temporary directory, not beside the caller's files.
        con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/palermo-duckdb'")
        return DuckDBAPI(con)
    try:
        from splink.backends.spark import SparkAPI
    except ImportError:
        raise ConfigurationError(
            "The Spark backend needs PySpark, which is not installed.",
            hint=f"Install the extra: {SPARK_EXTRA} (and a Java 17 runtime).",
        ) from None
    session = spark if spark is not None else local_spark()
    context = session.sparkContext
    if context.getCheckpointDir() is None:
        # Splink breaks long query lineages with checkpoints.
        import tempfile

        context.setCheckpointDir(tempfile.mkdtemp(prefix="palermo-spark-"))
    partitions = int(session.conf.get("spark.sql.shuffle.partitions", "200"))
    return SparkAPI(spark_session=session, num_partitions_on_repartition=partitions)
