"""Measure the tracing matcher against simulated ground truth.

:func:`evaluate_tracing` matches every simulated request against the register
persons and the other requests and counts the proposed pairs that are true
(precision) and the true pairs that were proposed (recall), at several thresholds
from one run. Records come as the plain dicts of
:func:`palermo.simulate.families.simulate_families`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from palermo.linkage.family_tracing.comparison import PersonDescription
from palermo.linkage.family_tracing.matcher import (
    DEFAULT_THRESHOLD,
    PersonRecord,
    TracingMatcher,
    TracingSpec,
)


@dataclass(frozen=True)
class ThresholdResult:
    threshold: float
    proposed: int
    true_positives: int
    precision: float
    recall: float


@dataclass(frozen=True)
class TracingEvaluation:
    persons: int
    requests: int
    true_pairs: int
    compared: int  # candidate pairs scored after blocking
    seconds_index: float
    seconds_match: float
    results: tuple[ThresholdResult, ...]


def person_record(row: dict) -> PersonRecord:
    """A register person from a simulated (or exported) record dict."""
    birth = row.get("birth_date")
    return PersonRecord(
        key=str(row["record_id"]),
        person=PersonDescription(
            given_name=row.get("given_name"),
            family_name=row.get("family_name"),
            birth_year=int(birth[:4]) if birth else None,
            gender=row.get("gender"),
            places=(row["place"],) if row.get("place") else (),
            country=row.get("country"),
        ),
    )


def tracing_spec(row: dict) -> TracingSpec:
    """A tracing request from a simulated request dict."""
    requester = None
    if row.get("requester_given_name") or row.get("requester_family_name"):
        requester = PersonDescription(
            given_name=row.get("requester_given_name"),
            family_name=row.get("requester_family_name"),
            birth_year=row.get("requester_birth_year"),
            gender=row.get("requester_gender"),
            country=row.get("requester_country"),
        )
    return TracingSpec(
        key=str(row["request_id"]),
        sought=PersonDescription(
            given_name=row.get("sought_given_name"),
            family_name=row.get("sought_family_name"),
            birth_year=row.get("sought_birth_year"),
            gender=row.get("sought_gender"),
            country=row.get("sought_country"),
        ),
        relationship=row.get("relationship") or "other",
        requester=requester,
        separation_place=row.get("separation_place"),
        last_known_place=row.get("last_known_place"),
    )


def evaluate_tracing(
    persons: Iterable[dict],
    requests: Sequence[dict],
    true_pairs: Iterable[tuple[str, str]],
    *,
    thresholds: Sequence[float] = (0.7, 0.75, 0.78, DEFAULT_THRESHOLD, 0.85, 0.9),
) -> TracingEvaluation:
    """Precision and recall of the proposed (request, candidate) pairs at each threshold."""
    truth = set(true_pairs)
    started = time.perf_counter()
    person_rows = [person_record(p) for p in persons]
    specs = [tracing_spec(q) for q in requests]
    matcher = TracingMatcher(person_rows, specs)
    indexed = time.perf_counter()
    lowest = min(thresholds)
    scored: list[tuple[float, bool]] = []
    compared = 0
    for spec in specs:
        compared += len(matcher.candidates(spec))
        for m in matcher.match(spec, threshold=lowest, limit=None):
            scored.append((m.score, (spec.key, m.candidate_key) in truth))
    done = time.perf_counter()
    results = []
    for cut in thresholds:
        kept = [hit for score, hit in scored if score >= cut]
        tp = sum(kept)
        results.append(
            ThresholdResult(
                threshold=cut,
                proposed=len(kept),
                true_positives=tp,
                precision=tp / len(kept) if kept else 1.0,
                recall=tp / len(truth) if truth else 1.0,
            )
        )
    return TracingEvaluation(
        persons=len(person_rows),
        requests=len(specs),
        true_pairs=len(truth),
        compared=compared,
        seconds_index=indexed - started,
        seconds_match=done - indexed,
        results=tuple(results),
    )
