"""Applying a language's rules to a text whose keywords the scan has found.

Only the rules one of whose keywords occurs in the text are tried; each match is kept
unless the sentence that holds it matches the rule's ``exclude`` (a negation such as
"no fees"). Job categories, used by ``unless_job`` and by the going-rate and contract
checks, are looked up the same way, once per text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from palermo.recruitment.catalogue import LANGUAGES, Rule, language_rules
from palermo.recruitment.result import Evidence

MAX_EVIDENCE = 3
_SENTENCE_END = re.compile(r"[.!?;\n]")


@dataclass(frozen=True)
class Hit:
    rule: Rule
    evidence: tuple[Evidence, ...]


@cache
def _index(languages: tuple[str, ...], identity: bool) -> dict[str, tuple[Rule, ...]]:
    by_keyword: dict[str, list[Rule]] = {}
    for lang in languages:
        rules = language_rules(lang)
        for rule in rules.identity if identity else rules.rules:
            for keyword in rule.keywords:
                by_keyword.setdefault(keyword, []).append(rule)
    return {k: tuple(v) for k, v in by_keyword.items()}


def rule_languages(language: str) -> tuple[str, ...]:
    """The rule sets to apply: the text's language, or all when it has none."""
    return (language,) if language in LANGUAGES else LANGUAGES


def candidates(
    keywords: Iterable[str], languages: tuple[str, ...], *, identity: bool = False
) -> list[Rule]:
    index = _index(languages, identity)
    seen: dict[str, Rule] = {}
    for keyword in keywords:
        for rule in index.get(keyword, ()):
            seen.setdefault(rule.id, rule)
    return sorted(seen.values(), key=lambda r: r.id)


def sentence_around(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return text[left : right.start() if right else len(text)]


def apply_rule(rule: Rule, text: str, part: str) -> Hit | None:
    found = []
    for match in rule.pattern.finditer(text):
        if rule.exclude is not None and rule.exclude.search(
            sentence_around(text, match.start(), match.end())
        ):
            continue
        found.append(Evidence(match.group(0), match.start(), match.end(), part))
        if len(found) == MAX_EVIDENCE:
            break
    return Hit(rule, tuple(found)) if found else None


def jobs_in(text: str, languages: tuple[str, ...]) -> list[tuple[str, Evidence]]:
    """Job categories named in ``text``, in order of first appearance."""
    first: dict[str, Evidence] = {}
    for lang in languages:
        for job, pattern in language_rules(lang).jobs.items():
            match = pattern.search(text)
            if match and (job not in first or match.start() < first[job].start):
                first[job] = Evidence(match.group(0), match.start(), match.end())
    return sorted(first.items(), key=lambda item: item[1].start)


def match_rules(
    text: str,
    keywords: Iterable[str],
    languages: tuple[str, ...],
    *,
    part: str,
    main_job: Callable[[], str | None],
) -> list[Hit]:
    """Hits of the candidate rules; ``main_job`` is asked only when a rule needs it."""
    hits = []
    for rule in candidates(keywords, languages):
        if rule.unless_job and main_job() in rule.unless_job:
            continue
        hit = apply_rule(rule, text, part)
        if hit is not None:
            hits.append(hit)
    return hits


def has_identity(text: str, keywords: Iterable[str], languages: tuple[str, ...]) -> bool:
    """Whether ``text`` identifies an employer (legal form, registration, address)."""
    return any(rule.pattern.search(text) for rule in candidates(keywords, languages, identity=True))
