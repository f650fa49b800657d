"""Before a run: select the model on the data, and say how long the whole run will take.

``plan(data, spec)`` does the first part of ``estimate`` (the model selection on the
data, e.g. fitting 32,768 models on the UK data) and, for a bootstrap, times a first
batch of resamples; from those it predicts the wall time of the rest. Passing the plan
to ``estimate(..., plan=p)`` reuses both, so planning costs nothing extra::

    p = plan(data, spec)
    print(p.describe())            # "about 40 s: 1,000 resamples + 25 jackknife tables ..."
    result = estimate(data, spec, plan=p)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from palermo.errors import ValidationFailed
from palermo.estimation import bic as bic_search
from palermo.estimation.bootstrap import resample
from palermo.estimation.data import CaptureData
from palermo.estimation.design import Model, parse_term
from palermo.estimation.fit import Fit, fit
from palermo.estimation.reselect import Reselection
from palermo.estimation.stepwise import Step, aic_stepwise, sparse_stepwise

if TYPE_CHECKING:
    from palermo.estimation.api import EstimateSpec

#: The first resamples are run for at least this long to time them.
PILOT_SECONDS = 0.5


class NoValidModel(Exception):
    """No candidate model has an existing, identifiable estimate on the data."""


@dataclass(frozen=True, eq=False)
class Selection:
    """The model chosen on the data, and the estimator the bootstrap re-runs."""

    fit: Fit
    steps: tuple[Step, ...]
    ranked: tuple[bic_search.Ranked, ...]
    estimator: Callable[[np.ndarray], float]
    #: candidate models re-fitted on each resample (1 for a fixed model)
    models: int


@dataclass(frozen=True, eq=False)
class RunPlan:
    """What a run will do, and about how long it will take (known before it starts).

    ``seconds`` is the predicted wall time of ``estimate(data, spec, plan=p)``, i.e. of
    what remains after planning (``select_seconds`` went into choosing the model).
    ``units`` is the number of progress ticks the run reports: bootstrap resamples plus
    jackknife tables (one per observed history). ``pilot`` holds the estimates of the
    first resamples, already computed while timing (``done`` of the units); ``estimate``
    neither redoes nor reports them.
    """

    spec: EstimateSpec
    units: int
    seconds: float
    select_seconds: float
    per_unit_seconds: float
    models: int
    selection: Selection | None = field(repr=False)
    counts_key: bytes = field(repr=False)
    pilot: np.ndarray = field(repr=False)
    samples: np.ndarray | None = field(default=None, repr=False)
    blocked: bool = False

    @property
    def done(self) -> int:
        """Units already done while planning (the bar starts there)."""
        return int(self.pilot.size)

    def matches(self, data: CaptureData, spec: EstimateSpec) -> bool:
        return spec == self.spec and _key(data) == self.counts_key

    def describe(self) -> str:
        s = self.spec
        if self.blocked:
            return "no estimate is possible on these data (see the warnings)"
        if s.ci != "bca" or self.units == 0:
            return about(self.seconds)
        jack = self.units - s.boot
        what = f"{s.boot:,} resamples + {jack:,} jackknife tables"
        if s.method == "bic" and s.search == "all":
            what += f", {self.models:,} candidate model{'s' if self.models > 1 else ''} each"
        return f"{about(self.seconds)} ({what})"


def about(seconds: float) -> str:
    """A duration as people say it: "under a second", "about 40 s", "about 3 min"."""
    text = _duration(seconds)
    return text if text.startswith("under") else f"about {text}"


def _duration(seconds: float) -> str:
    if seconds < 1:
        return "under a second"
    if seconds < 10:
        return f"{seconds:.1f} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _key(data: CaptureData) -> bytes:
    rows = b"" if data.input_rows is None else np.array(data.input_rows).tobytes()
    return data.counts.tobytes() + b"|" + rows


def fixed_model(spec: EstimateSpec, list_names: tuple[str, ...]) -> Model:
    try:
        return Model.of(parse_term(t, list_names) for t in spec.model)
    except ValueError as exc:
        raise ValidationFailed(
            f"Cannot read the model: {exc}.",
            hint=f"Use names like {list_names[0]}:{list_names[1]}.",
        ) from None


def select(spec: EstimateSpec, data: CaptureData) -> Selection:
    """Select and fit on the data; also return the estimator the bootstrap re-runs."""
    counts, t, th = data.counts, data.n_lists, spec.p_threshold
    if spec.method in ("main", "fixed"):
        model = Model() if spec.method == "main" else fixed_model(spec, data.list_names)
        return Selection(fit(counts, t, model), (), (), lambda c: fit(c, t, model).estimate, 1)
    if spec.method == "stepwise":
        sel = sparse_stepwise(counts, t, th)
        n_pairs = t * (t - 1) // 2
        return Selection(
            sel.fit, sel.steps, (), lambda c: sparse_stepwise(c, t, th).fit.estimate, n_pairs
        )
    if spec.method == "aic":
        sel = aic_stepwise(counts, t, th)
        n_pairs = t * (t - 1) // 2
        return Selection(
            sel.fit, sel.steps, (), lambda c: aic_stepwise(c, t, th).fit.estimate, n_pairs
        )
    if spec.search == "downhill":
        model, _, _, visited = bic_search.downhill(counts, t, spec.max_order)
        order = spec.max_order
        return Selection(
            fit(counts, t, model),
            (),
            tuple(visited),
            bic_search.DownhillSearch(t, order),
            len(visited),
        )
    ranked = bic_search.rank_all(counts, t, spec.max_order)
    if not ranked:
        raise NoValidModel()
    top = list(ranked[: spec.ntop or len(ranked)])
    return Selection(
        fit(counts, t, ranked[0].model),
        (),
        tuple(ranked),
        Reselection(counts, t, top, spec.max_order),
        len(top),
    )


def bootstrap_rows(spec: EstimateSpec, data: CaptureData) -> tuple[tuple[int, int], ...] | None:
    """The multinomial categories in R's order for this method (see ``bootstrap``)."""
    # SparseMSE draws over the input rows; MultipleSystemsEstimation (BIC) over every
    # history in tidy_lists order.
    return None if spec.method == "bic" else data.input_rows


