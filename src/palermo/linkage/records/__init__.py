"""The record linker: agencies' records -> persons, on Splink 5 (DuckDB or Spark).

    from palermo.linkage.records import LinkSpec, link_records, read_records
    result = link_records(read_records(["agency_a.csv", "agency_b.parquet"]), LinkSpec())
    result.clusters  # record_id, cluster_id (pseudonymous person key)

Records may also come from a database export or any frame (:func:`records_frame`).
"""

from __future__ import annotations

from palermo.linkage.records.accuracy import LinkageScores, read_truth, score_clusters
from palermo.linkage.records.clusters import Clustering, cluster_pairs, contradicts, person_keys
from palermo.linkage.records.guard import BlockingCount
from palermo.linkage.records.inputs import LINK_COLUMNS, read_records, records_frame
from palermo.linkage.records.linker import LinkResult, LinkSpec, link_records
from palermo.linkage.records.outputs import OUTPUT_FILES, render_report, write_outputs

__all__ = [
    "LINK_COLUMNS",
    "OUTPUT_FILES",
    "BlockingCount",
    "Clustering",
    "LinkResult",
    "LinkSpec",
    "LinkageScores",
    "cluster_pairs",
    "contradicts",
    "link_records",
    "person_keys",
    "read_records",
    "read_truth",
    "records_frame",
    "render_report",
    "score_clusters",
    "write_outputs",
]
