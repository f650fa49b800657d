"""Family tracing: rank the persons and other requests that may be the one sought.

A :class:`TracingSpec` describes who is sought (and who is looking); the
:class:`TracingMatcher` holds the persons and requests to search, indexed by
blocking keys so that each request is compared with a few hundred candidates, not
with everyone: pairs of the first letters of a given-name and a family-name token
(unordered, so swapped names meet), nickname groups, and consonant skeletons for
names written in Arabic or Thai. Matching only proposes: a case worker verifies.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import product

from palermo.linkage.family_tracing.comparison import (
    Comparison,
    PersonDescription,
    compare,
    places_match,
)
from palermo.linkage.family_tracing.namesakes import NameFrequencies
from palermo.linkage.names import name_forms, nickname_keys

DEFAULT_THRESHOLD = 0.8
RECIPROCAL = {
    "parent": "child",
    "child": "parent",
    "sibling": "sibling",
    "spouse": "spouse",
    "other": "other",
}


@dataclass(frozen=True)
class PersonRecord:
    """A person held in a register (``key`` is the caller's id, e.g. a person id)."""

    key: str
    person: PersonDescription


@dataclass(frozen=True)
class TracingSpec:
    """A tracing request: who is sought, by whom, and where they were separated.

    ``relationship`` is what the sought person is to the requester (parent, child,
    sibling, spouse, other). ``requester`` lets two requests that seek each other
    meet; the places of separation and last sighting count as the sought person's.
    """

    key: str
    sought: PersonDescription
    relationship: str = "other"
    requester: PersonDescription | None = None
    separation_place: str | None = None
    last_known_place: str | None = None


@dataclass(frozen=True)
class MatchResult:
    """A candidate for a request: a person or another request, score in [0, 1], reasons."""

    request_key: str
    candidate_kind: str  # "person" or "request"
    candidate_key: str
    score: float
    reasons: tuple[str, ...]


def _tokens(text: str | None) -> set[str]:
    found: set[str] = set()
    for form in name_forms(text):
        found.add(form.key[:2])
        if form.skeleton:
            found.add("s:" + form.skeleton[:2])
    return found


def block_keys(p: PersonDescription, *, query: bool = False) -> set[str]:
    """Keys under which ``p`` is indexed (or, with ``query``, looked up)."""
    given = _tokens(p.given_name) | {"n:" + g for g in nickname_keys(p.given_name)}
    for alias in p.aliases:
        given |= _tokens(alias) | {"n:" + g for g in nickname_keys(alias)}
    family = _tokens(p.family_name)
    keys = {"p:" + "|".join(sorted(pair)) for pair in product(given, family)}
    if not query:
        keys |= {"t:" + t for t in family | given}
        if not given or not family:
            keys |= {"m:" + t for t in family | given}
        return keys
    keys |= {"m:" + t for t in family | given}
    if not given or not family:
        keys |= {"t:" + t for t in family | given}
    return keys


def _sought(spec: TracingSpec) -> PersonDescription:
    s = spec.sought
    places = (*s.places, *(p for p in (spec.separation_place, spec.last_known_place) if p))
    return PersonDescription(
        s.given_name, s.family_name, s.birth_year, s.gender, tuple(places), s.aliases, s.country
    )


def compare_requests(
    a: TracingSpec, b: TracingSpec, freq: NameFrequencies | None = None
) -> Comparison | None:
    """Do ``a`` and ``b`` seek each other? None when ``b`` does not say who is looking."""
    if b.requester is None:
        return None
    there = compare(_sought(a), b.requester, freq)
    reasons = ["The other request was filed by a person like the one sought", *there.reasons]
    score = there.score
    if a.requester is not None:
        back = compare(a.requester, _sought(b), freq)
        # Seeking each other confirms; seeking someone else does not refute (a person
        # with two relatives files two requests), so the other direction only adds.
        score = max(there.score, 0.6 * there.score + 0.4 * back.score)
        if back.score >= DEFAULT_THRESHOLD:
            reasons.append("The other request seeks a person like this requester")
    if RECIPROCAL.get(a.relationship) == b.relationship and a.relationship != "other":
        score = min(1.0, score + 0.03)
        reasons.append("Relationships are reciprocal")
    if places_match((a.separation_place,), (b.separation_place,)):
        score = min(1.0, score + 0.03)
        reasons.append("Separation place matches")
    return Comparison(round(score, 3), tuple(dict.fromkeys(reasons)))


class TracingMatcher:
    """An index of persons and requests to search; build once, match many requests."""

    def __init__(
        self,
        persons: Iterable[PersonRecord] = (),
        requests: Iterable[TracingSpec] = (),
        *,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self.threshold = threshold
        self._persons: dict[str, PersonRecord] = {}
        self._requests: dict[str, TracingSpec] = {}
        self._index: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for person in persons:
            self._persons[person.key] = person
            for k in block_keys(person.person):
                self._index[k].add(("person", person.key))
        for spec in requests:
            self._requests[spec.key] = spec
            if spec.requester is not None:
                for k in block_keys(spec.requester):
                    self._index[k].add(("request", spec.key))
        # Everyone a request may be matched with: how common each name is among them.
        self.frequencies = NameFrequencies.of(
            [p.person for p in self._persons.values()]
            + [s.requester for s in self._requests.values() if s.requester is not None]
        )

    def candidates(self, spec: TracingSpec) -> set[tuple[str, str]]:
        """The (kind, key) pairs sharing a blocking key with the sought person."""
        found: set[tuple[str, str]] = set()
        for k in block_keys(spec.sought, query=True):
            found |= self._index.get(k, set())
        found.discard(("request", spec.key))
        return found

    def match(
        self, spec: TracingSpec, *, threshold: float | None = None, limit: int | None = 10
    ) -> list[MatchResult]:
        """Candidates scoring at least ``threshold``, best first (at most ``limit``)."""
        cut = self.threshold if threshold is None else threshold
        sought = _sought(spec)
        results = []
        for kind, key in self.candidates(spec):
            if kind == "person":
                person = self._persons[key].person
                found: Comparison | None = compare(sought, person, self.frequencies)
            else:
                found = compare_requests(spec, self._requests[key], self.frequencies)
            if found is not None and found.score >= cut:
                results.append(MatchResult(spec.key, kind, key, found.score, found.reasons))
        results.sort(key=lambda r: (-r.score, r.candidate_kind, r.candidate_key))
        return results if limit is None else results[:limit]


def match_request(
    spec: TracingSpec,
    persons: Iterable[PersonRecord],
    requests: Iterable[TracingSpec] = (),
    *,
    threshold: float = DEFAULT_THRESHOLD,
    limit: int | None = 10,
) -> list[MatchResult]:
    """One-off matching of ``spec`` against ``persons`` and other ``requests``."""
    return TracingMatcher(persons, requests, threshold=threshold).match(spec, limit=limit)
