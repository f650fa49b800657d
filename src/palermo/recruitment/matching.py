"""Reading the matches the scan found for a text: where they are, and whether they count.

The scan (Polars, Rust regular expressions) returns, for each rule, the words its
pattern matched in a text. Here each match is placed in the text and dropped when
the sentence that holds it matches the rule's ``exclude`` (a negation such as "no
fees"); ``unless_job`` rules are skipped for the jobs they name. Job categories, used
by ``unless_job`` and by the going-rate and contract checks, come the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from palermo.recruitment.catalogue import Rule, language_rules
from palermo.recruitment.result import Evidence

MAX_EVIDENCE = 3
_SENTENCE_END = re.compile(r"[.!?;\n]")
Matches = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Hit:
    rule: Rule
    evidence: tuple[Evidence, ...]


@cache
def _kinds(languages: tuple[str, ...]) -> tuple[dict[str, Rule], dict[str, Rule], dict[str, Rule]]:
    """Flag and cue rules, identity rules and job rules of ``languages``, by id."""
    flags: dict[str, Rule] = {}
    identity: dict[str, Rule] = {}
    jobs: dict[str, Rule] = {}
    for lang in languages:
        rules = language_rules(lang)
        flags.update({r.id: r for r in rules.rules})
        identity.update({r.id: r for r in rules.identity})
        jobs.update({r.id: r for r in rules.jobs})
    return flags, identity, jobs


def sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in ".!?;\n") + 1
    right = _SENTENCE_END.search(text, end)
    return text[left : right.start() if right else len(text)]


def place(rule: Rule, text: str, words: tuple[str, ...], part: str) -> list[Evidence]:
    """Where each match is, confirmed by the rule's Python pattern at that place.

    Rust's pattern may be a little wider than Python's (see ``rust_dialect``): a match
    counts only when Python's pattern, anchored where Rust found it, matches too.
    """
    found, cursor = [], 0
    for word in words:
        start = text.find(word, cursor)
        while start >= 0:
            match = rule.pattern.match(text, start)
            if match:
                found.append(Evidence(match.group(0), match.start(), match.end(), part))
                cursor = match.end()
                break
            start = text.find(word, start + 1)
    return found


def apply_rule(rule: Rule, text: str, words: tuple[str, ...], part: str) -> Hit | None:
    kept = []
    for evidence in place(rule, text, words, part):
        sentence = sentence_around(text, evidence.start, evidence.end)
        if rule.exclude is not None and rule.exclude.search(sentence):
            continue
        kept.append(evidence)
        if len(kept) == MAX_EVIDENCE:
            break
    return Hit(rule, tuple(kept)) if kept else None


def jobs_in(
    text: str, matches: Matches, languages: tuple[str, ...], part: str
) -> list[tuple[str, Evidence]]:
    """Job categories named in ``text``, in order of first appearance."""
    jobs = _kinds(languages)[2]
    first: dict[str, Evidence] = {}
    for rule_id, words in matches.items():
        rule = jobs.get(rule_id)
        if rule is None or rule.cue is None:
            continue
        placed = place(rule, text, words[:1], part)
        if placed and (rule.cue not in first or placed[0].start < first[rule.cue].start):
            first[rule.cue] = placed[0]
    return sorted(first.items(), key=lambda item: item[1].start)


def match_rules(
    text: str,
    matches: Matches,
    languages: tuple[str, ...],
    *,
    part: str,
    main_job: Callable[[], str | None],
) -> list[Hit]:
    """Hits of the flag and cue rules; ``main_job`` is asked only when a rule needs it."""
    flags = _kinds(languages)[0]
    found = []
    for rule_id in sorted(matches):
        rule = flags.get(rule_id)
        if rule is None or (rule.unless_job and main_job() in rule.unless_job):
            continue
        hit = apply_rule(rule, text, matches[rule_id], part)
        if hit is not None:
            found.append(hit)
    return found


def has_identity(text: str, matches: Matches, languages: tuple[str, ...]) -> bool:
    """Whether the text identifies an employer (legal form, registration, address)."""
    identity = _kinds(languages)[1]
    return any(
        place(identity[rule_id], text, words[:1], "ad")
        for rule_id, words in matches.items()
        if rule_id in identity
    )
