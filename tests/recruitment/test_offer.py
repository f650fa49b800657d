"""Screening one offer: risk levels with reasons, the public JSON, contracts, registry, pay."""

from __future__ import annotations

import pytest

from palermo.errors import ValidationFailed
from palermo.recruitment import (
    AgencyRegistry,
    GoingRates,
    OfferSpec,
    Risk,
    screen_offer,
)

CLEAN = (
    "Hotel Lumière SARL, 12 rue de Rivoli, Paris, recrute des serveurs. Salaire 1 900 € brut "
    "par mois. Vous recevez le contrat écrit avant le départ. Écrivez à emploi@hotel-lumiere.fr."
)
BAD = (
    "URGENT! Waitresses wanted for a hotel in Dubai. No experience needed, flight and "
    "accommodation paid. Salary 3,000 USD per month. WhatsApp only: +971 50 123 4567. "
    "A processing fee of 250 EUR is required. Your passport will be kept by the employer."
)


def test_a_clean_offer_has_no_flags_and_never_reads_safe() -> None:
    result = screen_offer(OfferSpec(text=CLEAN, country="FR"))
    assert result.risk is Risk.NO_FLAGS_FOUND and result.flags == ()
    reason = result.to_report("en")["reasons"][0]
    assert "does not make the offer safe" in reason
    assert "safe" not in {r.value for r in Risk}


def test_the_public_json_has_exactly_the_documented_shape() -> None:
    result = screen_offer(OfferSpec(text=BAD, country="AE"))
    payload = result.to_dict()
    assert set(payload) == {"risk", "flags", "questions"}
    assert payload["risk"] == "high"
    assert all(set(f) == {"code", "explanation", "evidence"} for f in payload["flags"])
    codes = [f["code"] for f in payload["flags"]]
    assert {
        "recruitment_fee",
        "document_retention",
        "pay_above_going_rate",
        "urgency",
        "no_experience_travel_paid",
        "messaging_app_only",
    } <= set(codes)
    fee = next(f for f in payload["flags"] if f["code"] == "recruitment_fee")
    assert fee["evidence"] == ["processing fee"] and "employer pays" in fee["explanation"]
    assert len(payload["questions"]) == len(set(payload["questions"])) >= len(codes)


def test_evidence_points_at_the_words_of_the_text() -> None:
    result = screen_offer(OfferSpec(text=BAD, country="AE"))
    for flag in result.flags:
        for ev in flag.evidence:
            assert BAD[ev.start : ev.end] == ev.text


def test_explanations_follow_the_locale_then_the_texts_language() -> None:
    french = "Urgent ! Votre passeport sera gardé par l'employeur pendant le contrat."
    result = screen_offer(OfferSpec(text=french))
    assert result.language == "fr"
    default = result.to_dict()["flags"][0]["explanation"]
    assert "passeport" in default
    assert "passport" in result.to_dict("en")["flags"][0]["explanation"]
    assert screen_offer(OfferSpec(text=BAD)).to_dict("fr_CA")["questions"][0].endswith("?")


def test_one_weak_flag_is_caution_and_one_category_never_makes_high() -> None:
    urgent = screen_offer(
        OfferSpec(text="Urgent: Hotel Lumière SARL, 12 rue de Rivoli, Paris recrute.")
    )
    assert urgent.risk is Risk.CAUTION and urgent.codes == ("urgency",)
    # Two strong flags of one category (fees and debts): score 6 >= 5, one category.
    fees = screen_offer(
        OfferSpec(
            text="Hotel Lumière SARL, 12 rue de Rivoli, Paris. A processing fee of 250 EUR is "
            "required. We advance your ticket; it is repaid from your first salaries."
        )
    )
    assert set(fees.codes) == {"recruitment_fee", "advance_debt"} and fees.score == 6
    assert fees.risk is Risk.CAUTION
    assert any("one category" in r for r in fees.to_report()["reasons"])


def test_negations_do_not_raise_flags() -> None:
    text = (
        "Hotel Lumière SARL, 12 rue de Rivoli, Paris. No recruitment fees: the employer pays all "
        "costs. You keep your passport and contract at all times. Airport escort service."
    )
    assert screen_offer(OfferSpec(text=text)).codes == ()


