"""A small synthetic feed of ads (with truth and registry), screened once per session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import polars as pl
import pytest

from palermo.recruitment import AgencyRegistry, FeedSpec, screen_frame
from palermo.recruitment.feed import check_feed
from palermo.simulate.ads import AdsSpec, iter_ads, registry_of

FEED_SPEC = AdsSpec(n=1500, seed=11)


@pytest.fixture(scope="session")
def feed() -> dict[str, Any]:
    ads, truth = next(iter_ads(FEED_SPEC, chunk_size=FEED_SPEC.n))
    frame = check_feed(pl.DataFrame(ads))
    registry = AgencyRegistry.from_records(registry_of(FEED_SPEC))
    screened = screen_frame(frame, spec=FeedSpec(workers=1), registry=registry)
    return {
        "frame": frame,
        "truth": pl.DataFrame(truth),
        "registry": registry,
        "screened": screened,
    }


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session (2 threads, 2 shuffle partitions) for every Spark test."""
    pytest.importorskip("pyspark")
    from palermo.recruitment.spark import spark_session

    session = spark_session("local[2]", shuffle_partitions=2)
    yield session
    session.stop()
