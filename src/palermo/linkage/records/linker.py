"""Link agencies' records into persons with Splink: ``link_records(records, spec)``.

The steps: features (:mod:`.features`), a count of the comparisons the blocking
rules make (refused over ``spec.max_comparisons``, naming the rule to tighten),
unsupervised training (prior from deterministic rules, u by random sampling, m by
expectation maximisation; or a saved model), prediction, and agency-aware
clustering (:mod:`.clusters`). DuckDB runs it by default; Spark (``palermo[spark]``)
runs the same settings. Records come as a Polars frame (:func:`.inputs.read_records`
or :func:`.inputs.records_frame`), so files and a database export link alike.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl

from palermo.errors import ValidationFailed
from palermo.linkage.records import model
from palermo.linkage.records.backends import db_api
from palermo.linkage.records.blocks import candidate_pairs, hashed
from palermo.linkage.records.clusters import NODE_COLUMNS, Clustering, cluster_pairs, person_keys
from palermo.linkage.records.features import prepare_features
from palermo.linkage.records.guard import BlockingCount, choose_rules, refuse_over_cap

Progress = Callable[[str], None]
PAIR_COLUMNS = ("unique_id_l", "unique_id_r", "agency_id_l", "agency_id_r")
_NUMBER = pl.int_range(pl.len(), dtype=pl.Int64).alias("unique_id")


@dataclass(frozen=True)
class LinkSpec:
    """How to link.

    ``threshold``: match probability at which two records are one person.
    ``pairs_floor``: pairs kept for the output and the threshold sensitivity.
    ``max_comparisons``: refuse to predict over this many candidate pairs.
    ``model``: a saved model.json to reuse (no training). ``event_dates``: compare
    the dates of recruitment and exploitation too. ``comparisons_per_record``:
    the budget within which wide blocking rules are kept. ``u_pairs``: random
    pairs drawn to estimate u (by default 20 per record, between 100,000 and 1,000,000);
    ``em_pairs``: blocked pairs sampled for each expectation-maximisation session;
    ``train_records``: training reads a random sample of this many records (the
    parameters are shares, which a uniform sample of records keeps: the share of
    matching pairs among all pairs, m and u), so its time stops growing with the
    register.
    """

    threshold: float = 0.9
    pairs_floor: float = 0.3
    max_comparisons: int = 200_000_000
    backend: Literal["duckdb", "spark"] = "duckdb"
    model: Path | None = None
    event_dates: bool = True
    comparisons_per_record: int = 12
    u_pairs: float | None = None
    em_pairs: float = 2e6
    train_records: int = 200_000
    seed: int = 42

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise ValidationFailed(
                f"The match threshold must be between 0 and 1 (got {self.threshold}).",
                hint="Use a match probability such as 0.9.",
            )
        if self.backend not in ("duckdb", "spark"):
            raise ValidationFailed(
                f"Unknown backend {self.backend!r}.", hint="Choose duckdb or spark."
            )


@dataclass(frozen=True, eq=False)
class LinkResult:
    """The persons found: ``clusters`` (record_id, cluster_id), ``pairs`` scored."""

    spec: LinkSpec
    records: int
    agencies: tuple[str, ...]
    clusters: pl.DataFrame = field(repr=False)
    pairs: pl.DataFrame = field(repr=False)
    nodes: pl.DataFrame = field(repr=False)
    model_json: dict[str, Any] = field(repr=False)
    blocking: tuple[BlockingCount, ...]
    clustering: Clustering = field(repr=False)
    seconds: dict[str, float]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    key: bytes = field(default=b"", repr=False)

    @property
    def persons(self) -> int:
        return self.clusters["cluster_id"].n_unique()

    def at_threshold(self, threshold: float) -> pl.DataFrame:
        """Clusters again at another threshold (within the kept pairs), same person keys."""
        return person_keys(cluster_pairs(self.nodes, self.pairs, threshold).labels, self.key)


def _present(features: pl.DataFrame) -> frozenset[str]:
    counts = features.select(pl.all().is_not_null().sum()).row(0, named=True)
    return frozenset(c for c, n in counts.items() if n)


def _count(
    features: pl.DataFrame, spec: LinkSpec, say: Progress
) -> tuple[list[Any], Any, pl.DataFrame]:
    """The rules kept, their counts, and the hashed frame blocking reuses."""
    n = features.height
    budget = min(spec.max_comparisons, spec.comparisons_per_record * n)
    candidates = model.blocking_rules(_present(features), events=spec.event_dates)
    frame = hashed(features, candidates)
    rules, counts = choose_rules(frame, candidates, budget=budget)
    total = counts[-1].cumulative if counts else 0
    say(f"up to {total:,} comparisons from {len(rules)} blocking rules")
    for c in counts:
        say(f"  {c.comparisons:>14,}  {c.rule}" + ("" if c.kept else "  (left out: over budget)"))
    refuse_over_cap(counts, spec.max_comparisons)
    return rules, counts, frame


#: Feature columns Splink reads (comparisons and training blocks); the others serve blocking.
SPLINK_COLUMNS = (
    "unique_id", "agency_id", "gl", "fl", "gk", "fk", "nk", "ns", "abjad", "ft1", "ft2", "gg",
    "dob", "birth_y", "birth_m", "birth_d", "doc", "dp", "ds", "sex", "cit1", "cit2", "phone",
    "rd", "ed",
)  # fmt: skip


def _train(
    api: Any, settings: Any, work: pl.DataFrame, spec: LinkSpec, present: frozenset[str],
    say: Progress,
) -> dict[str, Any]:  # fmt: skip
    """Train on a sample of the records; the trained model as JSON."""
    from splink import Linker

    sample = (
        work.sample(spec.train_records, seed=spec.seed)
        if work.height > spec.train_records
        else work
    )
    table = api.register(sample.to_arrow(), table_name="__palermo_training")
    linker = Linker(table, settings, log_level=logging.ERROR)
    n = sample.height
    say(f"training on {n:,} records")
    training = linker.training
    say("training: prior from deterministic rules")
    training.estimate_probability_two_random_records_match(
        model.deterministic_rules(present), recall=model.DETERMINISTIC_RECALL
    )
    say("training: u probabilities by random sampling")
    pairs = spec.u_pairs or min(1e6, max(1e5, 20.0 * n))
    training.estimate_u_using_random_sampling(max_pairs=pairs, seed=spec.seed)
    for rule in model.training_blocks(present):
        say("training: expectation maximisation")
        # A sample of the blocked pairs trains as well as all of them, and pairs
        # sharing a birth date number tens of millions in a national register.
        training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=spec.em_pairs
        )
    trained: dict[str, Any] = linker.misc.save_model_to_json()
    table.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    return trained


def link_records(
    records: pl.DataFrame,
    spec: LinkSpec | None = None,
    *,
    key: bytes | None = None,
    spark: Any = None,
    progress: Progress | None = None,
) -> LinkResult:
    """Link ``records`` (:mod:`.inputs` columns) into persons.

    ``key`` is the secret of the person keys (HMAC); without one a random key is
    drawn, so that person keys are stable within this run only. ``spark`` is a
    SparkSession for ``backend="spark"`` (a local one is made when None);
    ``progress`` receives one line per step.
    """
    import os

    from splink import Linker

    spec = spec or LinkSpec()
    key = key or os.urandom(32)
    say = progress or (lambda _line: None)
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = now - clock
        clock = now

    say(f"features of {records.height:,} records")
    features = prepare_features(records)
    present = _present(features)
    lap("features")
    rules, counts, frame = _count(features, spec, say)
    lap("count")
    say("blocking: candidate pairs")
    blocked = candidate_pairs(frame, rules)
    del frame
    say(f"  {blocked.height:,} distinct candidate pairs")
    lap("blocking")
    # Splink reads record numbers (integer joins); record ids come back after scoring.
    ids = features["unique_id"]
    work = features.select(SPLINK_COLUMNS).with_columns(_NUMBER)
    nodes = features.select(NODE_COLUMNS)
    del features
    api = db_api(spec.backend, spark)
    settings = model.settings(present, rules, events=spec.event_dates)
    trained = (
        _load_model(spec.model) if spec.model else _train(api, settings, work, spec, present, say)
    )
    lap("training")
    table = api.register(work.to_arrow(), table_name="__palermo_records")
    linker = Linker(table, settings, log_level=logging.ERROR)
    model.apply_parameters(linker, trained)
    say("predicting pairs")
    registered = api.register(blocked.to_arrow(), table_name="__palermo_blocked")
    del blocked
    linker.table_management.register_blocked_pairs_for_predict(registered)
    predicted = linker.inference.predict(
        threshold_match_probability=spec.pairs_floor, warning_mode="never"
    )
    scored = pl.from_arrow(predicted.as_pyarrow_table())
    assert isinstance(scored, pl.DataFrame)
    pairs = scored.select(
        *(ids.gather(scored[c]).alias(c) for c in ("unique_id_l", "unique_id_r")),
        "agency_id_l", "agency_id_r", "match_probability", "match_weight",
    )  # fmt: skip
    lap("predict")
    say(f"clustering {pairs.height:,} pairs at {spec.threshold}")
    clustering = cluster_pairs(nodes, pairs, spec.threshold)
    lap("cluster")
    model_json = linker.misc.save_model_to_json()
    from palermo.linkage.records.charts import splink_charts

    charts = splink_charts(linker, settings, predicted, work, scored, clustering.labels, counts)
    lap("charts")
    return LinkResult(
        spec=spec,
        records=records.height,
        agencies=tuple(sorted(records["agency_id"].unique().to_list())),
        clusters=person_keys(clustering.labels, key),
        pairs=pairs,
        nodes=nodes,
        model_json=model_json,
        blocking=counts,
        clustering=clustering,
        seconds=times,
        charts=charts,
        key=key,
    )


def _load_model(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValidationFailed(
            f"Cannot read the model {path}: {exc}.", hint="Give a model.json written by a run."
        ) from None
    if "comparisons" not in data:
        raise ValidationFailed(
            f"{path} is not a Splink model (no comparisons).",
            hint="Give the model.json written beside an earlier run's clusters.",
        )
    return data
