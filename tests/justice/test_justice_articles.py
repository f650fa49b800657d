"""Legal articles per country: the packaged file, and clear errors for a bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from palermo.errors import NotFound, ValidationFailed
from palermo.justice.articles import load_legal_articles, parse_legal_articles
from palermo.vocab.justice import Offence

GOOD = """
version: 1
provenance: Ministry of Justice, consolidated texts of 2024
countries:
  FR:
    status: official
    articles:
      trafficking_in_persons: {reference: "Code pénal, art. 225-4-1", title: Traite}
"""


def test_packaged_file_is_illustrative_and_complete_enough_for_the_simulator() -> None:
    articles = load_legal_articles()
    assert {"GB", "FR", "ES", "US"} <= set(articles.countries)
    assert all(a.illustrative for a in articles.articles.values())
    # Every country of the simulated world with courts can charge trafficking.
    for country in ("GB", "ES", "TH", "US", "RO", "UA"):
        assert articles.article(country, Offence.trafficking_in_persons).reference


def test_own_file_is_loaded_and_looked_up(tmp_path: Path) -> None:
    path = tmp_path / "articles.yaml"
    path.write_text(GOOD, encoding="utf-8")
    articles = load_legal_articles(path)
    found = articles.article("FR", "trafficking_in_persons")
    assert (found.reference, found.title, found.status) == (
        "Code pénal, art. 225-4-1",
        "Traite",
        "official",
    )
    assert not found.illustrative
    assert articles.get("FR", Offence.forced_labour) is None
    with pytest.raises(NotFound) as error:
        articles.article("FR", Offence.forced_labour)
    assert "countries.FR.articles.forced_labour" in str(error.value.hint)


def test_every_problem_of_a_bad_file_is_listed() -> None:
    data = {
        "version": 2,
        "provenance": "",
        "extra": 1,
        "countries": {
            "gb": {"status": "official", "articles": {}},
            "XX": {"status": "official", "articles": {}},
            "FR": {
                "status": "draft",
                "colour": "blue",
                "articles": {
                    "trafic": {"reference": "art. 1"},
                    "Forced_Labour": {"reference": "art. 2"},
                    "smuggling_of_migrants": {"title": "no reference"},
                    "money_laundering": {"reference": "art. 3", "text": 4, "page": 1},
                },
            },
        },
    }
    with pytest.raises(ValidationFailed) as error:
        parse_legal_articles(data, source="test.yaml")
    fields = {p.field for p in error.value.problems}
    assert fields == {
        "extra",
        "version",
        "provenance",
        "countries.gb",
        "countries.XX",
        "countries.FR.colour",
        "countries.FR.status",
        "countries.FR.articles.trafic",
        "countries.FR.articles.Forced_Labour",
        "countries.FR.articles.smuggling_of_migrants.reference",
        "countries.FR.articles.money_laundering.text",
        "countries.FR.articles.money_laundering.page",
    }
    assert "test.yaml" in error.value.message
    assert "write the offence code exactly: forced_labour" in error.value.message


def test_yaml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "articles.yaml"
    path.write_text("version: 1\ncountries:\n  FR: {status: official\n", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="not valid YAML at line"):
        load_legal_articles(path)


def test_missing_file() -> None:
    with pytest.raises(NotFound, match="does not exist"):
        load_legal_articles("/nonexistent/articles.yaml")
