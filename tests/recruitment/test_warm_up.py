"""The warm-up ``palermo serve`` runs at start exercises both languages' rules."""

from __future__ import annotations

from palermo.recruitment.check import _WARM_UP_OFFERS, check_offer


def test_the_warm_up_checks_an_english_and_a_french_offer_with_flags() -> None:
    results = [check_offer(text=t, country=c) for t, c in _WARM_UP_OFFERS]
    assert {r.offer.language for r in results} == {"en", "fr"}
    assert all(r.offer.flags for r in results)
