"""Cooperate pillar, analytic side: linking records of the same person.

Works on plain records and data frames and imports neither ``palermo.store``,
``palermo.web``, ``palermo.cases`` nor ``palermo.simulate``, so it runs from a
notebook or a benchmark. Three parts:

* :mod:`.names` - names, places and birth dates in comparable forms (shared);
* :mod:`.family_tracing` - the matcher that ranks candidates for a tracing request;
* :mod:`.records` - the Splink linker that turns agencies' records into persons.
"""

from __future__ import annotations

from palermo.linkage.family_tracing import (
    DEFAULT_THRESHOLD,
    Comparison,
    MatchResult,
    NameFrequencies,
    PersonDescription,
    PersonRecord,
    TracingMatcher,
    TracingSpec,
    compare,
    compare_requests,
    evaluate_tracing,
    match_request,
)
from palermo.linkage.names import (
    BirthDate,
    birth_date_parts,
    jaro_winkler,
    name_similarity,
    name_tokens,
    nickname_of,
    phonetic_key,
    to_latin,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "BirthDate",
    "Comparison",
    "MatchResult",
    "NameFrequencies",
    "PersonDescription",
    "PersonRecord",
    "PersonRecord",
    "TracingMatcher",
    "TracingSpec",
    "birth_date_parts",
    "compare",
    "compare_requests",
    "evaluate_tracing",
    "jaro_winkler",
    "match_request",
    "name_similarity",
    "name_tokens",
    "nickname_of",
    "phonetic_key",
    "to_latin",
]
