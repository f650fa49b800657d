"""The charts people expect from Splink, as Vega-Lite specifications (rendered offline).

Splink's own chart functions build the specifications: match weights, m and u
parameters, the match-weight histogram, waterfalls of sample pairs and the
comparisons per blocking rule. The cluster-size histogram is written here in the
same form. Waterfalls are drawn with the record values removed: the report is
read by people who may not see the records.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import polars as pl

from palermo.linkage.records.model import apply_parameters

WATERFALL_PAIRS = 6


def _cluster_sizes(clusters: pl.DataFrame) -> dict[str, Any]:
    sizes = clusters.group_by("cluster").len("size").group_by("size").len("clusters").sort("size")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "Cluster sizes (records per person)",
        "data": {"values": sizes.to_dicts()},
        "mark": "bar",
        "encoding": {
            "x": {"field": "size", "type": "ordinal", "title": "records in the cluster"},
            "y": {"field": "clusters", "type": "quantitative", "title": "clusters"},
            "tooltip": [{"field": "size"}, {"field": "clusters"}],
        },
        "width": 400,
    }


def _waterfall(
    linker: Any, creator: Any, features: pl.DataFrame, pairs: pl.DataFrame
) -> dict[str, Any]:
    """Waterfall of a few pairs across the range of probabilities, re-scored on a small
    linker that keeps the intermediate columns (the big prediction does not)."""
    from splink import DuckDBAPI, Linker

    if pairs.is_empty():
        return {}
    ranked = pairs.sort("match_probability")
    picks = sorted({round(k * (ranked.height - 1) / (WATERFALL_PAIRS - 1)) for k in range(6)})
    sample = ranked[picks]
    ids = set(sample["unique_id_l"]) | set(sample["unique_id_r"])
    small = features.filter(pl.col("unique_id").is_in(list(ids)))
    # Every pair of the few records: the sample pairs, whichever rule found them.
    keep = replace(
        creator,
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        blocking_rules_to_generate_predictions=["1 = 1"],
    )
    api = DuckDBAPI()
    scorer = Linker(api.register(small.to_arrow()), keep, log_level=logging.ERROR)
    apply_parameters(scorer, linker.misc.save_model_to_json())
    for column in ("nk",):
        if column in small.columns:
            tf = pl.from_arrow(
                linker.table_management.compute_tf_table(column).as_pyarrow_table()
            ).to_arrow()
            scorer.table_management.register_term_frequency_lookup(api.register(tf), column)
    wanted = set(zip(sample["unique_id_l"], sample["unique_id_r"], strict=True))
    rows = [
        r
        for r in scorer.inference.predict(warning_mode="never").as_record_list()
        if (r["unique_id_l"], r["unique_id_r"]) in wanted
    ]
    if not rows:
        return {}
    chart = scorer.visualisations.waterfall_chart(rows, remove_sensitive_data=True)
    return chart.chart_dict


def splink_charts(
    linker: Any,
    creator: Any,
    predicted: Any,
    features: pl.DataFrame,
    pairs: pl.DataFrame,
    clusters: pl.DataFrame,
    counts: tuple[Any, ...],
) -> dict[str, dict[str, Any]]:
    """Chart name -> Vega-Lite specification with its data inline (``features`` and
    ``pairs`` as Splink read them: record numbers for ids)."""
    from splink.internals.charts import CumulativeBlockingRuleComparisonsGeneratedChart

    n = features.height
    blocking_records = [
        {
            "blocking_rule": c.rule,
            "marginal_comparison_count": c.comparisons,
            "cumulative_comparison_count": c.cumulative,
            "total_possible_comparison_count": n * (n - 1) // 2,
            "is_estimate": False,
            "record_sample_proportion": 1.0,
        }
        for c in counts
        if c.kept
    ]
    vis = linker.visualisations
    charts = {
        "match_weights": vis.match_weights_chart().chart_dict,
        "m_u_parameters": vis.m_u_parameters_chart().chart_dict,
        "match_weight_histogram": vis.match_weights_histogram(predicted).chart_dict,
        "blocking_rules": CumulativeBlockingRuleComparisonsGeneratedChart(
            blocking_records
        ).chart_dict,
        "cluster_sizes": _cluster_sizes(clusters),
    }
    waterfall = _waterfall(linker, creator, features, pairs)
    if waterfall:
        charts["waterfall"] = waterfall
    return charts
