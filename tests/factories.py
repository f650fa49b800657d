"""Builders shared by the tests: agencies, users and actors, a case ready to refer, two
agencies and a referral, tracing and screening cases. Test modules import from here,
never from each other."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from palermo import cases
from palermo.accounts import service as accounts
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.family_tracing.requests import TracingRequestCreate
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.referrals.sending import refer
from palermo.store import Store, audit
from palermo.store.actor import Actor
from palermo.vocab import InformedOf

PASSWORD = "correct horse battery"


def make_agency_user(
    store: Store,
    *,
    agency: str = "NGO North",
    role: str = "caseworker",
    username: str | None = None,
) -> Actor:
    with store.session() as session:
        system = Actor.system("test")
        from sqlalchemy import select

        from palermo.store.models import Agency

        existing = session.scalar(select(Agency).where(Agency.name == agency))
        agency_row = existing or accounts.create_agency(
            session, name=agency, type="NGO", country="NL", actor=system
        )
        user = accounts.create_user(
            session,
            username=username or f"{role}-{agency_row.id}",
            password=PASSWORD,
            role=role,
            agency_id=agency_row.id,
            actor=system,
        )
        return accounts.actor_of(user, origin="127.0.0.1")


TEST_FIXTURE = Actor.system("test-fixture")


def as_fixture(session: Session) -> AbstractContextManager[Session]:
    """For a test that writes rows directly (backdated history, hand-made records): the
    model-layer audit needs someone to attribute them to, here the test itself."""
    return audit.acting_as(session, TEST_FIXTURE)


# --- Protect: a case ready to refer, two agencies, a referral -----------------------------


def open_referrable_case(store: Store, actor: Actor, *, to_agency_id: int | None = None) -> int:
    """A case with referral consent (and sharing consent with ``to_agency_id`` if given)."""
    with store.session() as s:
        case = cases.open_case(
            s,
            data=CaseCreate(
                person=PersonData(
                    given_name="Ana",
                    family_name="Testova",
                    birth_date="1994-05-06",
                    identity_number="XX-998877",
                    phone="+31 600 000 000",
                ),
                citizenship=["MD"],
                means_of_control=["DebtBondage"],
            ),
            actor=actor,
        )
        record_consent(
            s,
            case_id=case.id,
            data=ConsentCreate(purpose="referral", informed_of=list(InformedOf)),
            actor=actor,
        )
        if to_agency_id is not None:
            record_consent(
                s,
                case_id=case.id,
                data=ConsentCreate(
                    purpose="sharing",
                    shared_with_agency_id=to_agency_id,
                    informed_of=list(InformedOf),
                ),
                actor=actor,
            )
        return case.id


def make_two_agencies(store: Store) -> tuple[Actor, Actor]:
    """A case worker of NGO North (NL) and one of Shelter South (BE)."""
    sender = make_agency_user(store, agency="NGO North", username="worker")
    with store.session() as s:
        shelter = accounts.create_agency(
            s, name="Shelter South", type="Shelter", country="BE", actor=Actor.system("test")
        )
        shelter_id = shelter.id
    receiver = make_agency_user(store, agency="Shelter South", username="shelter")
    assert receiver.agency_id == shelter_id
    return sender, receiver


def refer_now(store: Store, sender: Actor, receiver: Actor, case_id: int, **extra: Any) -> int:
    args = {
        "service": "shelter",
        "shared_fields": ["identity"],
        "note": "Needs a bed tonight.",
        "respond_by": None,
    } | extra
    with store.session() as s:
        return refer(s, case_id=case_id, to_agency_id=receiver.agency_id, actor=sender, **args).id


# --- family tracing ------------------------------------------------------------------------


def open_tracing_case(
    session: Session, actor: Actor, given: str, family: str, birth: date | str | None
) -> int:
    data = CaseCreate(
        person=PersonData(
            given_name=given, family_name=family, birth_date=birth, gender="Feminine"
        ),
        identified_on=date(2025, 3, 1),
    )
    return cases.open_case(session, data=data, actor=actor).id


def consent_to_tracing(session: Session, actor: Actor, case_id: int) -> None:
    record_consent(
        session,
        case_id=case_id,
        data=ConsentCreate(purpose="family_tracing", informed_of=list(InformedOf)),
        actor=actor,
    )


SOUGHT = TracingRequestCreate(
    sought_given_name="Оксана",
    sought_family_name="Шевченко",
    sought_birth_year=1972,
    relationship="parent",
    separation_place="Одеса",
)


# --- screening -----------------------------------------------------------------------------


TRAFFICKING = {
    "age": 22,
    "acts": ["recruitment", "transportation"],
    "deceived_about": ["wages"],
    "exploitation": ["sexual_exploitation"],
    "control": ["WithholdsDocuments"],
    "free_to_leave": False,
}


def open_test_case(store: Store, actor: Actor) -> int:
    with store.session() as session:
        data = CaseCreate(person=PersonData(given_name="Test", family_name="Person"))
        return cases.open_case(session, data=data, actor=actor).id
