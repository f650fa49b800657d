"""How good a clustering is against known persons: pairwise and B-cubed scores.

Pairwise precision and recall count pairs of records put in one cluster; B-cubed
(Bagga and Baldwin 1998) averages, over records, the share of a record's cluster
that is truly its person (precision) and of its person that its cluster holds
(recall), so one giant false cluster cannot hide behind many correct pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from palermo.errors import FieldProblem, ValidationFailed


@dataclass(frozen=True)
class LinkageScores:
    """Scores of clusters against the truth (``records`` scored: those in both)."""

    records: int
    predicted_pairs: int
    true_pairs: int
    true_positive_pairs: int
    precision: float
    recall: float
    f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float

    def to_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(sizes: pl.Expr) -> pl.Expr:
    return (sizes * (sizes - 1) // 2).sum()


def score_clusters(clusters: pl.DataFrame, truth: pl.DataFrame) -> LinkageScores:
    """``clusters`` (record_id, cluster_id) against ``truth`` (record_id, person_id)."""
    both = clusters.select("record_id", "cluster_id").join(
        truth.select("record_id", "person_id"), on="record_id"
    )
    cells = both.group_by("cluster_id", "person_id").len("n")
    csize = both.group_by("cluster_id").len("c")
    psize = both.group_by("person_id").len("t")
    tp = cells.select(_pairs(pl.col("n"))).item()
    predicted = csize.select(_pairs(pl.col("c"))).item()
    true = psize.select(_pairs(pl.col("t"))).item()
    b3 = (
        cells.join(csize, on="cluster_id")
        .join(psize, on="person_id")
        .select(
            (pl.col("n") * pl.col("n") / pl.col("c")).sum().alias("p"),
            (pl.col("n") * pl.col("n") / pl.col("t")).sum().alias("r"),
        )
    )
    total = both.height
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    bp = float(b3["p"][0]) / total if total else 1.0
    br = float(b3["r"][0]) / total if total else 1.0
    return LinkageScores(
        total, int(predicted), int(true), int(tp), precision, recall, _f1(precision, recall),
        bp, br, _f1(bp, br),
    )  # fmt: skip


def read_truth(path: str | Path) -> pl.DataFrame:
    """A truth file: CSV with ``record_id`` and ``person_id`` (other columns ignored)."""
    file = Path(path)
    if not file.is_file():
        raise ValidationFailed(f"No such truth file: {file}.", hint="Give a CSV file.")
    frame = pl.read_csv(file, infer_schema=False)
    missing = [c for c in ("record_id", "person_id") if c not in frame.columns]
    if missing:
        raise ValidationFailed(
            f"{file.name}: no column {', '.join(missing)}.",
            problems=[FieldProblem(field=c, reason="missing column") for c in missing],
            hint="The truth file needs the columns record_id,person_id.",
        )
    return frame.select("record_id", "person_id")
