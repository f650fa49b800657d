"""Entities: phones (obscured ones too), e-mails, web addresses, handles, money, places."""

from __future__ import annotations

import pytest

from palermo.recruitment import extract_entities
from palermo.recruitment.money import parse_money
from palermo.recruitment.phones import run_digits
from palermo.simulate.ads.contactgen import french_number


@pytest.mark.parametrize(
    ("text", "region", "number", "obscured"),
    [
        ("Call +44 7911 123456 now", None, "+447911123456", False),
        ("Appelez le 06 12 34 56 78", "FR", "+33612345678", False),
        ("Tel 0 6 1 2 3 4 5 6 7 8", "FR", "+33612345678", True),
        ("tel o6 12 34 56 78", "FR", "+33612345678", True),
        (
            "zéro six, douze, trente-quatre, cinquante-six, soixante-dix-huit",
            "FR",
            "+33612345678",
            True,
        ),
        ("zero seven nine one one, one two three four five six", "GB", "+447911123456", True),
        ("oh seven nine one one one two three four five six", "GB", "+447911123456", True),
        ("+33 (0)6 12 34 56 78", None, "+33612345678", False),
        ("0044 7911 123 456", None, "+447911123456", False),
    ],
)
def test_phone_numbers_in_their_written_forms(
    text: str, region: str | None, number: str, obscured: bool
) -> None:
    phones = extract_entities(text, region=region).phones
    assert [(p.number, p.obfuscated) for p in phones] == [(number, obscured)]


def test_french_number_words_read_back_for_every_pair() -> None:
    assert all(run_digits(french_number(n))[0] == str(n) for n in range(100))
    assert run_digits("soixante, douze")[0] == "6012"  # a comma separates two numbers


def test_amounts_and_numbers_that_are_not_phones_are_not_phones() -> None:
    assert extract_entities("Salary 3000 5000 EUR, 20 places", region="FR").phones == ()
    assert extract_entities("Call 06 12 34 56 78", region=None).phones == ()  # no region: unknown


def test_emails_plain_and_obfuscated_and_handles() -> None:
    found = extract_entities(
        "Write jobs (at) gulf-staff dot com or hr@blue-sea.org; Telegram @gulf_jobs; "
        "t.me/recruit_eu; www.blue-sea.org"
    )
    assert [(e.address, e.obfuscated) for e in found.emails] == [
        ("jobs@gulf-staff.com", True),
        ("hr@blue-sea.org", False),
    ]
    assert {(h.app, h.handle) for h in found.handles} == {
        ("Telegram", "gulf_jobs"),
        ("Telegram", "recruit_eu"),
    }
    assert "www.blue-sea.org" in found.urls and "Telegram" in found.apps
    assert set(found.keys()) >= {"email:jobs@gulf-staff.com", "handle:telegram:gulf_jobs"}


@pytest.mark.parametrize(
    ("raw", "amount", "currency", "period"),
    [
        ("3,000 USD per month", 3000, "USD", "month"),
        ("€2.500 par mois", 2500, "EUR", "month"),
        ("2 500 € net par mois", 2500, "EUR", "month"),
        ("£12.50/hour", 12.5, "GBP", "hour"),
        ("15,5 € de l'heure", 15.5, "EUR", "hour"),
        ("1.200 euros", 1200, "EUR", None),
        ("AED 4k", 4000, "AED", None),
    ],
)
def test_money(raw: str, amount: float, currency: str, period: str | None) -> None:
    money = parse_money(raw)
    assert money is not None and (money.amount, money.currency, money.period) == (
        amount,
        currency,
        period,
    )


def test_places_in_english_and_french_and_agencies() -> None:
    found = extract_entities(
        "Travail à Dubaï et Londres pour Gulf Star Recruitment, puis New York. Nice job!"
    )
    assert [(p.name, p.country) for p in found.places] == [
        ("Dubaï", "AE"),
        ("Londres", "GB"),
        ("New York", "US"),
    ]
    assert "Gulf Star Recruitment" in found.agencies
