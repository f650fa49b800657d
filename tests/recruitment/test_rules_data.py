"""The red flags and their wording are data: complete, bilingual, and doing what they say."""

from __future__ import annotations

import polars as pl
import pytest

from palermo.recruitment import OfferSpec, rule_versions, screen_offer
from palermo.recruitment.catalogue import (
    LANGUAGES,
    flag_catalogue,
    going_rates,
    language_rules,
    rust_dialect,
)

RULES = [(lang, r) for lang in LANGUAGES for r in language_rules(lang).rules]


def test_every_flag_is_explained_in_both_languages_with_its_source_and_question() -> None:
    catalogue = flag_catalogue()
    assert len(catalogue.flags) >= 20
    for code, flag in catalogue.flags.items():
        for text in (flag.explanation, flag.question, flag.label):
            assert text.en and text.fr and text.en != text.fr, code
        assert flag.sources and all(s in catalogue.sources for s in flag.sources), code
        assert flag.applies_to <= {"ad", "contract"}, code


def test_every_rule_and_job_has_keywords_and_the_flag_it_names_exists() -> None:
    catalogue = flag_catalogue()
    for lang in LANGUAGES:
        rules = language_rules(lang)
        for rule in rules.rules:
            assert rule.flag in catalogue.flags or rule.cue, rule.id
            assert rule.examples, f"{rule.id} has no example"
        assert {r.cue for r in rules.jobs} >= {
            "hospitality",
            "agriculture",
            "modelling",
            "domestic",
        }
    assert set(rule_versions()) >= {"recruitment_flags", "rules_en", "rules_fr", "going_rates"}


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=[r.id for _, r in RULES])
def test_rule_examples_raise_it_and_counter_examples_do_not(lang: str, rule) -> None:  # type: ignore[no-untyped-def]
    code = rule.flag
    for text in rule.examples:
        result = screen_offer(OfferSpec(text=text, language=lang))
        if code:
            assert code in result.codes, (rule.id, text, result.codes)
            evidence = [e.text for f in result.flags if f.code == code for e in f.evidence]
            assert evidence and all(e in text for e in evidence)
    for text in rule.counter_examples:
        if code:
            assert code not in screen_offer(OfferSpec(text=text, language=lang)).codes, (
                rule.id,
                text,
            )


def test_the_rust_prefilter_finds_every_match_of_the_python_pattern(feed) -> None:  # type: ignore[no-untyped-def]
    texts = feed["frame"]["text"].to_list()[:600] + [e for _, r in RULES for e in r.examples]
    series = pl.Series(texts)
    for lang in LANGUAGES:
        rules = language_rules(lang)
        for rule in rules.rules + rules.identity + rules.jobs:
            rust = series.str.contains(rule.rust).to_list()
            missed = [
                t for t, hit in zip(texts, rust, strict=True) if not hit and rule.pattern.search(t)
            ]
            assert not missed, (rule.id, missed[:2])
            low = [t.lower() for t in texts if rule.pattern.search(t)]
            assert all(any(k in t for k in rule.keywords) for t in low), (
                f"{rule.id}: a match without keyword"
            )


def test_the_rust_dialect_keeps_ascii_word_boundaries_and_drops_unsafe_ones() -> None:
    assert rust_dialect(r"\bfees?\b") == r"(?xi)(?-u:\b)fees?(?-u:\b)"
    # Beside a letter that may be non-ASCII the boundary goes (a wider match, confirmed in Python).
    assert rust_dialect(r"\bécolière\b") == r"(?xi)écolière(?-u:\b)"
    assert rust_dialect(r"(?:payé)\b[^.]") == r"(?xi)(?:payé)[^.]"
    assert rust_dialect("[- ]", case_sensitive=True) == r"(?x)[-\x20]"


def test_the_going_rate_table_is_marked_illustrative() -> None:
    rates = going_rates()
    assert rates.illustrative and "illustrative" in rates.version
    assert rates.rate("FR", "hospitality") is not None
    assert rates.to_eur(100, "USD") == pytest.approx(90)
