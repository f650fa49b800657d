"""Screening a feed and finding its networks on Apache Spark (``pip install 'palermo[spark]'``).

Each partition of the feed is screened by the same code as locally, in
``mapInPandas``: risk, flags, contact keys, MinHash signature and LSH band keys per
ad. Spark then groups ads by band key and by contact (each tied to the member of
smallest ad id, as locally), checks candidate template pairs by signature agreement in
SQL, and hands the ties to the driver, where the connected components and the
evidence of each network are computed with the local code. The ties of a million ads
fit in a driver's memory; the texts collected are those of ads in networks only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from palermo.errors import PalermoError, ValidationFailed
from palermo.recruitment.feed import OPTIONAL, REQUIRED
from palermo.recruitment.registry import AgencyRegistry
from palermo.recruitment.templates import NetworkSpec, band_keys

FEATURES = (
    "ad_id string, risk string, score int, language string, flags string, evidence string, "
    "contacts array<string>, usable boolean, sig array<int>, bands array<bigint>"
)


def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError as exc:
        raise PalermoError(
            "Spark is not installed: the --engine spark option needs the spark extra.",
            hint="pip install 'palermo[spark]'",
        ) from exc
    return pyspark


def spark_session(master: str = "local[2]", *, shuffle_partitions: int = 2) -> Any:
    """A Spark session (local mode by default) for the recruitment jobs."""
    _pyspark()
    import os
    import sys

    from pyspark.sql import SparkSession

    # The workers must run this interpreter, which has Palermo installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (
        SparkSession.builder.master(master)
        .appName("palermo-recruitment")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )


def read_feed_spark(spark: Any, path: Path) -> Any:
    from pyspark.sql import functions as F

    suffix = path.suffix.lower()
    if not path.exists():
        raise ValidationFailed(f"No such file: {path}.", hint="Check the path.")
    if suffix == ".csv":
        frame = (
            spark.read.option("header", True)
            .option("multiLine", True)
            .option("escape", '"')
            .csv(str(path))
        )
    elif suffix in (".parquet", ".pq"):
        frame = spark.read.parquet(str(path))
    elif suffix in (".jsonl", ".ndjson"):
        frame = spark.read.json(str(path))
    else:
        raise ValidationFailed(
            f"Cannot read {path.name}: unknown file type.", hint="Give .csv, .parquet or .jsonl."
        )
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ValidationFailed(f"The feed lacks the column(s) {', '.join(missing)}.")
    return frame.select(
        *[F.col(c).cast("string") for c in REQUIRED + OPTIONAL if c in frame.columns],
        *[F.lit(None).cast("string").alias(c) for c in OPTIONAL if c not in frame.columns],
    )


def _features(registry: AgencyRegistry | None, spec: NetworkSpec):  # type: ignore[no-untyped-def]
    records = registry.records if registry is not None else None

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd  # type: ignore[import-untyped]
        import polars as pl

        from palermo.recruitment.bulk import _init, _screen_chunk
        from palermo.recruitment.feed import check_feed

        _init(records, None)
        for batch in batches:
            if batch.empty:
                continue
            frame = check_feed(pl.from_pandas(batch.astype(object).where(batch.notna(), None)))
            chunk = {c: frame[c].to_list() for c in ("text", "contract", "country", "language")}
            out = _screen_chunk(chunk, spec)
            keys = band_keys(out["sig"], spec).view(np.int64)
            yield pd.DataFrame(
                {
                    "ad_id": frame["ad_id"].to_list(),
                    "risk": out["risks"],
                    "score": out["scores"],
                    "language": out["languages"],
                    "flags": [";".join(c for c, _ in row) for row in out["flags"]],
                    "evidence": [
                        json.dumps([e for _, e in row], ensure_ascii=False) for row in out["flags"]
                    ],
                    "contacts": [list(c) for c in out["contacts"]],
                    "usable": out["usable"],
                    "sig": list(out["sig"].view(np.int32)),
                    "bands": list(keys),
                }
            )

    return run


def _features_frame(
    spark: Any, path: Path, registry: AgencyRegistry | None, spec: NetworkSpec
) -> tuple[Any, Any]:
    feed = read_feed_spark(spark, path)
    return feed, feed.mapInPandas(_features(registry, spec), FEATURES).cache()


def screen_feed_spark(
    path: Path, out: Path, *, registry: AgencyRegistry | None = None, spark: Any = None
) -> dict[str, Any]:
    """``palermo ads screen --engine spark``: the same files as locally."""
    from palermo.recruitment.bulk import FeedScreening, write_screening

    spark = spark or spark_session()
    _, features = _features_frame(spark, path, registry, NetworkSpec())
    rows = (
        features.select("ad_id", "risk", "score", "language", "flags", "evidence", "contacts")
        .orderBy("ad_id")
        .collect()
    )
    result = FeedScreening(
        ad_ids=tuple(r.ad_id for r in rows),
        risks=tuple(r.risk for r in rows),
        scores=tuple(r.score for r in rows),
        languages=tuple(r.language for r in rows),
        flags=tuple(
            tuple(zip(r.flags.split(";"), json.loads(r.evidence), strict=True)) if r.flags else ()
            for r in rows
        ),
        contacts=tuple(tuple(r.contacts) for r in rows),
    )
    return write_screening(result, out)


def spark_ties(
    features: Any, spec: NetworkSpec
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """Template pairs, contact pairs (ad ids) and (ad id, contact key) memberships."""
    from pyspark.sql import functions as F

    usable = features.filter("usable").select("ad_id", F.posexplode("bands").alias("band", "key"))
    heads = usable.groupBy("key").agg(F.min("ad_id").alias("head"))
    candidates = (
        usable.join(heads, "key").filter("ad_id != head").select("ad_id", "head").distinct()
    )
    sig = features.select("ad_id", "sig")
    agree = F.aggregate(
        F.zip_with("sa", "sb", lambda x, y: F.when(x == y, 1).otherwise(0)),
        F.lit(0),
        lambda acc, v: acc + v,
    )
    verified = (
        candidates.join(sig.withColumnRenamed("sig", "sa"), "ad_id")
        .join(sig.withColumnRenamed("ad_id", "head").withColumnRenamed("sig", "sb"), "head")
        .filter(agree / F.lit(spec.num_perm) >= F.lit(spec.threshold))
        .select("ad_id", "head")
    )
    members = features.select("ad_id", F.explode("contacts").alias("key")).distinct()
    counted = members.groupBy("key").agg(F.min("ad_id").alias("head"), F.count("*").alias("n"))
    if spec.max_contact_ads is not None:
        counted = counted.filter(F.col("n") <= spec.max_contact_ads)
    kept = members.join(counted.select("key", "head"), "key")
    contact = kept.filter("ad_id != head").select("ad_id", "head")
    return (
        [(r.ad_id, r.head) for r in verified.collect()],
        [(r.ad_id, r.head) for r in contact.collect()],
        [(r.ad_id, r.key) for r in kept.select("ad_id", "key").collect()],
    )


def networks_spark(
    path: Path,
    out: Path,
    *,
    registry: AgencyRegistry | None = None,
    pictures: int = 10,
    spec: NetworkSpec | None = None,
    spark: Any = None,
) -> dict[str, Any]:
    """``palermo ads networks --engine spark``: networks.csv and the evidence, as locally."""
    from palermo.recruitment.bulk import write_networks
    from palermo.recruitment.networks import assemble

    spec = spec or NetworkSpec()
    spark = spark or spark_session()
    feed, features = _features_frame(spark, path, registry, spec)
    template, contact, memberships = spark_ties(features, spec)
    tied = sorted({ad for pair in template + contact for ad in pair})
    index = {ad: i for i, ad in enumerate(tied)}
    wanted = spark.createDataFrame([(ad,) for ad in tied], "ad_id string")
    joined = feed.join(wanted, "ad_id").join(features.select("ad_id", "risk", "flags"), "ad_id")
    details = {r.ad_id: r for r in joined.collect()}

    def pairs(found: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        return (
            np.array([index[a] for a, _ in found], dtype=np.int64),
            np.array([index[b] for _, b in found], dtype=np.int64),
        )

    kept = [(ad, key) for ad, key in memberships if ad in index]
    rows = [details[ad] for ad in tied]
    nets = assemble(
        spec=spec,
        ad_ids=tied,
        texts=[r.text or "" for r in rows],
        template=pairs(template),
        contact=pairs(contact),
        contact_rows=np.array([index[a] for a, _ in kept], dtype=np.int64),
        contact_keys=[k for _, k in kept],
        meta={
            "sites": [r.site or "" for r in rows],
            "cities": [r.city or "" for r in rows],
            "countries": [r.country or "" for r in rows],
            "risks": [r.risk for r in rows],
            "flags": [tuple(r.flags.split(";")) if r.flags else () for r in rows],
        },
    )
    return write_networks(nets, out, pictures=pictures, risks={r.ad_id: r.risk for r in rows})
