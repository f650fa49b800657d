"""Family tracing: rank the persons and requests that may be the relative sought.

:class:`TracingMatcher` indexes register persons and tracing requests;
:func:`compare` explains, in fixed phrases, why two descriptions may be one
person; :func:`evaluate_tracing` measures the matcher on simulated families.
"""

from __future__ import annotations

from palermo.linkage.family_tracing.comparison import Comparison, PersonDescription, compare
from palermo.linkage.family_tracing.matcher import (
    DEFAULT_THRESHOLD,
    MatchResult,
    PersonRecord,
    TracingMatcher,
    TracingSpec,
    compare_requests,
    match_request,
)
from palermo.linkage.family_tracing.namesakes import NameFrequencies
from palermo.linkage.family_tracing.quality import (
    ThresholdResult,
    TracingEvaluation,
    evaluate_tracing,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "Comparison",
    "MatchResult",
    "NameFrequencies",
    "PersonDescription",
    "PersonRecord",
    "ThresholdResult",
    "TracingEvaluation",
    "TracingMatcher",
    "TracingSpec",
    "compare",
    "compare_requests",
    "evaluate_tracing",
    "match_request",
]
