"""Investigations: opened by a justice agency into offences, naming victims (through the
agency's links) and suspects, with international cooperation, closed with an outcome.

Dates and outcomes follow the rules of :class:`palermo.justice.Investigation`: an open
investigation has neither a closing date nor an outcome, a closed one has both, and a
drop-out reason goes only with an investigation that ended without charges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.justice.services.inputs import (
    CodeCheck,
    CooperationCreate,
    InvestigationClose,
    InvestigationCreate,
    InvestigationUpdate,
)
from palermo.justice.services.victims import case_reference, link_in_force
from palermo.justice.services.visibility import (
    load_investigation,
    load_link,
    require_justice_agency,
    require_staff,
    visible_investigations,
)
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    Agency,
    InvestigationVictim,
    JusticeCooperation,
    JusticeInvestigation,
    JusticeProceeding,
)
from palermo.vocab.justice import CooperationKind, DropOutReason, InvestigationOutcome, Offence


def _prosecutor(session: Session, agency_id: int | None, check: CodeCheck) -> None:
    if agency_id is None:
        return
    agency = session.get(Agency, agency_id)
    check.require(
        agency is not None and agency.type == "Prosecutor",
        "prosecutor_agency_id",
        msg("is not a prosecutor's office"),
        agency_id,
    )


@audit.audited
def open_investigation(
    session: Session, *, data: InvestigationCreate, actor: Actor
) -> JusticeInvestigation:
    """Open an investigation led by the actor's agency (a justice agency)."""
    agency = require_justice_agency(session, actor, doing=msg("open investigations"))
    check = CodeCheck()
    offences = check.many("offences", Offence, data.offences)
    check.require(data.opened_on <= clock.today(), "opened_on", msg("is in the future"))
    _prosecutor(session, data.prosecutor_agency_id, check)
    check.done(msg("investigation"))
    count = session.scalar(
        select(func.count())
        .select_from(JusticeInvestigation)
        .where(JusticeInvestigation.agency_id == agency.id)
    )
    inv = JusticeInvestigation(
        agency_id=agency.id,
        prosecutor_agency_id=data.prosecutor_agency_id,
        reference=data.reference or f"INV-{agency.id}-{data.opened_on.year}-{(count or 0) + 1:05d}",
        offences=offences,
        opened_on=data.opened_on,
        organised_criminal_group=data.organised_criminal_group,
    )
    session.add(inv)
    session.flush()
    return inv


@audit.audited
def update_investigation(
    session: Session, *, investigation_id: int, data: InvestigationUpdate, actor: Actor
) -> JusticeInvestigation:
    inv = load_investigation(
        session, investigation_id=investigation_id, actor=actor, doing="update"
    )
    check = CodeCheck()
    given = data.model_dump(exclude_unset=True)
    if data.offences is not None:
        given["offences"] = check.many("offences", Offence, data.offences)
        check.require(bool(given["offences"]), "offences", msg("needs at least one offence"))
    if "prosecutor_agency_id" in given:
        _prosecutor(session, data.prosecutor_agency_id, check)
    opened = data.opened_on or inv.opened_on
    check.require(
        inv.closed_on is None or opened <= inv.closed_on,
        "opened_on",
        msg("is after the closing date"),
    )
    check.done(msg("investigation"))
    for key, value in given.items():
        if key == "reference" and not value:
            continue
        setattr(inv, key, value)
    session.flush()
    return inv


@audit.audited
def close_investigation(
    session: Session, *, investigation_id: int, data: InvestigationClose, actor: Actor
) -> JusticeInvestigation:
    """Close with an outcome; without charges, say why when it is known."""
    inv = load_investigation(session, investigation_id=investigation_id, actor=actor, doing="close")
    if inv.closed_on is not None:
        raise Conflict(
            msg("Investigation {id} is already closed.", id=inv.id),
            hint=msg("Correct its outcome with the investigation's edit form."),
        )
    check = CodeCheck()
    outcome = check.one("outcome", InvestigationOutcome, data.outcome)
    reason = check.one("drop_out_reason", DropOutReason, data.drop_out_reason)
    check.require(data.closed_on >= inv.opened_on, "closed_on", msg("is before the opening date"))
    check.require(data.closed_on <= clock.today(), "closed_on", msg("is in the future"))
    check.require(
        reason is None or outcome != InvestigationOutcome.charges_filed.code,
        "drop_out_reason",
        msg("is only for an investigation that ended without charges"),
    )
    check.done(msg("investigation"))
    inv.closed_on, inv.outcome, inv.drop_out_reason = data.closed_on, outcome, reason
    audit.name_change(session, inv, "close")
    session.flush()
    return inv


