"""Agency-aware clustering of linked pairs into persons, and pseudonymous person keys.

Connected components of the pairs at or above the threshold are persons, except
where a component would hold two records of one agency that contradict each other
(different identity numbers, or birth dates no recording error explains): an
agency's list holds a person once, so such a component is a chain of namesakes or
household members. It is rebuilt by adding its pairs strongest first and refusing
every merge that would put two contradicting records of one agency together.
Two consistent records of one agency (a duplicate entry) may share a person.

Every cluster is named by a keyed HMAC of its smallest record id: stable while
that record stays in the cluster, meaningless without the key, never a name.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

import numpy as np
import polars as pl
from rapidfuzz.distance import DamerauLevenshtein
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

#: Columns of the node table: one row per record.
NODE_COLUMNS = ("unique_id", "agency_id", "dob", "birth_y", "doc")


@dataclass(frozen=True)
class Clustering:
    """Record -> cluster number, with how often the agency rule had to split."""

    labels: pl.DataFrame  # unique_id, cluster (int)
    components_split: int  # components that held contradicting records of one agency
    merges_refused: int


def contradicts(a: tuple, b: tuple) -> bool:
    """Do two records ``(dob, birth_y, doc)`` of one agency describe different people?"""
    dob_a, year_a, doc_a = a
    dob_b, year_b, doc_b = b
    if doc_a and doc_b and DamerauLevenshtein.distance(doc_a, doc_b) > 1:
        return True
    if year_a is None or year_b is None:
        return False
    if abs(year_a - year_b) > 1:
        return True
    if not (dob_a and dob_b) or dob_a == dob_b:
        return False
    ya, ma, da = dob_a.split("-")
    yb, mb, db = dob_b.split("-")
    swapped = ya == yb and ma == db and da == mb
    year_off = ma == mb and da == db
    return not (swapped or year_off or (ya == yb and ma == mb))


class _Sets:
    """Union-find over record indexes that keeps each set's members."""

    def __init__(self, nodes: list[int]) -> None:
        self.parent = {n: n for n in nodes}
        self.members = {n: [n] for n in nodes}

    def find(self, n: int) -> int:
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def union(self, a: int, b: int) -> None:
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))


def _rebuild(
    nodes: list[int],
    edges: list[tuple[float, int, int]],
    agency: np.ndarray,
    info: dict[int, tuple],
) -> tuple[dict[int, int], int]:
    sets, refused = _Sets(nodes), 0
    for _, a, b in sorted(edges, reverse=True):
        ra, rb = sets.find(a), sets.find(b)
        if ra == rb:
            continue
        clash = any(
            agency[x] == agency[y] and contradicts(info[x], info[y])
            for x in sets.members[ra]
            for y in sets.members[rb]
        )
        if clash:
            refused += 1
        else:
            sets.union(ra, rb)
    return {n: sets.find(n) for n in nodes}, refused


def cluster_pairs(nodes: pl.DataFrame, pairs: pl.DataFrame, threshold: float) -> Clustering:
    """Cluster ``nodes`` (:data:`NODE_COLUMNS`) by ``pairs`` (unique_id_l, unique_id_r,
    match_probability) at ``threshold``."""
    n = nodes.height
    index = nodes.select("unique_id").with_row_index("i")
    kept = (
        pairs.filter(pl.col("match_probability") >= threshold)
        .join(index.rename({"unique_id": "unique_id_l", "i": "a"}), on="unique_id_l")
        .join(index.rename({"unique_id": "unique_id_r", "i": "b"}), on="unique_id_r")
        .select("a", "b", "match_probability")
    )
    a, b = kept["a"].to_numpy(), kept["b"].to_numpy()
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    agency_codes = nodes["agency_id"].cast(pl.Categorical).to_physical().to_numpy()
    frame = pl.DataFrame({"i": np.arange(n), "c": labels, "agency": agency_codes})
    # Only a component where some agency appears twice can need splitting, and only
    # if two of that agency's records contradict: a handful among a million records,
    # so the Python work below is over those few components, never over all records.
    twice = frame.filter(pl.len().over("c", "agency") > 1)
    same = (
        twice.join(twice, on=("c", "agency"), suffix="_y")
        .filter(pl.col("i") < pl.col("i_y"))
        .select("c", "i", "i_y")
    )
    info = nodes.select("dob", "birth_y", "doc")
    found = info.gather(same["i"]).rows(), info.gather(same["i_y"]).rows()
    conflicting = sorted(
        {int(c) for c, x, y in zip(same["c"], *found, strict=True) if contradicts(x, y)}
    )
    split = refused = 0
    if conflicting:
        chosen = pl.DataFrame({"c": conflicting}, schema={"c": frame.schema["c"]})
        members = (
            frame.join(chosen, on="c", how="semi")
            .group_by("c")
            .agg(pl.col("i").sort())
            .sort(pl.col("i").list.first())
        )
        edges = (
            kept.with_columns(c=pl.Series(labels).gather(kept["a"]))
            .join(chosen, on="c", how="semi")
            .group_by("c")
            .agg("match_probability", "a", "b")
        )
        every = members["i"].explode()
        rows = dict(zip(every.to_list(), info.gather(every).rows(), strict=True))
        comp_edges = {c: list(zip(p, x, y, strict=True)) for c, p, x, y in edges.iter_rows()}
        next_label = int(labels.max()) + 1
        for c, group in members.iter_rows():
            split += 1
            roots, refusals = _rebuild(group, comp_edges.get(c, []), agency_codes, rows)
            refused += refusals
            renumber: dict[int, int] = {}
            for node, root in roots.items():
                if root not in renumber:
                    renumber[root] = next_label
                    next_label += 1
                labels[node] = renumber[root]
    out = pl.DataFrame({"unique_id": nodes["unique_id"], "cluster": labels})
    return Clustering(out, split, refused)


def person_keys(labels: pl.DataFrame, key: bytes) -> pl.DataFrame:
    """``record_id, cluster_id``: each cluster named by HMAC-SHA256 of its smallest record id."""
    firsts = labels.group_by("cluster").agg(pl.col("unique_id").min().alias("first"))
    names = {
        c: "P" + hmac.new(key, f.encode("utf-8"), hashlib.sha256).hexdigest()[:24]
        for c, f in firsts.iter_rows()
    }
    return labels.select(
        pl.col("unique_id").alias("record_id"),
        pl.col("cluster").replace_strict(names, return_dtype=pl.String).alias("cluster_id"),
    )