def test_contract_checks_and_bait_and_switch() -> None:
    ad = (
        "Waitresses wanted for a hotel in Dubai. Salary 3,000 USD per month. Call +971 50 123 4567."
    )
    contract = (
        "EMPLOYMENT CONTRACT. Employer: Kaisolox LLC, 21 Fugan Street, Dubai. Position: a dancer. "
        "Place of work: Dubai. Salary: 1,000 USD per month. If the worker leaves before the end "
        "of the contract, he must pay a penalty of 1000 EUR."
    )
    result = screen_offer(
        OfferSpec(text=ad, contract=contract, country="AE", worker_languages=("fr",))
    )
    codes = set(result.codes)
    assert {"bait_and_switch", "leaving_penalty", "contract_language"} <= codes
    switch = next(f for f in result.flags if f.code == "bait_and_switch")
    text = switch.explanation("en")
    assert "job:" in text and "pay:" in text
    assert {e.part for e in switch.evidence} == {"ad", "contract"}
    assert result.contract_language == "en"
    # The same contract read by an English reader: no language flag.
    again = screen_offer(
        OfferSpec(text=ad, contract=contract, country="AE", worker_languages=("en",))
    )
    assert "contract_language" not in again.codes


def test_an_agency_without_valid_licence_is_flagged_from_the_registry() -> None:
    registry = AgencyRegistry.from_records(
        [
            {
                "name": "Gulf Star Recruitment",
                "licence_number": "AE-1234",
                "status": "revoked",
                "country": "AE",
            },
            {
                "name": "Blue Sea Staffing",
                "licence_number": "AE-5555",
                "status": "licensed",
                "country": "AE",
            },
        ]
    )
    named = "Apply through Gulf Star Recruitment, Dubai."
    result = screen_offer(OfferSpec(text=named, country="AE"), registry=registry)
    flag = next(f for f in result.flags if f.code == "unlicensed_agency")
    assert flag.evidence[0].text == "Gulf Star Recruitment" and "revoked" in flag.explanation("en")
    fine = "Blue Sea Staffing, licence no. AE-5555, Dubai."
    assert (
        "unlicensed_agency"
        not in screen_offer(OfferSpec(text=fine, country="AE"), registry=registry).codes
    )
    unknown = "Licensed agency, licence no. AE-9999."
    flagged = screen_offer(OfferSpec(text=unknown, country="AE"), registry=registry)
    assert (
        "licence number not in the registry"
        in next(f for f in flagged.flags if f.code == "unlicensed_agency").explanation()
    )
    # A licence of a country the registry does not cover is not judged.
    assert (
        "unlicensed_agency"
        not in screen_offer(OfferSpec(text=unknown, country="SN"), registry=registry).codes
    )
    with pytest.raises(ValidationFailed) as err:
        AgencyRegistry.from_records([{"name": "X Agency", "status": "maybe", "country": "AE"}])
    assert err.value.problems[0].field == "status"


def test_pay_above_the_going_rate_uses_the_table_given() -> None:
    text = (
        "Waitresses wanted in Paris. Salary 3,000 EUR per month. "
        "Hotel Lumière SARL, 12 rue de Rivoli, Paris."
    )
    assert "pay_above_going_rate" not in screen_offer(OfferSpec(text=text)).codes
    table = GoingRates.from_mapping(
        {
            "countries": {"FR": {"currency": "EUR", "hospitality": 1000}},
            "eur_per_unit": {"EUR": 1.0},
            "currency_words": {"eur": "EUR", "€": "EUR"},
            "factor": 2.5,
        }
    )
    flagged = screen_offer(OfferSpec(text=text), rates=table)
    flag = next(f for f in flagged.flags if f.code == "pay_above_going_rate")
    assert "3.0 times" in flag.explanation("en") and "1,000 EUR a month" in flag.explanation("en")


def test_bad_input_is_refused_with_the_field_named() -> None:
    with pytest.raises(ValidationFailed) as err:
        screen_offer(OfferSpec(text="  ", country="France"))
    fields = {p.field for p in err.value.problems}
    assert fields == {"text", "country"}
