"""The candidate pairs of the blocking rules, made once, before Splink scores them.

Splink would run one join per rule and exclude, in every rule, the pairs an
earlier rule found (a condition per earlier rule on every joined row); with a
score of rules that costs more than scoring. Here each column is hashed once,
each rule's columns become one 64-bit key (a hash of the column hashes, in the
rule's order, so that a crosswise rule matches a given name with a family
name), each rule is one integer equi-join in Polars (a symmetric rule keeps each
pair from its lower end only, half the rows), and the pairs of all rules are
stacked as one 64-bit number per unordered pair, with the rule's number in the
low bits, sorted once, and the first of each pair kept. The
table has the shape Splink reads from ``register_blocked_pairs_for_predict``
(``match_key`` is the number of the first rule that found the pair), so DuckDB
and Spark score exactly the same pairs. A hash collision only adds a pair to
score, never removes one.

A rule with ``missing`` joins only records lacking that column to every other
record (a person whose birth year one agency did not record), so its cost is
the number of such records times their group sizes, not the square of a group.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from palermo.linkage.records.model import Rule

_Frame = TypeVar("_Frame", pl.DataFrame, pl.LazyFrame)


def hashed(features: pl.DataFrame, rules: list[Rule]) -> pl.DataFrame:
    """Record number ``i`` and one hash column per column the rules read (null stays null)."""
    columns = sorted({c for r in rules for pair in r.pairs for c in pair})
    missing = sorted({r.missing for r in rules if r.missing})
    return features.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("i"),
        *(
            pl.when(pl.col(c).is_not_null()).then(pl.col(c).hash(7)).alias(f"h_{c}")
            for c in columns
        ),
        *(pl.col(c).is_null().alias(f"null_{c}") for c in missing),
    )


def _key(columns: list[str]) -> pl.Expr:
    parts = [pl.col(f"h_{c}") for c in columns]
    key = parts[0] if len(parts) == 1 else pl.struct(parts).hash(11)
    # A null column leaves the record out of the rule.
    return pl.when(pl.all_horizontal(p.is_not_null() for p in parts)).then(key).alias("key")


def rule_keys(frame: _Frame, rule: Rule) -> tuple[_Frame, _Frame]:
    """(``i, key``) of the left and right sides of ``rule`` over a :func:`hashed` frame
    (eager or lazy)."""
    left = frame.select("i", _key([a for a, _ in rule.pairs])).drop_nulls("key")
    if all(a == b for a, b in rule.pairs):
        right = left
    else:
        right = frame.select("i", _key([b for _, b in rule.pairs])).drop_nulls("key")
    if rule.missing:
        lacking = frame.filter(pl.col(f"null_{rule.missing}")).select("i")
        left = left.join(lacking, on="i", how="semi")
    return left, right


def _rule_pairs(frame: pl.LazyFrame, n: int, rule: Rule) -> pl.LazyFrame:
    """Each pair as one number, ``low * n + high`` for ``n`` records."""
    left, right = rule_keys(frame, rule)
    joined = left.join(right, on="key", suffix="_r")
    if rule.symmetric and not rule.missing:
        # A symmetric rule finds each pair from both ends: keep the one from the lower end.
        return joined.filter(pl.col("i") < pl.col("i_r")).select(
            (pl.col("i") * n + pl.col("i_r")).alias("pair")
        )
    low = pl.min_horizontal("i", "i_r")
    high = pl.max_horizontal("i", "i_r")
    return joined.filter(pl.col("i") != pl.col("i_r")).select((low * n + high).alias("pair"))


def candidate_pairs(frame: pl.DataFrame, rules: list[Rule]) -> pl.DataFrame:
    """``match_key, join_key_l, join_key_r``: each unordered pair of a :func:`hashed` frame's
    rows (numbered from 0, the lower number on the left) that some rule finds, once."""
    # The rule's number rides in the low bits under the pair, so one sort of one integer
    # column puts each pair's first rule first; no hash table over tens of millions of rows.
    bits = max(1, (len(rules) - 1).bit_length())
    n = frame.height
    plans = [
        _rule_pairs(frame.lazy(), n, rule).select((pl.col("pair") * (1 << bits) + k).alias("tag"))
        for k, rule in enumerate(rules)
    ]
    tagged = pl.concat([p["tag"] for p in pl.collect_all(plans)]).sort()
    pair = pl.col("tag") // (1 << bits)
    first = pl.DataFrame({"tag": tagged}).filter(pair != pair.shift(1).fill_null(-1))
    return first.select(
        (pl.col("tag") % (1 << bits)).cast(pl.String).alias("match_key"),
        (pair // n).alias("join_key_l"),
        (pair % n).alias("join_key_r"),
    )