@audit.audited
def add_victim(
    session: Session, *, investigation_id: int, link_id: int, actor: Actor
) -> InvestigationVictim:
    """Name a victim the agency follows (its link) in the investigation."""
    inv = load_investigation(
        session, investigation_id=investigation_id, actor=actor, doing="update"
    )
    link = load_link(session, link_id=link_id, actor=actor, doing="update")
    if any(v.link_id == link.id for v in inv.victims):
        raise ValidationFailed(
            msg("This victim is already named in the investigation."),
            problems=[FieldProblem("link_id", msg("already named"), value=str(link.id))],
        )
    row = InvestigationVictim(investigation_id=inv.id, link_id=link.id)
    session.add(row)
    session.flush()
    return row


@audit.audited
def record_cooperation(
    session: Session, *, investigation_id: int, data: CooperationCreate, actor: Actor
) -> JusticeCooperation:
    """A request for mutual legal assistance, a joint team, a notice... with a country."""
    inv = load_investigation(
        session, investigation_id=investigation_id, actor=actor, doing="update"
    )
    check = CodeCheck()
    kind = check.one("kind", CooperationKind, data.kind)
    country = check.one("country", "country", data.country)
    check.require(
        data.answered_on is None or data.answered_on >= data.sent_on,
        "answered_on",
        msg("is before the request"),
    )
    check.require(data.sent_on >= inv.opened_on, "sent_on", msg("is before the opening date"))
    check.done(msg("cooperation record"))
    row = JusticeCooperation(
        investigation_id=inv.id,
        kind=kind,
        country=country,
        sent_on=data.sent_on,
        answered_on=data.answered_on,
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class InvestigationRow:
    id: int
    reference: str
    offences: tuple[str, ...]
    opened_on: date
    closed_on: date | None
    outcome: str | None
    victims: int
    suspects: int


def list_investigations(
    session: Session, *, actor: Actor, open_only: bool = False, limit: int = 500
) -> list[InvestigationRow]:
    """The agency's investigations, newest first (no personal data)."""
    require_staff(actor, doing=msg("work on investigations"))
    stmt = select(JusticeInvestigation).where(visible_investigations(actor))
    if open_only:
        stmt = stmt.where(JusticeInvestigation.closed_on.is_(None))
    rows = session.scalars(
        stmt.order_by(JusticeInvestigation.opened_on.desc(), JusticeInvestigation.id.desc()).limit(
            limit
        )
    )
    return [
        InvestigationRow(
            i.id,
            i.reference,
            tuple(i.offences or ()),
            i.opened_on,
            i.closed_on,
            i.outcome,
            len(i.victims),
            len(i.suspects),
        )
        for i in rows
    ]


@dataclass(frozen=True)
class VictimInCase:
    link_id: int
    case_reference: str
    in_force: bool
    ours: bool  # the link is the reader's agency's (it may open the identity page)


@dataclass(frozen=True)
class SuspectInCase:
    suspect_id: int
    gender: str | None
    citizenship: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class InvestigationView:
    investigation: JusticeInvestigation
    victims: tuple[VictimInCase, ...]
    suspects: tuple[SuspectInCase, ...]
    cooperation: tuple[JusticeCooperation, ...]
    proceedings: tuple[JusticeProceeding, ...]


def investigation_detail(
    session: Session, *, investigation_id: int, actor: Actor, on: date | None = None
) -> InvestigationView:
    """The investigation with victims (case references), suspects (no identity: it has a
    page of its own, audited) and cooperation, and the proceedings that came of it."""
    inv = load_investigation(session, investigation_id=investigation_id, actor=actor)
    victims = tuple(
        VictimInCase(
            v.link_id,
            case_reference(session, v.link),
            link_in_force(session, v.link, on=on),
            v.link.agency_id == actor.agency_id,
        )
        for v in inv.victims
    )
    suspects = tuple(
        SuspectInCase(
            s.suspect_id,
            s.suspect.person.gender,
            tuple(s.suspect.citizenship or ()),
            tuple(s.suspect.roles or ()),
        )
        for s in inv.suspects
    )
    procs = session.scalars(
        select(JusticeProceeding)
        .where(JusticeProceeding.investigation_id == inv.id)
        .order_by(JusticeProceeding.id)
    ).all()
    return InvestigationView(inv, victims, suspects, tuple(inv.cooperation), tuple(procs))
