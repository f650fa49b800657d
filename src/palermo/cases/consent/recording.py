"""Recording consent per purpose, with the HTCDS checklist and guardians for children."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.validity import consent_status, valid_consent_clause
from palermo.cases.record.age import is_child
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import joined, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, Consent
from palermo.store.ranges import RowId
from palermo.vocab import ConsentGiver, ConsentPurpose, InformedOf


class ConsentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    purpose: ConsentPurpose
    given_by: ConsentGiver = ConsentGiver.person
    guardian_name: str | None = Field(default=None, max_length=200)
    informed_of: list[InformedOf] = Field(default_factory=list)
    given_on: date = Field(default_factory=clock.today)
    expires_on: date | None = None
    shared_with_agency_id: RowId | None = None


class ConsentRead(BaseModel):
    """A consent as the API shows it, with its status today."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    purpose: str
    shared_with_agency_id: int | None
    given_by: str
    informed_of: list[str]
    given_on: date
    expires_on: date | None
    withdrawn_on: date | None
    recorded_by: str
    status: str = ""

    @classmethod
    def of(cls, consent: Consent) -> ConsentRead:
        read = cls.model_validate(consent)
        read.status = consent_status(consent)
        return read


def _check(session: Session, case: Case, data: ConsentCreate) -> str | None:
    """Refuse a consent that would not count; return the guardian's name to keep."""
    problems: list[FieldProblem] = []
    missing = [item for item in InformedOf if item not in data.informed_of]
    if missing:
        raise ValidationFailed(
            msg(
                "The consent does not count yet: the person was not told about: {items}.",
                items=joined(missing, sep=msg("; "), lower=True),
            ),
            problems=[
                FieldProblem("informed_of", msg("not explained"), value=m.value) for m in missing
            ],
            hint=msg("Explain each item, tick it, then record the consent."),
        )
    guardian = data.guardian_name or case.guardian_name
    if is_child(case, on=data.given_on):
        if data.given_by != ConsentGiver.guardian or not guardian:
            raise ValidationFailed(
                msg("This person is a child (under 18): a guardian must give the consent."),
                problems=[FieldProblem("given_by", msg("a child's consent needs a guardian"))],
                hint=msg(
                    "Choose 'given by a guardian' and name the guardian, "
                    "or record the guardian under Child protection first."
                ),
            )
    elif data.given_by == ConsentGiver.guardian and not guardian:
        problems.append(FieldProblem("guardian_name", msg("name the guardian who gave consent")))
    if data.purpose == ConsentPurpose.sharing:
        if data.shared_with_agency_id is None:
            problems.append(
                FieldProblem("shared_with_agency_id", msg("name the agency to share with"))
            )
        elif session.get(Agency, data.shared_with_agency_id) is None:
            problems.append(
                FieldProblem(
                    "shared_with_agency_id",
                    msg("no such agency"),
                    value=str(data.shared_with_agency_id),
                )
            )
    elif data.shared_with_agency_id is not None:
        problems.append(
            FieldProblem("shared_with_agency_id", msg("only a sharing consent names one"))
        )
    if data.given_on > clock.today():
        problems.append(FieldProblem("given_on", msg("is in the future"), value=str(data.given_on)))
    if data.expires_on is not None and data.expires_on < data.given_on:
        problems.append(FieldProblem("expires_on", msg("is before the date consent was given")))
    if problems:
        raise ValidationFailed(
            msg("The consent has {count} problem(s).", count=len(problems)),
            problems=problems,
            hint=msg("Correct the fields listed and record it again."),
        )
    return guardian if data.given_by == ConsentGiver.guardian else None


def _new_consent(session: Session, case: Case, data: ConsentCreate, actor: Actor) -> Consent:
    guardian = _check(session, case, data)
    consent = Consent(
        case_id=case.id,
        purpose=data.purpose.value,
        shared_with_agency_id=data.shared_with_agency_id,
        given_by=data.given_by.value,
        guardian_name=guardian,
        informed_of=[item.value for item in InformedOf if item in data.informed_of],
        given_on=data.given_on,
        expires_on=data.expires_on,
        recorded_by_id=actor.user_id,
        recorded_by=actor.username,
    )
    session.add(consent)
    if guardian and not case.guardian_name:
        # The guardian who consented for a child is the child's guardian on the record,
        # so that child protection (and a shelter receiving a referral) knows who it is.
        case.guardian_name = guardian
    return consent


@audit.audited
def record_consent(session: Session, *, case_id: int, data: ConsentCreate, actor: Actor) -> Consent:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("record consent"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    consent = _new_consent(session, case, data, actor)
    session.flush()
    return consent


@audit.audited
def record_consents(
    session: Session, *, items: Sequence[tuple[int, ConsentCreate]], actor: Actor
) -> list[Consent]:
    """Many consents of the actor's agency in one flush (bulk paths such as the demo's
    casework): each checked and audited as :func:`record_consent` does it."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("record consent"))
    made = [
        _new_consent(
            session,
            access.load_case(session, case_id=case_id, actor=actor, doing="update"),
            data,
            actor,
        )
        for case_id, data in items
    ]
    session.flush()
    return made


def load_consent(session: Session, *, consent_id: int, actor: Actor, doing: str) -> Consent:
    # Another agency's consent answers like a missing one (audited, no case number).
    return access.load_case_record(
        session, Consent, consent_id, actor=actor, doing=doing, entity="consent", label="consent"
    )


@audit.audited
def mark_withdrawn(session: Session, consent: Consent, *, actor: Actor, note: str | None) -> None:
    """Record the withdrawal on the consent itself. What the consent allowed is ended by
    ``palermo.cases.workflow.withdraw_consent``, which calls this."""
    audit.name_change(session, consent, "withdraw")
    consent.withdrawn_on = clock.today()
    consent.withdrawal_note = (note or "").strip() or None
    session.flush()


def list_consents(session: Session, *, case_id: int, actor: Actor) -> list[Consent]:
    access.require_role(actor, access.CASE_READERS, doing=msg("see consents"))
    case = access.load_case(session, case_id=case_id, actor=actor)
    rows = session.scalars(
        select(Consent).where(Consent.case_id == case.id).order_by(Consent.given_on, Consent.id)
    ).all()
    audit.record(
        session, actor=actor, action="read", entity="case", entity_id=case.id, fields=["consents"]
    )
    return list(rows)


def expiring_consents(session: Session, *, actor: Actor, within_days: int = 14) -> list[Consent]:
    """Valid consents of the agency's cases that expire within ``within_days`` (soonest first)."""
    access.require_role(actor, access.CASE_READERS, doing=msg("see consents"))
    today = clock.today()
    rows = session.scalars(
        select(Consent)
        .join(Case, Case.id == Consent.case_id)
        .where(
            access.readable_cases(actor),
            valid_consent_clause(today),
            Consent.expires_on.is_not(None),
            Consent.expires_on <= today + timedelta(days=within_days),
        )
        .order_by(Consent.expires_on, Consent.id)
    ).all()
    return list(rows)
