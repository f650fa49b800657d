"""The tracing matcher: transliteration, swapped names, nicknames, ages, blocking, purity."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from palermo.linkage import (
    PersonDescription,
    PersonRecord,
    TracingMatcher,
    TracingSpec,
    compare,
    compare_requests,
    jaro_winkler,
    match_request,
    to_latin,
)

P = PersonDescription
LINKAGE = Path(__file__).resolve().parents[2] / "src" / "palermo" / "linkage"


def test_jaro_winkler_reference_values() -> None:
    # Winkler's textbook pairs.
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.961, abs=1e-3)
    assert jaro_winkler("dwayne", "duane") == pytest.approx(0.84, abs=1e-3)
    assert jaro_winkler("dixon", "dicksonx") == pytest.approx(0.813, abs=1e-3)
    assert jaro_winkler("", "abc") == 0.0 and jaro_winkler("abc", "abc") == 1.0


def test_cyrillic_matches_its_transliterations() -> None:
    assert to_latin("Олена Шевченко") == "olena shevchenko"
    for spelling in ("Shevchenko", "Schewtschenko", "Ševčenko"):
        found = compare(P("Олена", "Шевченко", 1990), P("Olena", spelling, 1990))
        assert found.score >= 0.95, spelling
        assert "Family name matches after transliteration" in found.reasons


def test_arabic_and_vietnamese() -> None:
    arabic = compare(P("Mohammed", "Haddad", 1980), P("محمد", "حداد", 1980))
    assert arabic.score >= 0.85
    assert "Given name matches after transliteration" in arabic.reasons
    assert compare(P("Nguyễn", "Minh", 1980), P("Nguyen", "Minh", 1980)).score >= 0.95


def test_swapped_names() -> None:
    found = compare(P("Minh", "Nguyen", 1985), P("Nguyễn", "Minh", 1985))
    assert found.score >= 0.9
    assert "Given and family names are swapped" in found.reasons


def test_nickname() -> None:
    found = compare(P("Sasha", "Kovalenko", 1985), P("Oleksandr", "Kovalenko", 1985))
    assert found.score >= 0.85
    assert "Given name is a nickname of the other" in found.reasons


def test_age_mismatch_lowers_the_score() -> None:
    same = compare(P("Emma", "Taylor", 1990), P("Emma", "Taylor", 1990))
    close = compare(P("Emma", "Taylor", 1990), P("Emma", "Taylor", 1992))
    far = compare(P("Emma", "Taylor", 1990), P("Emma", "Taylor", 1960))
    assert same.score > close.score > far.score
    assert "Age within 2 years" in close.reasons
    assert "Age differs by more than 10 years" in far.reasons
    assert far.score < 0.8


def test_unrelated_person_scores_low() -> None:
    found = compare(P("Emma", "Taylor", 1990), P("Blessing", "Okafor", 1990))
    assert found.score < 0.4
    assert (
        compare(P("Emma", "Taylor", 1990, "female"), P("Emma", "Taylor", 1990, "male")).score < 0.7
    )


def test_matcher_ranks_and_blocks() -> None:
    persons = [
        PersonRecord("1", P("Olena", "Shevchenko", 1991, "female")),
        PersonRecord("2", P("Oksana", "Shevchenko", 1970, "female")),
        PersonRecord("3", P("Blessing", "Okafor", 1991, "female")),
        PersonRecord("4", P("Shevchenko", "Olena", None, "female")),
    ]
    spec = TracingSpec("q1", P("Лена", "Шевченко", 1990, "female"), relationship="sibling")
    results = match_request(spec, persons)
    assert [r.candidate_key for r in results][:1] == ["1"]
    assert all(0 <= r.score <= 1 and r.reasons for r in results)
    assert ("person", "3") not in TracingMatcher(persons).candidates(spec)


def test_two_requests_seeking_each_other() -> None:
    mine = TracingSpec(
        "a", P("Oksana", "Shevchenko", 1970), "parent", P("Olena", "Shevchenko", 1995)
    )
    theirs = TracingSpec("b", P("Лена", "Шевченко", 1996), "child", P("Оксана", "Шевченко", 1971))
    found = compare_requests(mine, theirs)
    assert found is not None and found.score >= 0.9
    assert "Relationships are reciprocal" in found.reasons
    [result] = TracingMatcher(requests=[mine, theirs]).match(mine)
    assert (result.candidate_kind, result.candidate_key) == ("request", "b")


def test_linkage_imports_neither_store_web_cases_nor_simulate() -> None:
    forbidden = ("palermo.store", "palermo.web", "palermo.cases", "palermo.simulate", "sqlalchemy")
    offending = []
    for path in LINKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offending += [
                f"{path.name}: {n}"
                for n in names
                if any(n == f or n.startswith(f + ".") for f in forbidden)
            ]
    assert offending == []


def test_name_tokens_and_birth_date_parts_for_other_encoders() -> None:
    from palermo.linkage import birth_date_parts, name_tokens

    assert name_tokens("Al-Hassan") == ("hassan",)
    assert name_tokens("الحسن") == ("hsn",)
    assert name_tokens("García López") == ("garcia", "lopez")
    assert name_tokens("Ševčenko") == name_tokens("Шевченко") == ("shevchenko",)
    assert name_tokens(None) == () and name_tokens("") == ()
    assert birth_date_parts("1990-07-15").iso == "1990-07-15"
    assert birth_date_parts("1990") == birth_date_parts("1990").__class__(1990, None, None)
    assert birth_date_parts("15.07.1990") == birth_date_parts("1990-07-15")
    assert birth_date_parts(" ") is None
    with pytest.raises(ValueError):
        birth_date_parts("1990-02-30")
    with pytest.raises(ValueError):
        birth_date_parts("July 1990")
