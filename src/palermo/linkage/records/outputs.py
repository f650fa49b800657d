"""Write a linkage run to a directory, all or nothing, with a self-contained report.

Files: ``clusters.csv`` (exactly ``record_id,cluster_id``, every record),
``pairs.parquet`` (scored pairs at or above the kept floor), ``model.json`` (the
trained Splink model, reusable with ``--model``), ``report.html`` (the charts,
with Vega, Vega-Lite and Vega-Embed inlined from Splink's package: it opens
offline) and ``run.json`` (inputs, settings, counts, scores). Everything is
written to a hidden folder first and moved in at the end.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from palermo.linkage.records.accuracy import LinkageScores
from palermo.linkage.records.linker import LinkResult

OUTPUT_FILES = ("clusters.csv", "pairs.parquet", "model.json", "report.html", "run.json")
_LIBRARIES = ("vega@5.31.0", "vega-lite@5.2.0", "vega-embed@6.20.2")
_CHART_TITLES = {
    "match_weights": "Match weights of each comparison level",
    "m_u_parameters": "m and u probabilities",
    "match_weight_histogram": "Match weights of the scored pairs",
    "waterfall": "How sample pairs were scored (values removed)",
    "cluster_sizes": "Records per person",
    "blocking_rules": "Comparisons made by each blocking rule",
}

_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em}
th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
section{margin:2em 0}.note{color:#555}
</style>
{% for lib in libraries %}<script>{{ lib }}</script>
{% endfor %}</head><body>
<h1>{{ title }}</h1>
<p class="note">Generated {{ generated }}. Pairs at or above the match probability
{{ spec.threshold }} join records into one person; an agency's list holds a person once,
so clusters that would join contradicting records of one agency are split.</p>
<table>
<tr><th>records</th><td class="n">{{ "{:,}".format(result.records) }}</td></tr>
<tr><th>agencies</th><td>{{ result.agencies|join(", ") }}</td></tr>
<tr><th>persons (clusters)</th><td class="n">{{ "{:,}".format(result.persons) }}</td></tr>
<tr><th>scored pairs kept (p &ge; {{ spec.pairs_floor }})</th>
<td class="n">{{ "{:,}".format(result.pairs.height) }}</td></tr>
<tr><th>components split by the agency rule</th>
<td class="n">{{ result.clustering.components_split }}
({{ result.clustering.merges_refused }} merges refused)</td></tr>
<tr><th>backend</th><td>{{ spec.backend }}</td></tr>
</table>
{% if scores %}<h2>Against the truth file</h2><table>
<tr><th></th><th>precision</th><th>recall</th><th>F1</th></tr>
<tr><th>pairwise</th><td class="n">{{ "%.4f"|format(scores.precision) }}</td>
<td class="n">{{ "%.4f"|format(scores.recall) }}</td>
<td class="n">{{ "%.4f"|format(scores.f1) }}</td></tr>
<tr><th>B-cubed</th><td class="n">{{ "%.4f"|format(scores.bcubed_precision) }}</td>
<td class="n">{{ "%.4f"|format(scores.bcubed_recall) }}</td>
<td class="n">{{ "%.4f"|format(scores.bcubed_f1) }}</td></tr></table>{% endif %}
<h2>Blocking</h2><table><tr><th>rule</th><th>comparisons</th><th>cumulative</th></tr>
{% for b in result.blocking %}<tr><td><code>{{ b.rule }}</code></td>
<td class="n">{{ "{:,}".format(b.comparisons) }}</td>
<td class="n">{{ "{:,}".format(b.cumulative) if b.kept else "left out: over budget" }}</td></tr>
{% endfor %}</table>
<p class="note">Each rule's count is for the rule alone, so the cumulative count is an
upper bound (pairs found by two rules count twice).</p>
<h2>Time</h2><table>{% for step, s in result.seconds.items() %}
<tr><th>{{ step }}</th><td class="n">{{ "%.2f"|format(s) }} s</td></tr>{% endfor %}</table>
{% for name, spec_json in charts %}<section><h2>{{ titles.get(name, name) }}</h2>
<div id="chart-{{ name }}"></div>
<script>vegaEmbed("#chart-{{ name }}", {{ spec_json }}, {actions: false}).catch(function (e) {
document.getElementById("chart-{{ name }}").textContent = "Chart error: " + e.message; });</script>
</section>{% endfor %}
</body></html>
"""


def _library(name: str) -> str:
    path = resources.files("splink").joinpath(f"internals/files/external_js/{name}")
    return path.read_text(encoding="utf-8")


def _script_json(spec: dict[str, Any]) -> Markup:
    text = json.dumps(spec, default=float)
    # Inside <script>, "</" would end the element: escape the characters HTML reads.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render_report(result: LinkResult, scores: LinkageScores | None = None) -> str:
    """The HTML report of ``result`` (self-contained: no network needed to view it)."""
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    order = [n for n in _CHART_TITLES if n in result.charts]
    return env.from_string(_TEMPLATE).render(
        title="Record linkage report",
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        spec=result.spec,
        result=result,
        scores=scores,
        titles=_CHART_TITLES,
        charts=[(n, _script_json(result.charts[n])) for n in order],
        libraries=[Markup(_library(lib).replace("</script", "<\\/script")) for lib in _LIBRARIES],
    )


def write_outputs(
    result: LinkResult,
    out_dir: str | Path,
    *,
    inputs: list[str] | None = None,
    scores: LinkageScores | None = None,
) -> Path:
    """Write the run's files into ``out_dir`` (created), replacing earlier ones."""
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".link-", dir=target))
    try:
        result.clusters.write_csv(staging / "clusters.csv")
        result.pairs.write_parquet(staging / "pairs.parquet")
        (staging / "model.json").write_text(json.dumps(result.model_json, indent=2), "utf-8")
        (staging / "report.html").write_text(render_report(result, scores), "utf-8")
        run = {
            "inputs": inputs or [],
            "records": result.records,
            "persons": result.persons,
            "agencies": list(result.agencies),
            "threshold": result.spec.threshold,
            "pairs_floor": result.spec.pairs_floor,
            "backend": result.spec.backend,
            "event_dates": result.spec.event_dates,
            "blocking": [b.__dict__ for b in result.blocking],
            "seconds": {k: round(v, 3) for k, v in result.seconds.items()},
            "components_split": result.clustering.components_split,
            "scores": scores.to_dict() if scores else None,
        }
        (staging / "run.json").write_text(json.dumps(run, indent=2), "utf-8")
        for name in OUTPUT_FILES:
            (staging / name).replace(target / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
