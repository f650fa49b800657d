"""One pass of Polars over a batch of texts: keywords, entities and language of each.

This is the only place where texts are scanned, for one offer on the public check
page as for a feed of a million ads: Polars runs every pattern over the batch in
Rust (in parallel), one keyword automaton finds the rules worth trying, and the
language model runs over the batch at once. What comes out is small and is read in
Python row by row (``palermo.recruitment.offer``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from time import perf_counter

import polars as pl

from palermo.recruitment.catalogue import LANGUAGES, Rule, language_rules
from palermo.recruitment.entities import Entities, RawEntities, entities_from_scan
from palermo.recruitment.language import detect_languages
from palermo.recruitment.patterns import (
    AGENCY,
    APP,
    CAPITALISED,
    EMAIL,
    HANDLE,
    URL,
    money_pattern,
    pay_pattern,
    phone_pattern,
)
from palermo.recruitment.places import find_places


@dataclass(frozen=True)
class Scan:
    language: str
    # Rule id -> the words each match of its pattern covers (flag, cue, identity and job
    # rules), in order of appearance.
    matches: dict[str, tuple[str, ...]]
    entities: Entities
    pay: tuple[str, ...]  # phrases that state pay ("salary 3000 USD")
    registry_hits: frozenset[str] = frozenset()  # registry names or licence numbers found


def rule_languages(language: str) -> tuple[str, ...]:
    """The rule sets to apply: the text's language, or all when it has none."""
    return (language,) if language in LANGUAGES else LANGUAGES


@cache
def _rules(languages: tuple[str, ...]) -> dict[str, tuple[Rule, ...]]:
    """Keyword -> the rules (flags, cues, identity, jobs) of ``languages`` it may raise."""
    index: dict[str, list[Rule]] = {}
    for lang in languages:
        rules = language_rules(lang)
        for rule in rules.rules + rules.identity + rules.jobs:
            for keyword in rule.keywords:
                index.setdefault(keyword, []).append(rule)
    return {k: tuple(v) for k, v in index.items()}


@cache
def all_keywords() -> tuple[str, ...]:
    return tuple(sorted(_rules(LANGUAGES)))


@cache
def _keyword_table() -> pl.DataFrame:
    """keyword, language, rule id: which rule each keyword may raise, per language."""
    rows = [
        (keyword, lang, rule.id)
        for lang in LANGUAGES
        for keyword, rules in _rules((lang,)).items()
        for rule in rules
    ]
    return pl.DataFrame(rows, schema=["kw", "lang", "rule"], orient="row")


@cache
def _rule_by_id() -> dict[str, Rule]:
    return {r.id: r for rules in _rules(LANGUAGES).values() for r in rules}


def _verify(
    texts: Sequence[str], kw: pl.Series, languages: list[str]
) -> list[dict[str, tuple[str, ...]]]:
    """The matches of each rule in each text. A rule is tried only on the texts that hold
    one of its keywords (a join in Polars), all of them in one Polars call per rule."""
    # A text in a language without rules is tried with the rules of every language.
    langs = [lang if lang in LANGUAGES else "*" for lang in languages]
    wanted = (
        pl.DataFrame({"row": pl.int_range(0, len(texts), eager=True), "kw": kw, "lang": langs})
        .explode("kw")
        .drop_nulls("kw")
        .join(_keyword_table(), on="kw", how="inner", suffix="_rule")
        .filter((pl.col("lang") == "*") | (pl.col("lang") == pl.col("lang_rule")))
        .select("rule", "row")
        .unique()
        .sort("rule", "row")
        .group_by("rule", maintain_order=True)
        .agg("row")
    )
    matches: list[dict[str, tuple[str, ...]]] = [{} for _ in texts]
    table = _rule_by_id()
    for rule_id, rows in wanted.iter_rows():
        rule = table[rule_id]
        found = pl.Series([texts[i] for i in rows], dtype=pl.String).str.extract_all(rule.rust)
        for i, words in zip(rows, found.to_list(), strict=True):
            if words:
                matches[i][rule_id] = tuple(words)
    return matches


def _column_exprs(registry_terms: Sequence[str]) -> list[pl.Expr]:
    text = pl.col("t")
    lower = text.str.to_lowercase()
    exprs = [
        lower.str.extract_many(list(all_keywords()), overlapping=True).alias("kw"),
        text.str.extract_all(phone_pattern()).alias("phones"),
        text.str.extract_all(EMAIL).alias("emails"),
        text.str.extract_all(URL).alias("urls"),
        text.str.extract_all(APP).alias("apps"),
        text.str.extract_all(HANDLE).alias("handles"),
        text.str.extract_all(money_pattern()).alias("money"),
        text.str.extract_all(pay_pattern()).alias("pay"),
        text.str.extract_all(CAPITALISED).alias("caps"),
        text.str.extract_all(AGENCY).alias("agencies"),
    ]
    if registry_terms:
        exprs.append(lower.str.extract_many(list(registry_terms), overlapping=True).alias("reg"))
    return exprs


def scan_texts(
    texts: Sequence[str],
    *,
    regions: Sequence[str | None] | None = None,
    languages: Sequence[str | None] | None = None,
    registry_terms: Sequence[str] = (),
    timings: dict[str, float] | None = None,
) -> list[Scan]:
    """Scan every text; ``regions`` are the ads' countries (phone region hints) and
    ``languages`` any languages already known (None: detect). ``timings`` (if given)
    adds the seconds of each step, for the benchmark."""
    if not texts:
        return []
    clock = _Clock(timings)
    frame = pl.DataFrame({"t": list(texts)}, schema={"t": pl.String})
    selected = frame.select(_column_exprs(registry_terms))
    cols = selected.drop("kw", "caps").to_dict(as_series=False)
    clock.lap("scan: patterns (Polars)")
    places = find_places(selected["caps"])
    clock.lap("scan: places")
    given: list[str | None] = list(languages) if languages is not None else [None] * len(texts)
    unknown = [i for i, lang in enumerate(given) if not lang]
    for i, lang in zip(unknown, detect_languages([texts[i] for i in unknown]), strict=True):
        given[i] = lang
    langs = [str(lang) for lang in given]
    clock.lap("scan: language")
    matches = _verify(texts, selected["kw"], langs)
    clock.lap("scan: rules (Polars)")
    hints = list(regions) if regions is not None else [None] * len(texts)
    empty: list[str] = []
    scans = []
    for i in range(len(texts)):
        raw = RawEntities(
            phones=tuple(cols["phones"][i] or empty),
            emails=tuple(cols["emails"][i] or empty),
            urls=tuple(cols["urls"][i] or empty),
            apps=tuple(cols["apps"][i] or empty),
            handles=tuple(cols["handles"][i] or empty),
            money=tuple(cols["money"][i] or empty),
            agencies=tuple(cols["agencies"][i] or empty),
        )
        scans.append(
            Scan(
                language=langs[i],
                matches=matches[i],
                entities=entities_from_scan(raw, region=hints[i], places=places[i]),
                pay=tuple(cols["pay"][i] or empty),
                registry_hits=frozenset(cols["reg"][i] or empty) if registry_terms else frozenset(),
            )
        )
    clock.lap("scan: entities and phones")
    return scans


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings, self.last = timings, perf_counter()

    def lap(self, step: str) -> None:
        if self.timings is not None:
            now = perf_counter()
            self.timings[step] = self.timings.get(step, 0.0) + now - self.last
            self.last = now


def extract_entities(text: str, *, region: str | None = None) -> Entities:
    """Entities of one text; ``region`` (ISO alpha-2) reads numbers without country code."""
    return scan_texts([text], regions=[region])[0].entities
