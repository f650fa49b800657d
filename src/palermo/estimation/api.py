"""What a statistician calls: ``estimate(data, EstimateSpec(...)) -> EstimateResult``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

from palermo.errors import FieldProblem, ValidationFailed
from palermo.estimation.bootstrap import DEFAULT_SEED, BootstrapResult, Progress, bootstrap
from palermo.estimation.data import CaptureData
from palermo.estimation.design import term_name
from palermo.estimation.diagnostics import (
    EstimationWarning,
    check_warning,
    data_warnings,
    fit_warnings,
)
from palermo.estimation.existence import Check, check
from palermo.estimation.fit import Fit
from palermo.estimation.intervals import Interval, profile, wald
from palermo.estimation.planning import NoValidModel, RunPlan, bootstrap_rows, select

Method = Literal["main", "stepwise", "bic", "aic", "fixed"]
CI = Literal["wald", "profile", "bca"]
METHODS = ("main", "stepwise", "bic", "aic", "fixed")
CIS = ("wald", "profile", "bca")
DEFAULT_THRESHOLD = {"stepwise": 0.02, "aic": 0.05}


@dataclass(frozen=True)
class EstimateSpec:
    """How to estimate.

    ``method``: ``main`` (main effects), ``stepwise`` (Chan, Silverman & Vincent 2021),
    ``bic`` (lowest BIC among hierarchical models up to ``max_order``, Silverman, Chan &
    Vincent 2024; ``search="downhill"`` for a greedy search), ``aic`` (Home Office 2014,
    Bales, Hesketh & Silverman) or ``fixed`` (the interactions in ``model``, e.g. "A:B").
    ``ci``: ``wald`` (log scale), ``profile`` (multinomial profile likelihood) or ``bca``
    (bootstrap with the whole selection re-run on ``boot`` resamples).
    """

    method: Method = "stepwise"
    threshold: float | None = None
    max_order: int = 2
    search: Literal["all", "downhill"] = "all"
    ntop: int | None = None
    model: tuple[str, ...] = ()
    ci: CI = "wald"
    level: float = 0.95
    boot: int = 1000
    seed: int = DEFAULT_SEED

    def __post_init__(self) -> None:
        problems = []
        if self.method not in METHODS:
            problems.append(
                FieldProblem("method", f"one of {', '.join(METHODS)}", None, self.method)
            )
        if self.ci not in CIS:
            problems.append(FieldProblem("ci", f"one of {', '.join(CIS)}", None, self.ci))
        if self.threshold is not None and not 0 <= self.threshold <= 1:
            problems.append(FieldProblem("threshold", "between 0 and 1", None, str(self.threshold)))
        if not 0 < self.level < 1:
            problems.append(
                FieldProblem("level", "strictly between 0 and 1", None, str(self.level))
            )
        if self.max_order < 2:
            problems.append(FieldProblem("max_order", "at least 2", None, str(self.max_order)))
        if self.boot < 10:
            problems.append(FieldProblem("boot", "at least 10 replicates", None, str(self.boot)))
        if self.search not in ("all", "downhill"):
            problems.append(FieldProblem("search", "all or downhill", None, self.search))
        if problems:
            fields = "; ".join(f"{p.field} must be {p.reason} (got {p.value})" for p in problems)
            raise ValidationFailed(f"Invalid estimation settings: {fields}.", problems=problems)

    @property
    def p_threshold(self) -> float:
        if self.threshold is not None:
            return self.threshold
        return DEFAULT_THRESHOLD.get(self.method, 0.02)


@dataclass(frozen=True)
class StepRecord:
    term: str | None
    score: float
    accepted: bool
    note: str


@dataclass(frozen=True)
class CandidateModel:
    model: tuple[str, ...]
    estimate: float
    bic: float


@dataclass(frozen=True, eq=False)
class EstimateResult:
    """The estimate, its interval and everything needed to explain it.

    ``estimate`` is observed + exp(intercept) of the chosen model. With the profile
    interval, ``interval_center`` is the maximiser of the multinomial profile
    likelihood (what Rcapture reports), slightly below ``estimate``. ``estimate``,
    ``lower`` and ``upper`` are None when a blocking warning explains why there is none.
    """

    spec: EstimateSpec
    list_names: tuple[str, ...]
    observed: int
    estimate: float | None
    lower: float | None
    upper: float | None
    interval_center: float | None
    model: tuple[str, ...]
    model_bracket: str
    check: int
    intercept: float | None
    se_log: float | None
    aic: float | None
    bic: float | None
    steps: tuple[StepRecord, ...]
    candidates: tuple[CandidateModel, ...]
    warnings: tuple[EstimationWarning, ...]
    bootstrap: BootstrapResult | None = field(default=None, repr=False)
    fit: Fit | None = field(default=None, repr=False)

    @property
    def ratio(self) -> float | None:
        """Estimated total per identified victim."""
        if self.estimate is None or not self.observed:
            return None
        return self.estimate / self.observed

    @property
    def dark_figure(self) -> float | None:
        return None if self.estimate is None else self.estimate - self.observed

    def to_dict(self) -> dict[str, Any]:
        def num(v: float | None) -> float | None:
            return None if v is None or not math.isfinite(v) else round(float(v), 4)

        out: dict[str, Any] = {
            "estimate": num(self.estimate),
            "lower": num(self.lower),
            "upper": num(self.upper),
            "level": self.spec.level,
            "ci": self.spec.ci,
            "method": self.spec.method,
            "model": list(self.model),
            "model_bracket": self.model_bracket,
            "observed": self.observed,
            "dark_figure": num(self.dark_figure),
            "ratio": num(self.ratio),
            "lists": list(self.list_names),
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }
        if self.spec.ci == "profile":
            out["profile_mle"] = num(self.interval_center)
        if self.bootstrap is not None:
            out["bootstrap"] = {
                "replicates": self.spec.boot,
                "seed": self.bootstrap.seed,
                "acceleration": num(self.bootstrap.acceleration),
                "bias_z0": num(self.bootstrap.bias),
                "failed": self.bootstrap.failed,
            }
        return out


def _empty_result(
    spec: EstimateSpec, data: CaptureData, warnings: list[EstimationWarning]
) -> EstimateResult:
    return EstimateResult(
        spec=spec,
        list_names=data.list_names,
        observed=data.observed,
        estimate=None,
        lower=None,
        upper=None,
        interval_center=None,
        model=(),
        model_bracket="",
        check=-1,
        intercept=None,
        se_log=None,
        aic=None,
        bic=None,
        steps=(),
        candidates=(),
        warnings=tuple(warnings),
    )


def estimate(
    data: CaptureData,
    spec: EstimateSpec | None = None,
    *,
    progress: Progress | None = None,
    plan: RunPlan | None = None,
) -> EstimateResult:
    """Estimate the total population (observed + unobserved) from overlapping lists.

    ``plan``: from ``planning.plan(data, spec)``; its model selection and first
    resamples are reused. ``progress(k)`` is called as resamples and jackknife tables
    are done (``plan.units - plan.done`` in all: the plan did the rest).
    """
    spec = spec or EstimateSpec()
    warnings = data_warnings(data)
    if any(w.blocking for w in warnings):
        return _empty_result(spec, data, warnings)
    if plan is not None and not plan.matches(data, spec):
        raise ValueError("this plan was made for other data or settings")
    try:
        sel = plan.selection if plan is not None and plan.selection else select(spec, data)
    except NoValidModel:
        sel = None
    if sel is None:
        warnings.append(
            EstimationWarning(
                "not-exist",
                "No hierarchical model has an existing, identifiable estimate on these data.",
                blocking=True,
            )
        )
        return _empty_result(spec, data, warnings)
    chosen, steps, ranked, estimator = sel.fit, sel.steps, sel.ranked, sel.estimator
    t, names = data.n_lists, data.list_names
    status = check(data.counts, t, chosen.model)
    blocking = check_warning(status, chosen.model.describe(names))
    if blocking is not None:
        return _empty_result(spec, data, [*warnings, blocking])
    boot = None
    if spec.ci == "wald":
        iv: Interval = wald(chosen, spec.level)
    elif spec.ci == "profile":
        iv = profile(chosen, data.counts, spec.level)
    else:
        boot = bootstrap(
            data.counts,
            estimator,
            estimate=chosen.estimate,
            nboot=spec.boot,
            seed=spec.seed,
            rows=bootstrap_rows(spec, data),
            progress=progress,
            samples=None if plan is None else plan.samples,
            done=None if plan is None else plan.pilot,
        )
        a = (1 - spec.level) / 2
        lo, hi = boot.limits(chosen.estimate, (a, 1 - a))
        iv = Interval(chosen.estimate, lo, hi, spec.level, "bca")
        if boot.failed:
            warnings.append(
                EstimationWarning(
                    "bootstrap-failures",
                    f"{boot.failed} of {spec.boot} resamples had no valid model and were left out.",
                )
            )
    warnings.extend(fit_warnings(chosen.estimate, data.observed, iv.upper))
    return EstimateResult(
        spec=spec,
        list_names=names,
        observed=data.observed,
        estimate=chosen.estimate,
        lower=iv.lower,
        upper=iv.upper,
        interval_center=iv.estimate,
        model=chosen.model.names(names),
        model_bracket=chosen.model.bracket(t),
        check=int(status) if isinstance(status, Check) else status,
        intercept=chosen.intercept,
        se_log=chosen.se_intercept,
        aic=chosen.aic,
        bic=chosen.bic,
        steps=tuple(
            StepRecord(
                None if s.term is None else term_name(s.term, names), s.score, s.accepted, s.note
            )
            for s in steps
        ),
        candidates=tuple(CandidateModel(r.model.names(names), r.estimate, r.bic) for r in ranked),
        warnings=tuple(warnings),
        bootstrap=boot,
        fit=chosen,
    )
