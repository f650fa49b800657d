"""The true list-overlap table, derived from ground truth."""

from __future__ import annotations

import polars as pl


def overlap_table(
    truth: pl.DataFrame, agency_ids: list[str] | tuple[str, ...], true_total: int | None = None
) -> pl.DataFrame:
    """Victims per capture history from ``record_id, agency_id, person_id`` rows.

    Returns columns ``pattern`` (one 0/1 character per agency of ``agency_ids``,
    in that order) and ``victims``. With ``true_total`` the all-zero pattern (the
    victims no agency found) is added, which only the simulator can know.
    Records of the same person at the same agency count once.
    """
    order = list(agency_ids)
    flags = (
        truth.select("person_id", "agency_id")
        .unique()
        .with_columns(pl.lit(1, dtype=pl.UInt8).alias("hit"))
        .pivot(on="agency_id", index="person_id", values="hit")
    )
    for agency_id in order:
        if agency_id not in flags.columns:
            flags = flags.with_columns(pl.lit(None, dtype=pl.UInt8).alias(agency_id))
    pattern = pl.concat_str([pl.col(a).is_not_null().cast(pl.UInt8).cast(pl.String) for a in order])
    table = flags.group_by(pattern.alias("pattern")).agg(pl.len().cast(pl.Int64).alias("victims"))
    if true_total is not None:
        unseen = true_total - flags.height
        table = pl.concat(
            [table, pl.DataFrame({"pattern": ["0" * len(order)], "victims": [unseen]})]
        )
    return table.sort("pattern")
