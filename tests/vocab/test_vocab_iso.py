"""Countries and languages, in the code forms HTCDS asks for."""

from __future__ import annotations

from palermo.vocab import get_list


def test_countries_are_alpha_2_and_accept_alpha_3() -> None:
    country = get_list("citizenship")
    assert all(len(member.code) == 2 and member.code.isupper() for member in country)
    assert country.parse("FRA") is country.parse("FR")
    assert country.parse("fr").label("fr") == "France"
    assert country.parse("DE").label("fr") == "Allemagne"
    assert country.parse("NG").label() == "Nigeria"


def test_languages_are_three_letter_and_accept_two_letter_and_bibliographic() -> None:
    language = get_list("language")
    assert all(len(member.code) == 3 for member in language)
    french = language.parse("fra")
    assert language.parse("fr") is french
    assert language.parse("fre") is french  # ISO 639-2/B
    assert french.label("fr") == "Français"
    assert language.parse("tet").label() == "Tetum"  # no two-letter code, still listed
    sample = [language.parse(c) for c in ("eng", "ara", "rus", "spa", "tha", "vie", "ron")]
    assert all(m.label("fr") and m.label("fr") != m.label("en") for m in sample)
