"""Errors raised for real by the services read in French, values in place, when rendered
in French, and stay exactly as they were in English."""

from __future__ import annotations

from datetime import date

import pytest

from palermo import cases
from palermo.accounts import service as accounts
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.exchange import import_cases
from palermo.cases.nrm.decisions import DecisionCreate, record_decision
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.referrals.answers import accept_referral
from palermo.cases.referrals.sending import refer
from palermo.cases.workflow import withdraw_consent
from palermo.errors import Conflict, ConsentMissing, PermissionDenied, ValidationFailed
from palermo.i18n import render
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.vocab import InformedOf
from tests.factories import make_agency_user


def _open(store: Store, actor: Actor) -> int:
    with store.session() as s:
        return cases.open_case(
            s, data=CaseCreate(person=PersonData(given_name="Ana")), actor=actor
        ).id


def _shelter(store: Store) -> Actor:
    with store.session() as s:
        accounts.create_agency(
            s, name="Shelter South", type="Shelter", country="BE", actor=Actor.system("test")
        )
    return make_agency_user(store, agency="Shelter South", username="shelter")


def _consent(store: Store, actor: Actor, case_id: int, purpose: str, **extra: object) -> int:
    with store.session() as s:
        data = ConsentCreate(purpose=purpose, informed_of=list(InformedOf), **extra)
        return record_consent(s, case_id=case_id, data=data, actor=actor).id


def _refer(store: Store, actor: Actor, case_id: int, to: int, **extra: object) -> int:
    with store.session() as s:
        return refer(
            s,
            case_id=case_id,
            to_agency_id=to,
            service="shelter",
            shared_fields=[],
            note=None,
            respond_by=None,
            actor=actor,
            **extra,
        ).id


def test_referral_refused_after_the_consent_was_withdrawn(store: Store) -> None:
    worker = make_agency_user(store, username="worker")
    shelter = _shelter(store)
    case_id = _open(store, worker)
    consent_id = _consent(store, worker, case_id, "referral")
    with store.session() as s:
        withdraw_consent(s, consent_id=consent_id, actor=worker)
    with store.session() as s, pytest.raises(ConsentMissing) as refused:
        refer(
            s,
            case_id=case_id,
            to_agency_id=shelter.agency_id,
            service="shelter",
            shared_fields=[],
            note=None,
            respond_by=None,
            actor=worker,
            override_reason="Urgent: no bed tonight.",
        )
    error, today = refused.value, date.today().isoformat()
    assert error.message.startswith("This case has no valid consent for referral to another")
    assert error.hint == (
        f"The last one was withdrawn on {today}. Only a supervisor or an administrator "
        "may override; your role is caseworker."
    )
    assert render(error.message, "fr") == (
        "Ce dossier n'a pas de consentement valide pour l'orientation vers une autre agence. "
        "Enregistrez le consentement de la personne, ou demandez à un superviseur "
        "d'enregistrer une dérogation motivée."
    )
    assert render(error.hint, "fr") == (
        f"Le dernier a été retiré le {today}. Seul un superviseur ou un administrateur peut "
        "accorder une dérogation ; votre rôle est travailleur social."
    )
    assert render(error.message, "fr_BE") == render(error.message, "fr")


def test_consent_without_the_checklist_names_what_was_not_explained(store: Store) -> None:
    worker = make_agency_user(store)
    case_id = _open(store, worker)
    told = [InformedOf.purpose, InformedOf.data_uses, InformedOf.research_use]
    with store.session() as s, pytest.raises(ValidationFailed) as refused:
        record_consent(
            s,
            case_id=case_id,
            data=ConsentCreate(purpose="services", informed_of=told),
            actor=worker,
        )
    error = refused.value
    assert error.message == (
        "The consent does not count yet: the person was not told about: right to see their "
        "data; how long the data is kept; how to withdraw consent."
    )
    assert render(error.message, "fr") == (
        "Le consentement ne compte pas encore : la personne n'a pas été informée de ce qui "
        "suit : droit d'accès à ses données ; durée de conservation des données ; "
        "comment retirer son consentement."
    )
    assert render(error.hint, "fr") == (
        "Expliquez chaque point, cochez-le, puis enregistrez le consentement."
    )
    assert [render(p.reason, "fr") for p in error.problems] == ["non expliqué"] * 3
    assert [p.value for p in error.problems] == [
        "right_to_access",
        "retention_period",
        "how_to_withdraw",
    ]


