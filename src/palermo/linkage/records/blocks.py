"""The candidate pairs of the blocking rules, made once, before Splink scores them.

Splink would run one join per rule and exclude, in every rule, the pairs an
earlier rule found (a condition per earlier rule on every joined row); with a
score of rules that costs more than scoring. Here each rule is one equi-join of
integer record numbers in Polars, the pairs of all rules are stacked as one
64-bit key per unordered pair, and duplicates are dropped once. The table has
the shape Splink reads from ``register_blocked_pairs_for_predict``
(``match_key`` is the number of the first rule that found the pair), so DuckDB
and Spark score exactly the same pairs.

A rule with ``missing`` joins only records lacking that column to every other
record (a person whose birth year one agency did not record), so its cost is
the number of such records times their group sizes, not the square of a group.
"""

from __future__ import annotations

import polars as pl

from palermo.linkage.records.model import Rule

_SHIFT = 32  # record numbers fit in 32 bits: a pair is (low << 32) | high


def _rule_pairs(frame: pl.DataFrame, rule: Rule) -> pl.DataFrame:
    left = [a for a, _ in rule.pairs]
    keys = [f"k{i}" for i in range(len(left))]
    lhs = frame.select(
        pl.col("i"), *(pl.col(a).alias(k) for a, k in zip(left, keys, strict=True))
    ).drop_nulls(keys)
    rhs = frame.select(
        pl.col("i").alias("j"),
        *(pl.col(b).alias(k) for (_, b), k in zip(rule.pairs, keys, strict=True)),
    ).drop_nulls(keys)
    if rule.missing:
        lacking = frame.filter(pl.col(rule.missing).is_null()).select("i")
        lhs = lhs.join(lacking, on="i", how="semi")
    joined = lhs.join(rhs, on=keys).filter(pl.col("i") != pl.col("j"))
    low = pl.min_horizontal("i", "j").cast(pl.UInt64)
    high = pl.max_horizontal("i", "j").cast(pl.UInt64)
    return joined.select((low * (1 << _SHIFT) + high).alias("pair"))


def candidate_pairs(features: pl.DataFrame, rules: list[Rule]) -> pl.DataFrame:
    """``match_key, join_key_l, join_key_r`` for ``features`` whose ``unique_id`` is the
    record number (0..n-1); each unordered pair once, the lower number on the left."""
    frame = features.rename({"unique_id": "i"})
    stacked = pl.concat(
        [
            _rule_pairs(frame, rule).with_columns(pl.lit(k, pl.UInt16).alias("rule"))
            for k, rule in enumerate(rules)
        ]
    )
    first = stacked.group_by("pair").agg(pl.col("rule").min())
    return first.select(
        pl.col("rule").cast(pl.String).alias("match_key"),
        (pl.col("pair") // (1 << _SHIFT)).cast(pl.Int64).alias("join_key_l"),
        (pl.col("pair") % (1 << _SHIFT)).cast(pl.Int64).alias("join_key_r"),
    ).sort("join_key_l", "join_key_r")
