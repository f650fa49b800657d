"""Spark (local mode) and the local engine find the same networks and flags on a small feed."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from palermo.recruitment import networks_of, write_networks, write_screening
from palermo.recruitment.spark import networks_spark, screen_feed_spark

pytestmark = pytest.mark.slow  # a JVM starts


def test_spark_and_local_give_the_same_networks_and_screening(spark, feed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feed["frame"].write_parquet(tmp_path / "ads.parquet")
    local = networks_of(feed["screened"], feed["frame"])
    write_networks(local, tmp_path / "local", pictures=0)
    networks_spark(
        tmp_path / "ads.parquet",
        tmp_path / "spark",
        pictures=0,
        spark=spark,
        registry=feed["registry"],
    )
    mine = pl.read_csv(tmp_path / "local" / "networks.csv").sort("ad_id")
    theirs = pl.read_csv(tmp_path / "spark" / "networks.csv").sort("ad_id")
    assert mine.height > 100 and mine.equals(theirs)
    write_screening(feed["screened"], tmp_path / "local")
    screen_feed_spark(
        tmp_path / "ads.parquet", tmp_path / "spark", spark=spark, registry=feed["registry"]
    )
    a = pl.read_csv(tmp_path / "local" / "screening.csv").sort("ad_id")
    b = pl.read_csv(tmp_path / "spark" / "screening.csv").sort("ad_id")
    assert a.equals(b)


def test_without_pyspark_the_error_names_the_extra(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import builtins

    from palermo.errors import PalermoError
    from palermo.recruitment import spark as module

    real_import = builtins.__import__

    def refuse(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "pyspark":
            raise ImportError("no pyspark")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", refuse)
    with pytest.raises(PalermoError) as err:
        module._pyspark()
    assert "pip install 'palermo[spark]'" in (err.value.hint or "")
