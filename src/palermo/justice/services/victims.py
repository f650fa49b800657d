"""How a victim's case reaches the justice system, and what of the victim it shows.

A justice agency follows a victim through a *link* to the Protect case, made by the agency
that holds the case:

* to itself, when that agency is the justice agency (the police identified the victim):
  basis ``own_case``;
* to another justice agency, through an ordinary referral (``cases.referrals.sending``,
  with its own consents for the referral and for sharing the chosen field groups):
  basis ``referral``.

Either way the case must hold a valid consent to cooperate with law enforcement
(``require_consent``, purpose ``law_enforcement``), or a supervisor records an override
with a reason, as for every other consent. The consent is checked again at every read:
once it lapses (withdrawn, expired) or the referral is revoked, the link still counts in
statistics but shows nothing of the person. Every identity read is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import has_consent, has_override, require_consent
from palermo.cases.consent.validity import valid_consent_clause
from palermo.cases.referrals.grants import read_shared_case
from palermo.cases.referrals.sending import refer
from palermo.cases.referrals.states import GRANTING_STATES
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import Msg, msg
from palermo.justice.services.visibility import JUSTICE_AGENCY_TYPES, load_link, require_staff
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    Agency,
    Case,
    Consent,
    JusticeNotReported,
    JusticeVictimLink,
    Referral,
)
from palermo.vocab import ConsentPurpose
from palermo.vocab.justice import DropOutReason

OWN_CASE = "own_case"
REFERRAL = "referral"


def justice_action(agency_id: int) -> str:
    """The action a law-enforcement consent override names: cooperation with one agency."""
    return f"cooperate with justice agency {agency_id}"


@audit.audited
def refer_to_justice(
    session: Session,
    *,
    case_id: int,
    to_agency_id: int,
    shared_fields: list[str],
    actor: Actor,
    note: str | None = None,
    override_reason: str | None = None,
) -> JusticeVictimLink:
    """Let the justice agency ``to_agency_id`` follow the case (see the module docstring).

    Without the law-enforcement consent (and, for a referral, the referral and sharing
    consents) ConsentMissing is raised and nothing is written, unless a supervisor gives
    ``override_reason``.
    """
    access.require_role(actor, access.CASE_WRITERS, doing=msg("refer cases to the justice system"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="refer")
    target = session.get(Agency, to_agency_id)
    if target is None or target.type not in JUSTICE_AGENCY_TYPES:
        raise ValidationFailed(
            msg("Choose a justice agency (police, prosecutor's office or court)."),
            problems=[FieldProblem("to_agency_id", msg("not a justice agency"))],
        )
    if session.scalar(
        select(JusticeVictimLink.id).where(
            JusticeVictimLink.case_id == case.id, JusticeVictimLink.agency_id == target.id
        )
    ):
        raise Conflict(
            msg("{agency} already follows this case.", agency=target.name),
            hint=msg("Open the case's justice links instead of making another one."),
        )
    override = require_consent(
        session,
        case_id=case.id,
        purpose=ConsentPurpose.law_enforcement,
        actor=actor,
        action=justice_action(target.id),
        override_reason=override_reason,
    )
    referral = None
    if target.id != case.agency_id:
        referral = refer(
            session,
            case_id=case.id,
            to_agency_id=target.id,
            service=None,
            shared_fields=shared_fields,
            note=note,
            respond_by=None,
            actor=actor,
            override_reason=override_reason,
        )
    consent_id = session.scalar(
        select(Consent.id)
        .where(
            Consent.case_id == case.id,
            Consent.purpose == ConsentPurpose.law_enforcement.value,
            valid_consent_clause(clock.today()),
        )
        .order_by(Consent.given_on.desc(), Consent.id.desc())
        .limit(1)
    )
    link = JusticeVictimLink(
        case_id=case.id,
        agency_id=target.id,
        basis=REFERRAL if referral else OWN_CASE,
        referral_id=referral.id if referral else None,
        consent_id=None if override else consent_id,
        override_id=override.id if override else None,
        linked_on=clock.today(),
        linked_by=actor.username,
    )
    session.add(link)
    session.flush()
    return link


def link_in_force(session: Session, link: JusticeVictimLink, *, on: date | None = None) -> bool:
    """Whether the link may show the person today: the law-enforcement consent holds (or a
    supervisor's override for this agency), and a referral still grants access."""
    on = on or clock.today()
    consented = has_consent(
        session, case_id=link.case_id, purpose=ConsentPurpose.law_enforcement, on=on
    ) or has_override(
        session,
        case_id=link.case_id,
        purpose=ConsentPurpose.law_enforcement,
        action=justice_action(link.agency_id),
    )
    if not consented:
        return False
    if link.basis == REFERRAL:
        referral = session.get(Referral, link.referral_id)
        return referral is not None and referral.status in {str(s) for s in GRANTING_STATES}
    return True


@dataclass(frozen=True)
class VictimIdentity:
    """What the link shows of the person; ``shown`` False with ``reason`` when nothing."""

    link_id: int
    case_reference: str
    basis: str
    shown: bool
    reason: Msg | None = None
    name: str | None = None
    birth_date: str | None = None
    document: str | None = None
    phone: str | None = None
    groups: tuple[str, ...] = ()


def case_reference(session: Session, link: JusticeVictimLink) -> str:
    return session.scalar(select(Case.reference).where(Case.id == link.case_id)) or "—"


def victim_identity(session: Session, *, link_id: int, actor: Actor) -> VictimIdentity:
    """The person behind a link of the actor's agency, if the consent still holds; the
    read is audited (by the referral's shared view, or here for the agency's own case)."""
    link = load_link(session, link_id=link_id, actor=actor)
    reference = case_reference(session, link)
    if not link_in_force(session, link):
        return VictimIdentity(
            link.id,
            reference,
            link.basis,
            shown=False,
            reason=msg(
                "The case no longer holds a valid consent to cooperate with law enforcement, "
                "or its referral was revoked: the person is not shown."
            ),
        )
    if link.basis == OWN_CASE:
        case = access.load_case(session, case_id=link.case_id, actor=actor)
        person = case.victim
        fields = ["given_name", "family_name", "birth_date", "identity_number", "phone"]
        audit.record(
            session, actor=actor, action="read", entity="case", entity_id=case.id, fields=fields
        )
        return VictimIdentity(
            link.id,
            reference,
            link.basis,
            shown=True,
            name=person.full_name,
            birth_date=person.birth_date,
            document=person.identity_number,
            phone=person.phone,
            groups=("identity", "birth_date", "document", "contact"),
        )
    view = read_shared_case(session, case_id=link.case_id, actor=actor)
    return VictimIdentity(
        link.id,
        reference,
        link.basis,
        shown=True,
        name=view.display_name if view.shares("identity") else None,
        birth_date=view.birth_date,
        document=view.identity_number,
        phone=view.phone,
        groups=tuple(sorted(view.groups)),
    )


@dataclass(frozen=True)
class LinkRow:
    link_id: int
    case_reference: str
    basis: str
    linked_on: date
    in_force: bool


def linked_victims(session: Session, *, actor: Actor) -> list[LinkRow]:
    """The victims the actor's agency follows (case references, no identity)."""
    require_staff(actor, doing=msg("work on victims in the justice system"))
    rows = session.execute(
        select(JusticeVictimLink, Case.reference)
        .join(Case, Case.id == JusticeVictimLink.case_id)
        .where(JusticeVictimLink.agency_id == actor.agency_id)
        .order_by(JusticeVictimLink.id)
    ).all()
    return [
        LinkRow(link.id, ref, link.basis, link.linked_on, link_in_force(session, link))
        for link, ref in rows
    ]


def links_of_agency(session: Session, *, agency_id: int, case_ids: set[int]) -> dict[int, int]:
    """case_id -> link id of ``agency_id`` for those cases."""
    rows = session.execute(
        select(JusticeVictimLink.case_id, JusticeVictimLink.id).where(
            JusticeVictimLink.agency_id == agency_id, JusticeVictimLink.case_id.in_(case_ids)
        )
    ).all()
    return dict(rows)


@audit.audited
def record_not_reported(
    session: Session, *, case_id: int, reason: str, actor: Actor, on: date | None = None
) -> JusticeNotReported:
    """Why the case did not go to law enforcement (the victim declined, fear of reprisal...),
    recorded by the agency holding the case; a later record replaces the earlier one."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("record why a case was not reported"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    code = DropOutReason.parse(reason)
    row = session.scalar(select(JusticeNotReported).where(JusticeNotReported.case_id == case.id))
    if row is None:
        row = JusticeNotReported(case_id=case.id)
        session.add(row)
    row.reason = code.code
    row.recorded_on = on or clock.today()
    row.recorded_by = actor.username
    session.flush()
    return row


@dataclass(frozen=True)
class CaseForReferral:
    """A case of the actor's agency, as the "refer to the justice system" form shows it."""

    case_id: int
    reference: str
    followed_by: tuple[str, ...]  # names of the justice agencies that follow it
    not_reported: str | None  # the reason recorded, if any


def case_for_referral(session: Session, *, case_id: int, actor: Actor) -> CaseForReferral:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("refer cases to the justice system"))
    case = access.load_case(session, case_id=case_id, actor=actor)
    names = session.scalars(
        select(Agency.name)
        .join(JusticeVictimLink, JusticeVictimLink.agency_id == Agency.id)
        .where(JusticeVictimLink.case_id == case.id)
        .order_by(Agency.name)
    ).all()
    reason = session.scalar(
        select(JusticeNotReported.reason).where(JusticeNotReported.case_id == case.id)
    )
    return CaseForReferral(case.id, case.reference, tuple(names), reason)
