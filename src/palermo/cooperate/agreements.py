"""Sharing agreements between agencies: recorded, ended and read by the parties.

An agreement names the agencies party to it, what they share their records for
(``AgreementPurpose``), which groups of a case's fields may cross (``ShareGroup``), its
legal basis, when it is in force and who signed it. An administrator or supervisor of a
party agency records it and may end it; every user of a party agency who reads cases may
read it; other agencies do not learn that it exists.

Agreements grant nothing by themselves: ``cases.referrals.grants`` reads them, with each
case's consent, whenever another agency asks to see part of a case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, AgreementParty, SharingAgreement
from palermo.vocab import AgreementPurpose, ShareGroup

AGREEMENT_MAKERS = frozenset({"admin", "supervisor"})
AGREEMENT_READERS = access.CASE_READERS


class AgreementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=200)
    party_agency_ids: list[int]
    purposes: list[AgreementPurpose]
    field_groups: list[ShareGroup] = Field(default_factory=list)
    legal_basis: str = Field(min_length=1, max_length=2000)
    starts_on: date
    ends_on: date | None = None
    signed_by: str = Field(min_length=1, max_length=500)
    signed_on: date | None = None


@dataclass(frozen=True)
class AgreementView:
    """An agreement as its parties read it (plain values, kept after a rollback)."""

    id: int
    title: str
    parties: tuple[tuple[int, str], ...]  # (agency id, name)
    purposes: tuple[str, ...]
    field_groups: tuple[str, ...]
    legal_basis: str
    starts_on: date
    ends_on: date | None
    signed_by: str
    signed_on: date | None
    created_by: str
    ended_on: date | None
    ended_by: str | None
    end_reason: str | None
    in_force: bool

    def other_parties(self, agency_id: int | None) -> tuple[tuple[int, str], ...]:
        return tuple(p for p in self.parties if p[0] != agency_id)


def _in_force(row: SharingAgreement, on: date) -> bool:
    return (
        row.starts_on <= on
        and (row.ends_on is None or on <= row.ends_on)
        and (row.ended_on is None or on < row.ended_on)
    )


def view_of(session: Session, row: SharingAgreement) -> AgreementView:
    names = dict(
        session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(row.agency_ids))).all()
    )
    return AgreementView(
        id=row.id,
        title=row.title,
        parties=tuple((a, names.get(a, str(a))) for a in row.agency_ids),
        purposes=tuple(p for p in AgreementPurpose if p in set(row.purposes)),
        field_groups=tuple(g for g in ShareGroup if g in set(row.field_groups)),
        legal_basis=row.legal_basis,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        signed_by=row.signed_by,
        signed_on=row.signed_on,
        created_by=row.created_by,
        ended_on=row.ended_on,
        ended_by=row.ended_by,
        end_reason=row.end_reason,
        in_force=_in_force(row, clock.today()),
    )


def _check(session: Session, data: AgreementCreate, actor: Actor) -> list[int]:
    problems: list[FieldProblem] = []
    parties = list(dict.fromkeys(data.party_agency_ids))
    known = set(session.scalars(select(Agency.id).where(Agency.id.in_(parties))))
    for agency_id in parties:
        if agency_id not in known:
            problems.append(
                FieldProblem("party_agency_ids", msg("no such agency"), value=str(agency_id))
            )
    if actor.agency_id not in parties:
        problems.append(FieldProblem("party_agency_ids", msg("your agency must be a party")))
    if len(parties) < 2:
        problems.append(FieldProblem("party_agency_ids", msg("name at least two agencies")))
    if not data.purposes:
        problems.append(FieldProblem("purposes", msg("choose at least one purpose")))
    if data.ends_on is not None and data.ends_on < data.starts_on:
        problems.append(FieldProblem("ends_on", msg("is before the start")))
    if data.signed_on is not None and data.signed_on > clock.today():
        problems.append(FieldProblem("signed_on", msg("is in the future")))
    if problems:
        raise ValidationFailed(
            msg("The agreement has {count} problem(s).", count=len(problems)),
            problems=problems,
            hint=msg("Correct the fields listed and record it again."),
        )
    return parties


@audit.audited
def record_agreement(session: Session, *, data: AgreementCreate, actor: Actor) -> AgreementView:
    """Record an agreement signed by the actor's agency and the others it names."""
    access.require_role(actor, AGREEMENT_MAKERS, doing=msg("record sharing agreements"))
    parties = _check(session, data, actor)
    row = SharingAgreement(
        title=data.title,
        purposes=[p.value for p in AgreementPurpose if p in data.purposes],
        field_groups=[g.value for g in ShareGroup if g in data.field_groups],
        legal_basis=data.legal_basis,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        signed_by=data.signed_by,
        signed_on=data.signed_on,
        created_by_id=actor.user_id,
        created_by=actor.username,
        parties=[AgreementParty(agency_id=a) for a in parties],
    )
    session.add(row)
    session.flush()
    return view_of(session, row)


