"""The pieces messages are made of: list and code parameters, pydantic's messages, and
the screening evidence that now reads in French."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from palermo.cases.nrm.decisions import DecisionCreate
from palermo.cases.record.schemas import CaseCreate
from palermo.i18n import Msg, joined, msg, pydantic_reason
from palermo.screening import assess, parse_facts
from palermo.screening.records import result_record
from palermo.vocab import InformedOf


def _errors(model: type, **data: object) -> list[dict]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value.errors()


def test_joined_lists_render_each_item_and_the_separator_in_the_language() -> None:
    items = joined([InformedOf.purpose, InformedOf.how_to_withdraw], sep=msg(" and "), lower=True)
    told = msg("Told about {items}.", items=items)
    assert str(told) == "Told about purpose of the data collection and how to withdraw consent."
    assert (
        told.render("fr")
        == "Told about finalité de la collecte et comment retirer son consentement."
    )
    assert str(joined(["a", "b"])) == "a, b"


def test_pydantic_messages_keep_their_english_and_read_in_french() -> None:
    too_old = _errors(CaseCreate, person={}, age_when_trafficked=130)
    reason = pydantic_reason(too_old[0])
    assert isinstance(reason, Msg)
    assert reason == too_old[0]["msg"] == "Input should be less than or equal to 120"
    assert reason.render("fr") == "La valeur doit être inférieure ou égale à 120"

    birth = _errors(CaseCreate, person={"birth_date": "1990-7"})
    reason = pydantic_reason(birth[0])
    assert reason == "Value error, birth date must be YYYY, YYYY-MM or YYYY-MM-DD"
    assert reason.render("fr") == (
        "la date de naissance doit être de la forme AAAA, AAAA-MM ou AAAA-MM-JJ"
    )

    day = _errors(
        DecisionCreate,
        stage="reasonable_grounds",
        result="positive",
        decision_maker="Officer A",
        decided_on="2025-13-01",
        reasons="x",
    )
    reason = pydantic_reason(day[0])
    assert reason == day[0]["msg"]
    assert reason.render("fr") == (
        "La valeur doit être une date ou une date et heure : le mois n'est pas compris entre "
        "1 et 12"
    )


def test_pydantic_messages_the_catalogue_does_not_know_stay_as_pydantic_wrote_them() -> None:
    unknown = {"type": "uuid_parsing", "msg": "Input should be a valid UUID, bad", "ctx": {}}
    assert pydantic_reason(unknown) == "Input should be a valid UUID, bad"
    assert not isinstance(pydantic_reason(unknown), Msg)
    # Reworded by a later pydantic: the English wins over the catalogue's template.
    reworded = {"type": "missing", "msg": "This field is required", "ctx": {}}
    assert not isinstance(pydantic_reason(reworded), Msg)


def test_ilo_evidence_reads_in_french_and_is_saved_in_both_languages() -> None:
    facts = parse_facts(
        {
            "age": 30,
            "acts": ["recruitment"],
            "deceived_about": ["wages"],
            "recruitment_coercion": ["debt_bondage", "documents_confiscated"],
            "conditions": ["no_or_low_pay", "excessive_hours"],
        }
    )
    result = assess(facts)
    delphi = [r for r in result.reasons if r.topic == "ilo_delphi" and r.evidence]
    assert delphi
    every = [text for r in delphi for text in r.evidence]
    french = [text for r in delphi for text in r.evidence_in("fr")]
    assert "Debt bondage (strong)" in every or "Debt bondage (medium)" in every
    assert any(t.startswith("Servitude pour dettes (") for t in french)
    assert not set(every) & set(french)
    assert [r.evidence_in("en") for r in delphi] == [r.evidence for r in delphi]
    record = result_record(result)
    rows = [row for row in record["reasons"] if row["topic"] == "ilo_delphi" and row["evidence"]]
    assert [row["evidence_texts"]["fr"] for row in rows] == [
        list(r.evidence_in("fr")) for r in delphi
    ]
    assert [row["evidence"] for row in rows] == [list(r.evidence) for r in delphi]
    # "fact: code" evidence keeps the codes in English (and in the JSON) and reads in
    # words on a French page, from the labels of the facts format.
    palermo = next(r for r in result.reasons if r.topic == "palermo" and r.key == "act")
    assert palermo.evidence == palermo.evidence_in("en") == ("acts: recruitment",)
    assert palermo.evidence_in("fr") == ("Actes : Recrutement",)