def test_conclusive_grounds_before_reasonable_grounds_is_refused_in_french(store: Store) -> None:
    worker = make_agency_user(store)
    case_id = _open(store, worker)
    with store.session() as s, pytest.raises(Conflict) as refused:
        record_decision(
            s,
            case_id=case_id,
            data=DecisionCreate(
                stage="conclusive_grounds",
                result="positive",
                decision_maker="Officer A",
                decided_on=date(2025, 5, 2),
                reasons="Credible account.",
            ),
            actor=worker,
            today=date(2025, 6, 30),
        )
    error = refused.value
    assert render(error.message, "fr") == (
        "Une décision sur les motifs concluants exige d'abord une décision positive sur les "
        "motifs raisonnables."
    )
    assert render(error.hint, "fr") == (
        "Enregistrez la décision sur les motifs raisonnables, ou son réexamen."
    )
    assert render(error.message, "en") == str(error.message)


def test_a_second_answer_to_a_referral_shows_states_as_labels_in_french(store: Store) -> None:
    worker = make_agency_user(store, username="worker")
    shelter = _shelter(store)
    case_id = _open(store, worker)
    _consent(store, worker, case_id, "referral")
    referral_id = _refer(store, worker, case_id, shelter.agency_id)
    with store.session() as s:
        accept_referral(s, referral_id=referral_id, actor=shelter)
    with store.session() as s, pytest.raises(Conflict) as refused:
        accept_referral(s, referral_id=referral_id, actor=shelter)
    error = refused.value
    # English keeps the raw codes scripts and tests have always read.
    assert error.message == (
        f"Referral {referral_id} is accepted; it can be accepted only when in_progress."
    )
    assert render(error.message, "fr") == (
        f"L'orientation n° {referral_id} est acceptée ; elle ne peut être acceptée que si elle "
        "est en attente de réponse."
    )


def test_a_role_that_may_not_act_is_named_in_french(store: Store) -> None:
    analyst = make_agency_user(store, role="analyst")
    with store.session() as s, pytest.raises(PermissionDenied) as refused:
        cases.open_case(s, data=CaseCreate(person=PersonData(given_name="Ana")), actor=analyst)
    error = refused.value
    assert error.message == "Your role (analyst) may not open cases."
    assert render(error.message, "fr") == (
        "Votre rôle (analyste) ne vous autorise pas à ouvrir des dossiers."
    )
    assert render(error.hint, "fr") == (
        "Adressez-vous à un utilisateur ayant l'un de ces rôles : administrateur, travailleur "
        "social, enquêteur, superviseur."
    )
    assert (
        error.hint
        == "Ask a user with one of these roles: admin, caseworker, investigator, supervisor."
    )


def test_bad_import_rows_give_reasons_in_french_pydantic_ones_included(store: Store) -> None:
    worker = make_agency_user(store)
    rows = [
        {"prs_FirstName": "Ana", "prs_Citizenship": "MD"},
        {"prs_FirstName": "Ion", "vic_AgeWhenTrafficked": "-4", "prs_Citizenship": "MD;ZZ"},
    ]
    with store.session() as s, pytest.raises(ValidationFailed) as refused:
        import_cases(s, rows=rows, actor=worker, atomic=True)
    error = refused.value
    assert error.message == "Nothing imported: 1 of 2 row(s) are bad."
    assert render(error.message, "fr") == (
        "Rien n'a été importé : 1 ligne(s) sur 2 sont incorrectes."
    )
    reasons = {p.field: (str(p.reason), render(p.reason, "fr")) for p in error.problems}
    english, french = reasons["vic_AgeWhenTrafficked"]
    assert english == "Input should be greater than or equal to 0"
    assert french == "La valeur doit être supérieure ou égale à 0"
    english, french = reasons["prs_Citizenship"]
    assert english.startswith("unknown code; valid codes: ")
    assert french.startswith("code inconnu ; codes valides : ")
    assert english.split(": ", 1)[1] == french.split(" : ", 1)[1]  # the codes themselves