def _load(session: Session, *, agreement_id: int, actor: Actor, doing: str) -> SharingAgreement:
    """The agreement if the actor's agency is party to it; otherwise NotFound, audited."""
    row = session.get(SharingAgreement, agreement_id)
    if row is None or actor.agency_id not in row.agency_ids:
        access.deny_unseen(
            session,
            actor=actor,
            doing=doing,
            case_id=agreement_id,
            entity="sharing_agreement",
            message=msg("No sharing agreement {id} of your agency.", id=agreement_id),
            hint=msg("Check the agreement number."),
        )
    return row


@audit.audited
def end_agreement(
    session: Session, *, agreement_id: int, reason: str, actor: Actor
) -> AgreementView:
    """End an agreement today: from today on it grants nothing (past reads stay audited)."""
    access.require_role(actor, AGREEMENT_MAKERS, doing=msg("end sharing agreements"))
    row = _load(session, agreement_id=agreement_id, actor=actor, doing="end")
    today = clock.today()
    if row.ended_on is not None or (row.ends_on is not None and row.ends_on < today):
        raise Conflict(
            msg("Sharing agreement {id} has already ended.", id=agreement_id),
            hint=msg("Record a new agreement to share again."),
        )
    text = (reason or "").strip()
    if not text:
        raise ValidationFailed(
            msg("Say why the agreement ends."),
            problems=[FieldProblem("reason", msg("required"))],
        )
    row.ended_on, row.ended_by, row.end_reason = today, actor.username, text[:500]
    audit.name_change(session, row, "end")
    session.flush()
    return view_of(session, row)


def read_agreement(session: Session, *, agreement_id: int, actor: Actor) -> AgreementView:
    access.require_role(actor, AGREEMENT_READERS, doing=msg("read sharing agreements"))
    return view_of(session, _load(session, agreement_id=agreement_id, actor=actor, doing="read"))


def list_agreements(session: Session, *, actor: Actor) -> list[AgreementView]:
    """The agreements the actor's agency is party to, newest first."""
    access.require_role(actor, AGREEMENT_READERS, doing=msg("read sharing agreements"))
    rows = session.scalars(
        select(SharingAgreement)
        .join(AgreementParty, AgreementParty.agreement_id == SharingAgreement.id)
        .where(AgreementParty.agency_id == actor.agency_id)
        .order_by(SharingAgreement.starts_on.desc(), SharingAgreement.id.desc())
    ).all()
    return [view_of(session, r) for r in rows]


def agencies_to_agree_with(session: Session, *, actor: Actor) -> list[tuple[int, str]]:
    """Every other agency (id, name), by name: the choices of the agreement form."""
    access.require_role(actor, AGREEMENT_MAKERS, doing=msg("record sharing agreements"))
    rows = session.execute(
        select(Agency.id, Agency.name).where(Agency.id != actor.agency_id).order_by(Agency.name)
    )
    return [(i, n) for i, n in rows]
