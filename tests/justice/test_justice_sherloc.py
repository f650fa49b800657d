"""SHERLOC-style keywords with their reasons, and the anonymised case-law summary."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from palermo.errors import Conflict, NotFound, ValidationFailed
from palermo.justice import JusticeDataset
from palermo.justice.caselaw import PersonalIdentifiers, case_law_summary, find_identifiers
from palermo.justice.sherloc import confirm_classification, suggest_classification
from palermo.vocab.justice import SherlocKeywordGroup as G


def test_keywords_suggested_from_the_records_with_reasons(handmade: JusticeDataset) -> None:
    c = suggest_classification(handmade, investigation_id="I1")
    assert c.codes(G.acts) == ("harbouring", "recruitment", "transportation")  # D1, D2 roles
    assert c.codes(G.means) == ("coercion", "threat_of_force")  # debt bondage, threats
    assert c.codes(G.purpose) == ("SexualExploitation",)
    assert c.codes(G.form_of_exploitation) == ("pornography", "sexual_exploitation")
    assert c.codes(G.reach) == ("transnational",)  # V1 recruited in Romania
    assert c.codes(G.international_cooperation) == ("mla_request_sent",)
    assert c.codes(G.organised_criminal_group) == ("yes",)
    assert c.codes(G.online_recruitment) == ("Facebook",)
    assert c.meets_definition and c.confirmed_by is None
    coercion = next(k for k in c.keywords if k.code == "coercion")
    assert coercion.reasons == (
        "means of control: Debt bondage",
        "means of control: Withholds documents",
    )
    assert coercion.label("fr") == "Autres formes de contrainte"


def test_missing_parts_of_the_definition_are_named(handmade: JusticeDataset) -> None:
    # I6: V10 recorded no means of control and D8 no act; V10 is an adult.
    c = suggest_classification(handmade, investigation_id="I6")
    assert c.missing == (G.acts, G.means)
    assert not c.meets_definition
    confirmed = confirm_classification(
        c, confirmed_by="analyst-1", add=((G.acts, "recruitment"), (G.means, "deception"))
    )
    assert confirmed.meets_definition and confirmed.confirmed_by == "analyst-1"
    assert confirmed.keywords[-1].reasons == ("added by analyst-1",)
    with pytest.raises(ValidationFailed):
        confirm_classification(c, confirmed_by="analyst-1", add=((G.acts, "kidnapping"),))
    removed = confirm_classification(c, confirmed_by="x", remove=((G.reach, "transnational"),))
    assert removed.codes(G.reach) == ()


def test_a_child_victim_needs_no_means(handmade: JusticeDataset) -> None:
    # I2 names V3 and V4, adults with no means of control recorded.
    assert G.means in suggest_classification(handmade, investigation_id="I2").missing
    young = replace(handmade.victim_by_id["V3"], age=15)
    data = JusticeDataset(
        victims=tuple(young if v.victim_id == "V3" else v for v in handmade.victims),
        suspects=handmade.suspects,
        investigations=handmade.investigations,
        proceedings=handmade.proceedings,
    )
    c = suggest_classification(data, investigation_id="I2")
    assert c.child_victim and G.means not in c.missing


def summary_of(data: JusticeDataset, **kw: object) -> dict:
    c = suggest_classification(data, investigation_id="I1")
    args = {
        "investigation_id": "I1",
        "country": "GB",
        "case_reference": "R v A (2022), Crown Court",
        "facts_summary": "Two women were recruited online and exploited in flats.",
        "classification": c,
    } | kw
    return case_law_summary(data, **args).to_json()  # type: ignore[arg-type]


def test_summary_structure(handmade: JusticeDataset) -> None:
    s = summary_of(handmade)
    assert s["country"] == "GB" and s["type_of_proceedings"] == ["criminal"]
    assert s["defendants"] == [
        {
            "number": 1,
            "sex": {"code": "male", "label": "Male"},
            "nationality": ["RO"],
            "age_group": {"code": "adult", "label": "Adults (18 and over)"},
        }
    ]
    assert [v["age_group"]["code"] for v in s["victims"]] == ["adult", "child"]
    tip = s["charges"][0]
    assert tip["offence"]["code"] == "trafficking_in_persons"
    assert tip["article"] == "Modern Slavery Act 2015, s. 2"
    assert tip["verdict"]["code"] == "convicted" and tip["victims"] == [1, 2]
    assert tip["sentence"]["custody_months"] == 60
    assert [(p["level"], p["date"]) for p in s["proceedings"]] == [
        ("first_instance", "2022-06-15"),
        ("appeal", "2023-02-01"),
    ]
    assert s["keywords"]["acts"]["keywords"][0] == {"code": "harbouring", "label": "Harbouring"}
    assert s["classification"] == "suggested"
    assert s["inclusion"] == {"meets_palermo_definition": True, "missing": []}


def test_summary_holds_no_identifier_or_internal_reference(handmade: JusticeDataset) -> None:
    text = json.dumps(summary_of(handmade, locale="fr"), ensure_ascii=False)
    for internal in ("V1", "V2", "D1", "D2", "I1", "P1", "c1", "K1", "POL", "A1"):
        assert f'"{internal}"' not in text
    for exact in ('"age"', "identified_on", "2021-02-01", "birth"):
        assert exact not in text
    assert "Traite des personnes" in text  # labels follow the locale


def test_summary_naming_a_person_is_refused(handmade: JusticeDataset) -> None:
    people = PersonalIdentifiers(
        names=("Ioana Popescu-Radu",), birth_dates=(date(1996, 4, 3),), documents=("RO 123-4567",)
    )
    with pytest.raises(ValidationFailed) as error:
        summary_of(
            handmade,
            identifiers=people,
            facts_summary="Ms Popescu was recruited on Facebook.",
            commentary="Born 03/04/1996; passport RO1234567.",
        )
    assert {p.field: p.reason.split(";")[0] for p in error.value.problems} == {
        "facts_summary": "contains a name of a person in the case",
        "commentary": "contains a birth date of a person in the case",
    }
    assert "Popescu" not in error.value.message and "1996" not in error.value.message
    assert summary_of(handmade, identifiers=people)["facts_summary"].startswith("Two women")


def test_identifier_forms() -> None:
    people = PersonalIdentifiers(("José Álvarez",), (date(1990, 3, 12),), ("AB 1234567",))
    assert find_identifiers("met JOSE at the port", people) == "a name of a person in the case"
    assert find_identifiers("Alvarezes", people) is None  # whole words only
    assert find_identifiers("born 12 March 1990", people) == "a birth date of a person in the case"
    assert find_identifiers("né le 12 mars 1990", people) == "a birth date of a person in the case"
    assert find_identifiers("doc ab1234567", people) == "a document number of a person in the case"
    assert find_identifiers("in March 1990 they left", people) is None


def test_summary_needs_a_decision_and_facts(handmade: JusticeDataset) -> None:
    c = suggest_classification(handmade, investigation_id="I4")
    with pytest.raises(Conflict, match="no decision"):
        case_law_summary(
            handmade,
            investigation_id="I4",
            country="GB",
            case_reference="x",
            facts_summary="y",
            classification=c,
        )
    with pytest.raises(ValidationFailed, match="summary of facts"):
        summary_of(handmade, facts_summary="  ")
    with pytest.raises(NotFound):
        suggest_classification(handmade, investigation_id="I99")
