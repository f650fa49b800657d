"""Capture data for multiple systems estimation from linked records, and its sensitivity.

:func:`capture_from_links` reads a ``palermo link records`` run; the store's runs give
the same tables through ``palermo.cooperate.estimates``. Both return the capture data
(wide, or long with strata for ``by``) at the estimation threshold and the estimate at
each threshold of the sensitivity analysis.

Which threshold estimates use (:data:`ESTIMATION_THRESHOLD`): missed links inflate a
multiple systems estimate more than false merges shrink it (a missed link makes one
person two, each seen on fewer lists, which is what the model reads as a low chance of
being seen), so estimation joins records at a lower match probability than a linkage
for case work would. The threshold sensitivity table shows how much the choice moves
the estimate; the figures behind the default are in ``bench/bench_linkage_estimate.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from palermo.errors import ValidationFailed

#: Match probability at which estimates join records (a run's own threshold serves cases).
ESTIMATION_THRESHOLD = 0.5
BY_ALIASES = {"sex": "prs_Gender", "gender": "prs_Gender", "citizenship": "prs_Citizenship"}


@dataclass(frozen=True)
class SensitivityRow:
    threshold: float
    persons: int
    estimate: float | None
    lower: float | None
    upper: float | None

    def to_dict(self) -> dict[str, float | int | None]:
        return dict(self.__dict__)


def by_columns(by: Iterable[str]) -> tuple[str, ...]:
    return tuple(BY_ALIASES.get(b, b) for b in by)


def capture_data(table: pl.DataFrame, names: list[str], by: list[str]) -> Any:
    """An overlap table (0/1 per list, strata, ``count``) as the estimation engine's input."""
    from palermo.estimation import LongTable, from_histories

    rows = table.iter_rows(named=True)
    if not by:
        return from_histories(names, [([n for n in names if r[n]], int(r["count"])) for r in rows])
    people = []
    for r in rows:
        lists = frozenset(n for n in names if r[n])
        strata = {
            b: "" if r[c] is None else str(r[c]) for b, c in zip(by, by_columns(by), strict=True)
        }
        people += [(lists, strata)] * int(r["count"])
    return LongTable(tuple(names), tuple(people), tuple(by))


def sensitivity(
    tables: Iterable[tuple[float, int, pl.DataFrame]], names: list[str], spec: Any
) -> list[SensitivityRow]:
    """The estimate with ``spec``'s method at each ``(threshold, persons, overlap table)``.

    A Wald interval stands in for a bootstrap (one per threshold would multiply the time).
    """
    from palermo.estimation import estimate

    quick = replace(spec, ci="wald") if spec.ci == "bca" else spec
    rows = []
    for threshold, persons, table in tables:
        present = [n for n in names if n in table.columns]
        found = estimate(capture_data(table, present, []), quick)
        rows.append(SensitivityRow(threshold, persons, found.estimate, found.lower, found.upper))
    return rows


def check_lists(lists: str) -> None:
    if lists not in ("agency", "agency_type"):
        raise ValidationFailed(f"Unknown --lists {lists!r}.", hint="Use agency or agency_type.")


def capture_at(
    clusters_at: Callable[[float], pl.DataFrame],
    records: pl.DataFrame,
    *,
    lists: str,
    by: list[str],
    spec: Any,
    threshold: float,
    thresholds: Iterable[float],
    inputs: tuple[str, ...] = (),
) -> tuple[Any, list[SensitivityRow]]:
    """Capture data at ``threshold`` and the sensitivity over ``thresholds``, given
    ``clusters_at(t)`` (record_id, cluster_id) and the records (agency_id, strata)."""
    from palermo.linkage.records.histories import overlap_table

    check_lists(lists)
    columns = by_columns(by)
    unknown = [c for c in columns if c not in records.columns]
    if unknown:
        raise ValidationFailed(
            f"--by {', '.join(unknown)}: not a column of the linked records.",
            hint="Use sex, citizenship or an HTCDS column such as prs_Gender.",
        )

    def table_at(t: float, strata: tuple[str, ...] = ()) -> tuple[int, pl.DataFrame]:
        clusters = clusters_at(t)
        found = overlap_table(clusters, records, lists=lists, by=strata, inputs=inputs)  # type: ignore[arg-type]
        return clusters["cluster_id"].n_unique(), found

    _, table = table_at(threshold, columns)
    names = [c for c in table.columns if c not in (*columns, "count")]
    rows = sensitivity(((t, *table_at(t)) for t in sorted(thresholds)), names, spec)
    return capture_data(table, names, by), rows


def capture_from_links(
    directory: Path, lists: str, by: list[str], spec: Any, threshold: float | None = None
) -> tuple[Any, list[SensitivityRow]]:
    """The capture data of a ``link records`` run at ``threshold`` (the estimation default
    when None), and the estimate at each sensitivity threshold."""
    from palermo.linkage.records.histories import SENSITIVITY_THRESHOLDS, load_run

    run = load_run(directory)
    # The floor the run kept pairs from, not the lowest pair found: match probabilities
    # are bimodal, so a run may have no pair between its floor and 0.6.
    floor = run.pairs_floor
    chosen = ESTIMATION_THRESHOLD if threshold is None else threshold
    if chosen < floor:
        raise ValidationFailed(
            f"The run kept pairs from {floor:.2f} up; it cannot join records at {chosen}.",
            hint=f"Choose --link-threshold {floor:.2f} or above, or link again.",
        )
    return capture_at(
        run.clusters_at,
        run.records,
        lists=lists,
        by=by,
        spec=spec,
        threshold=chosen,
        thresholds=[t for t in SENSITIVITY_THRESHOLDS if t >= floor],
        inputs=run.inputs,
    )
