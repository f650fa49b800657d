"""The same small world linked on Spark (local mode) gives the same clusters as DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from palermo.linkage.records import LinkSpec, link_records, read_records, write_outputs
from palermo.simulate import WorldSpec, write_world

pytest.importorskip("pyspark")


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    from palermo.linkage.records.backends import local_spark

    session = local_spark(cores=2, shuffle_partitions=2)
    yield session
    session.stop()  # type: ignore[attr-defined]


def _partition(clusters: pl.DataFrame) -> set[frozenset[str]]:
    groups = clusters.group_by("cluster_id").agg("record_id")
    return {frozenset(ids) for ids in groups["record_id"].to_list()}


@pytest.mark.slow
def test_spark_and_duckdb_give_the_same_clusters(spark: object, tmp_path: Path) -> None:
    write_world(WorldSpec(victims=150, agencies=3, seed=5), tmp_path, formats=("csv",))
    records = read_records([tmp_path])
    duck = link_records(records, LinkSpec(), key=b"k" * 32)
    model = tmp_path / "run"
    write_outputs(duck, model)
    # Same trained model on both backends: prediction and clustering must agree.
    on_spark = link_records(
        records, LinkSpec(backend="spark", model=model / "model.json"), key=b"k" * 32, spark=spark
    )
    on_duck = link_records(records, LinkSpec(model=model / "model.json"), key=b"k" * 32)
    assert _partition(on_spark.clusters) == _partition(on_duck.clusters)
    assert on_spark.clusters.sort("record_id").equals(on_duck.clusters.sort("record_id"))
    joined = on_spark.pairs.join(on_duck.pairs, on=["unique_id_l", "unique_id_r"], how="full")
    assert joined.height == on_duck.pairs.height
