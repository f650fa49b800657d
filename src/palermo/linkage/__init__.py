"""Cooperate pillar, analytic side: linking records of the same person.

Works on plain records (frozen dataclasses in and out) and imports neither
``palermo.store`` nor ``palermo.web``, so it runs from a notebook or a benchmark.
Today it holds the family-tracing matcher (:mod:`.tracing`).
"""

from __future__ import annotations

from palermo.linkage.compare import Comparison, PersonDescription, compare
from palermo.linkage.similarity import jaro_winkler, name_similarity, nickname_of
from palermo.linkage.tracing import (
    DEFAULT_THRESHOLD,
    MatchResult,
    PersonRecord,
    TracingMatcher,
    TracingSpec,
    compare_requests,
    match_request,
)
from palermo.linkage.translit import phonetic_key, to_latin

__all__ = [
    "DEFAULT_THRESHOLD",
    "Comparison",
    "MatchResult",
    "PersonDescription",
    "PersonRecord",
    "PersonRecord",
    "TracingMatcher",
    "TracingSpec",
    "compare",
    "compare_requests",
    "jaro_winkler",
    "match_request",
    "name_similarity",
    "nickname_of",
    "phonetic_key",
    "to_latin",
]
