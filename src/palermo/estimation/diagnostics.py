"""Warnings that say when the data cannot support an estimate, or only a fragile one."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from palermo.estimation.data import CaptureData
from palermo.estimation.design import margins, pairs, popcount, term_name
from palermo.estimation.existence import Check

#: Fewer observed cases than this makes any estimate fragile.
SPARSE_TOTAL = 50
#: Fewer cases seen on two lists or more than this means the overlaps say little.
SPARSE_OVERLAP = 10


@dataclass(frozen=True)
class EstimationWarning:
    """A problem with the data or the fit; ``blocking`` ones leave no estimate."""

    code: str
    message: str
    blocking: bool = False


def data_warnings(data: CaptureData) -> list[EstimationWarning]:
    t, counts, names = data.n_lists, data.counts, data.list_names
    out: list[EstimationWarning] = []
    multi = sum(int(c) for h, c in enumerate(counts, start=1) if popcount(h) >= 2)
    if data.observed == 0:
        return [EstimationWarning("empty", "No one was observed on any list.", blocking=True)]
    if multi == 0:
        out.append(
            EstimationWarning(
                "no-overlap",
                "No one appears on more than one list, so the lists carry no information "
                "about how many were missed; no estimate is possible. Check that records "
                "were linked across agencies.",
                blocking=True,
            )
        )
        return out
    empty_lists = [n for n, v in data.list_totals().items() if v == 0]
    if empty_lists:
        out.append(
            EstimationWarning(
                "empty-list",
                f"List(s) {', '.join(empty_lists)} have no cases; they are ignored by the fit.",
            )
        )
    ps = pairs(t)
    never = [term_name(p, names) for p, v in zip(ps, margins(counts, t, ps), strict=True) if v == 0]
    if never:
        out.append(
            EstimationWarning(
                "never-overlap",
                f"{len(never)} of {len(ps)} pairs of lists never overlap ({', '.join(never)}); "
                "their interactions, if chosen, are fitted at minus infinity.",
            )
        )
    if data.observed < SPARSE_TOTAL or multi < SPARSE_OVERLAP or len(never) * 2 > len(ps):
        out.append(
            EstimationWarning(
                "sparse",
                f"Very sparse table: {data.observed} cases, {multi} on two lists or more, "
                f"{len(never)} pairs that never overlap. Treat the estimate as indicative and "
                "prefer the bootstrap interval, which accounts for model choice.",
            )
        )
    return out


def check_warning(status: Check, model_text: str) -> EstimationWarning | None:
    if status == Check.OK:
        return None
    code = {1: "not-exist", 2: "not-identifiable", 3: "not-exist"}[int(status)]
    return EstimationWarning(
        code,
        f"For the model {model_text}, {status.describe()}; no estimate is reported. "
        "Choose another model or method (stepwise selection skips such models).",
        blocking=True,
    )


def fit_warnings(estimate: float, observed: int, upper: float) -> list[EstimationWarning]:
    out = []
    if observed and estimate / observed > 10:
        out.append(
            EstimationWarning(
                "large-ratio",
                f"The estimate is {estimate / observed:.1f} times the number observed; "
                "most of the population is extrapolated and depends heavily on the model.",
            )
        )
    if not np.isfinite(upper):
        out.append(
            EstimationWarning(
                "unbounded",
                "The upper limit of the interval could not be found (the likelihood is too "
                "flat); the data do not bound the population from above.",
            )
        )
    return out