def selection_note(data: CaptureData, spec: EstimateSpec) -> str:
    """What the model selection on the data does, to show while it runs."""
    if spec.method == "bic" and spec.search == "all":
        try:
            n = len(bic_search.family(data.n_lists, spec.max_order))
        except ValidationFailed:
            n = 0
        if n:
            return f"Fitting {n:,} candidate models on the data..."
    return "Selecting the model on the data..."


def plan(data: CaptureData, spec: EstimateSpec) -> RunPlan:
    """Select the model on ``data`` and predict the run time of ``estimate(data, spec)``."""
    from palermo.estimation.diagnostics import data_warnings

    key = _key(data)
    units = spec.boot + int((data.counts > 0).sum()) if spec.ci == "bca" else 0
    if any(w.blocking for w in data_warnings(data)):
        return RunPlan(spec, 0, 0.0, 0.0, 0.0, 0, None, key, np.empty(0), blocked=True)
    t0 = time.perf_counter()
    try:
        selection = select(spec, data)
    except NoValidModel:
        return RunPlan(spec, 0, 0.0, 0.0, 0.0, 0, None, key, np.empty(0), blocked=True)
    select_s = time.perf_counter() - t0
    pilot, samples, per_unit = np.empty(0), None, 0.0
    if units:
        samples = resample(data.counts, spec.boot, spec.seed, bootstrap_rows(spec, data))
        pilot, per_unit = _pilot(samples, selection)
    # what is left for estimate(..., plan=p): the selection and the pilot are done
    seconds = per_unit * (units - pilot.size)
    return RunPlan(
        spec, units, seconds, select_s, per_unit, selection.models, selection, key, pilot, samples
    )


def _pilot(samples: np.ndarray, sel: Selection) -> tuple[np.ndarray, float]:
    """Run the first resamples for about PILOT_SECONDS: their estimates, seconds per unit."""
    many = getattr(sel.estimator, "many", None)
    step = int(sel.estimator.chunk()) if many is not None else 1  # type: ignore[attr-defined]
    done: list[float] = []
    t0 = time.perf_counter()
    while len(done) < samples.shape[0] and time.perf_counter() - t0 < PILOT_SECONDS:
        part = samples[len(done) : len(done) + step]
        if many is not None:
            done.extend(float(v) for v in many(part))
        else:
            done.append(float(sel.estimator(part[0])))
    elapsed = time.perf_counter() - t0
    return np.array(done), (elapsed / len(done) if done else math.nan)
