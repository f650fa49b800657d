"""Self-contained HTML report of an estimate (inline SVG, inline CSS, no network)."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from palermo.estimation import plots
from palermo.estimation.api import EstimateResult
from palermo.estimation.compare import MethodRow, compare_methods
from palermo.estimation.data import CaptureData

_METHOD_TEXT = {
    "main": "Main effects only: the lists are assumed independent given the population.",
    "fixed": "A model fixed in advance by the analyst.",
    "stepwise": (
        "Stepwise selection of Chan, Silverman & Vincent (2021): starting from main effects, "
        "the pair of lists whose observed overlap is least compatible with the current model "
        "(one-sided Poisson p-value) is added while that p-value is below the threshold; a pair "
        "whose addition would make the estimate non-existent or non-identifiable is skipped."
    ),
    "aic": (
        "Home Office 2014 procedure (Bales, Hesketh & Silverman): add the pair that lowers the "
        "AIC most, stopping when its Wald p-value exceeds the threshold."
    ),
    "bic": (
        "Lowest BIC among hierarchical models (Silverman, Chan & Vincent 2024); models whose "
        "estimate does not exist or is not identifiable are excluded."
    ),
}


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("palermo.estimation", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def num(v: float | None) -> str:
        if v is None:
            return "–"
        if not math.isfinite(v):
            return "∞"
        return f"{v:,.1f}"

    env.filters["num"] = num
    return env


def render_report(
    data: CaptureData,
    result: EstimateResult,
    *,
    title: str = "Multiple systems estimate",
    rows: list[MethodRow] | None = None,
) -> str:
    """HTML text of the report; ``rows`` defaults to every method's model-conditional estimate."""
    rows = (
        rows
        if rows is not None
        else compare_methods(
            data, level=result.spec.level, max_order=result.spec.max_order, primary=result
        )
    )
    boot_svg = ""
    if result.bootstrap is not None and result.estimate is not None:
        boot_svg = plots.histogram(
            result.bootstrap.replicates,
            result.estimate,
            result.lower or math.nan,
            result.upper or math.nan,
        )
    template = _env().get_template("report.html")
    return template.render(
        title=title,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        data=data,
        result=result,
        spec=result.spec,
        method_text=_METHOD_TEXT.get(result.spec.method, ""),
        rows=rows,
        upset_svg=Markup(plots.upset(data)),
        forest_svg=Markup(plots.intervals(rows, data.observed)),
        boot_svg=Markup(boot_svg),
        candidates=result.candidates[:15],
        totals=data.list_totals(),
    )


def write_report(path: str | Path, data: CaptureData, result: EstimateResult, **kw: object) -> Path:
    target = Path(path)
    target.write_text(render_report(data, result, **kw), encoding="utf-8")  # type: ignore[arg-type]
    return target
