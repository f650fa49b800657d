"""Count the comparisons blocking rules make, before any is made, and keep within a cap.

For each rule the count is exact for the rule alone (records grouped by the rule's
columns, ``n * (n - 1) / 2`` pairs per group; crosswise groups for a swap rule),
so the total is an upper bound of what the union of the rules makes (a pair two
rules find is counted twice). Counting is a group-by on the feature frame: a few
seconds for millions of records, on any backend.

Wide rules are kept, in their order (the most useful first), while the running
total stays within ``budget``: the first that would go over leaves out the rest,
so that a smaller but less useful rule never takes the place of a bigger one. If
the necessary rules alone exceed the cap, the run is refused, naming the rule
that makes the most comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from palermo.errors import ValidationFailed
from palermo.linkage.records.blocks import hashed, rule_keys
from palermo.linkage.records.model import Rule


@dataclass(frozen=True)
class BlockingCount:
    rule: str
    comparisons: int
    cumulative: int
    kept: bool


def count_rule(features: pl.DataFrame, rule: Rule) -> int:
    """Comparisons ``rule`` alone makes among ``features``."""
    return count_rules(hashed(features, [rule]), [rule])[0]


def count_rules(frame: pl.DataFrame, rules: list[Rule]) -> list[int]:
    """Comparisons each rule alone makes over a :func:`.blocks.hashed` frame: one query
    plan per rule, run together so that the two cores share the rules."""
    lazy = frame.lazy()
    done = pl.collect_all([_count(lazy, rule) for rule in rules])
    return [int(d["n"].item() or 0) for d in done]


def _count(frame: pl.LazyFrame, rule: Rule) -> pl.LazyFrame:
    left, right = rule_keys(frame, rule)
    if rule.missing:
        lacking = left.group_by("key").len("k")
        groups = right.group_by("key").len("n").join(lacking, on="key")
        if any(a != b for a, b in rule.pairs):
            # Crosswise: each lacking record meets its group on the other side (an upper bound).
            return groups.select((pl.col("k") * pl.col("n")).sum().alias("n"))
        # Pairs in a group minus those where both records have the column.
        pairs = pl.col("n") * (pl.col("n") - 1) // 2
        both = (pl.col("n") - pl.col("k")) * (pl.col("n") - pl.col("k") - 1) // 2
        return groups.select((pairs - both).sum().alias("n"))
    if left is right:
        groups = left.group_by("key").len("n")
        return groups.select((pl.col("n") * (pl.col("n") - 1) // 2).sum().alias("n"))
    lg = left.group_by("key").len("n")
    rg = right.group_by("key").len("m")
    total = lg.join(rg, on="key").select((pl.col("n") * pl.col("m")).sum().alias("n"))
    # A symmetric rule meets each pair from both ends.
    return total.select(pl.col("n") // 2) if rule.symmetric else total


def choose_rules(
    frame: pl.DataFrame, rules: list[Rule], *, budget: int
) -> tuple[list[Rule], tuple[BlockingCount, ...]]:
    """The rules to predict with (wide ones while within ``budget``) and every count, over
    a :func:`.blocks.hashed` frame of the features (hashed once for counting and blocking)."""
    counts: list[BlockingCount] = []
    kept: list[Rule] = []
    total = 0
    full = False
    for rule, n in zip(rules, count_rules(frame, rules), strict=True):
        full = full or (rule.wide and total + n > budget)
        keep = not rule.wide or not full
        if keep:
            kept.append(rule)
            total += n
        counts.append(BlockingCount(rule.sql, n, total, keep))
    return kept, tuple(counts)


def refuse_over_cap(counts: tuple[BlockingCount, ...], cap: int) -> None:
    """Refuse a run whose kept rules would make more than ``cap`` comparisons."""
    total = counts[-1].cumulative if counts else 0
    if total > cap:
        worst = max((c for c in counts if c.kept), key=lambda c: c.comparisons)
        raise ValidationFailed(
            f"The blocking rules would make up to {total:,} comparisons, over the cap of "
            f"{cap:,}; the rule {worst.rule!r} makes {worst.comparisons:,} of them.",
            hint="Tighten that rule (add a column to it) or raise the cap (--max-comparisons).",
        )
