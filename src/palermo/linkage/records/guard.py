"""Count the comparisons blocking rules make, before any is made, and keep within a cap.

For each rule the count is exact for the rule alone (records grouped by the rule's
columns, ``n * (n - 1) / 2`` pairs per group; crosswise groups for a swap rule),
so the total is an upper bound of what the union of the rules makes (a pair two
rules find is counted twice). Counting is a group-by on the feature frame: a few
seconds for millions of records, on any backend.

Wide rules are kept while the running total stays within ``budget``; if the
necessary rules alone exceed the cap, the run is refused, naming the rule that
makes the most comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from palermo.errors import ValidationFailed
from palermo.linkage.records.model import Rule


@dataclass(frozen=True)
class BlockingCount:
    rule: str
    comparisons: int
    cumulative: int
    kept: bool


def count_rule(features: pl.DataFrame, rule: Rule) -> int:
    """Comparisons ``rule`` alone makes among ``features``."""
    cols = list(rule.columns)
    groups = features.select(cols).drop_nulls().group_by(cols).len("n")
    if not rule.swap:
        return int(groups.select((pl.col("n") * (pl.col("n") - 1) // 2).sum()).item() or 0)
    a, b, *rest = cols
    crossed = groups.rename({a: b, b: a}, strict=True).rename({"n": "m"})
    joined = groups.join(crossed, on=cols)
    # Each crosswise pair appears from both ends; records whose names are equal to
    # each other (gk = fk) pair with themselves and are left out.
    same = joined.filter(pl.col(a) == pl.col(b))
    total = joined.select((pl.col("n") * pl.col("m")).sum()).item() or 0
    own = same.select(pl.col("n").sum()).item() or 0
    return int((total - own) // 2)


def choose_rules(
    features: pl.DataFrame, rules: list[Rule], *, cap: int, budget: int
) -> tuple[list[Rule], tuple[BlockingCount, ...]]:
    """The rules to predict with and every rule's count; refuse when over ``cap``."""
    counts: list[BlockingCount] = []
    kept: list[Rule] = []
    total = 0
    for rule in rules:
        n = count_rule(features, rule)
        keep = not rule.wide or total + n <= budget
        if keep:
            kept.append(rule)
            total += n
        counts.append(BlockingCount(rule.sql, n, total, keep))
    if total > cap:
        worst = max((c for c in counts if c.kept), key=lambda c: c.comparisons)
        raise ValidationFailed(
            f"The blocking rules would make up to {total:,} comparisons, over the cap of "
            f"{cap:,}; the rule {worst.rule!r} makes {worst.comparisons:,} of them.",
            hint="Tighten that rule (add a column to it) or raise the cap (--max-comparisons).",
        )
    return kept, tuple(counts)
