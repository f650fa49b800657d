"""What the proceedings mean for victims: taking part (witness, civil party, protection
measures, support person), compensation ordered and paid, and charges brought against
the victim for acts their trafficking compelled (non-punishment).

A victim in a proceeding is a link of the recording agency whose law-enforcement consent
holds (:func:`palermo.justice.services.proceedings.proceeding_links`). Compensation is
ordered for a victim named in a charge of the proceeding; payments never exceed what is
still owed, and are dated on or after the order.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.justice.services.inputs import (
    CodeCheck,
    CompensationCreate,
    ParticipationCreate,
    ParticipationUpdate,
    PaymentCreate,
    VictimChargeCreate,
    VictimChargeDecision,
)
from palermo.justice.services.proceedings import proceeding_links
from palermo.justice.services.victims import link_in_force
from palermo.justice.services.visibility import (
    load_non_punishment,
    load_part,
    load_proceeding,
    require_staff,
)
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    Case,
    JusticeCompensation,
    JusticeNonPunishment,
    JusticeParticipation,
    JusticePayment,
    JusticeVictimLink,
)
from palermo.vocab.justice import (
    CompensationPayer,
    DropOutReason,
    NonPunishmentOutcome,
    Offence,
    ProtectionMeasure,
)


@audit.audited
def record_participation(
    session: Session, *, proceeding_id: int, data: ParticipationCreate, actor: Actor
) -> JusticeParticipation:
    proc = load_proceeding(session, proceeding_id=proceeding_id, actor=actor, doing="update")
    (link,) = proceeding_links(session, proc, [data.link_id], actor)
    check = CodeCheck()
    protection = check.many("protection", ProtectionMeasure, data.protection)
    check.done(msg("participation record"))
    exists = session.scalar(
        select(JusticeParticipation.id).where(
            JusticeParticipation.proceeding_id == proc.id, JusticeParticipation.link_id == link.id
        )
    )
    if exists:
        raise Conflict(
            msg("This victim's participation is already recorded ({id}).", id=exists),
            hint=msg("Update that record instead."),
        )
    row = JusticeParticipation(
        proceeding_id=proc.id,
        link_id=link.id,
        witness=data.witness,
        civil_party=data.civil_party,
        protection=protection,
        support_person=data.support_person,
    )
    session.add(row)
    session.flush()
    return row


@audit.audited
def update_participation(
    session: Session, *, participation_id: int, data: ParticipationUpdate, actor: Actor
) -> JusticeParticipation:
    """Testified, protection measures changed, or withdrew (with the reason, if known)."""
    row = load_part(
        session, JusticeParticipation, participation_id, entity="justice_participation", actor=actor
    )
    check = CodeCheck()
    given = data.model_dump(exclude_unset=True)
    if data.protection is not None:
        given["protection"] = check.many("protection", ProtectionMeasure, data.protection)
    if data.withdrawal_reason is not None:
        given["withdrawal_reason"] = check.one(
            "withdrawal_reason", DropOutReason, data.withdrawal_reason
        )
    testified = given.get("testified", row.testified)
    check.require(row.witness or not testified, "testified", msg("only a witness testifies"))
    check.require(
        given.get("withdrawal_reason", row.withdrawal_reason) is None
        or given.get("withdrew_on", row.withdrew_on) is not None,
        "withdrawal_reason",
        msg("is only for a victim who withdrew (give the date)"),
    )
    check.done(msg("participation record"))
    for key, value in given.items():
        setattr(row, key, value)
    session.flush()
    return row


def _charged_cases(proc_charges: list) -> set[int]:
    return {v.link.case_id for c in proc_charges for v in c.victims}


@audit.audited
def order_compensation(
    session: Session, *, proceeding_id: int, data: CompensationCreate, actor: Actor
) -> JusticeCompensation:
    """Compensation ordered for a victim named in a charge of the proceeding."""
    proc = load_proceeding(session, proceeding_id=proceeding_id, actor=actor, doing="update")
    (link,) = proceeding_links(session, proc, [data.link_id], actor)
    check = CodeCheck()
    amount = check.amount("amount", data.amount)
    currency = check.currency("currency", data.currency)
    payer = check.one("payer", CompensationPayer, data.payer)
    check.require(amount is not None, "amount", msg("is required"))
    check.require(currency is not None, "currency", msg("is required"))
    check.require(payer is not None, "payer", msg("is required"))
    check.require(data.ordered_on <= clock.today(), "ordered_on", msg("is in the future"))
    check.require(
        link.case_id in _charged_cases(proc.charges),
        "link_id",
        msg("is not a victim named in a charge of these proceedings"),
        data.link_id,
    )
    check.done(msg("compensation order"))
    row = JusticeCompensation(
        proceeding_id=proc.id,
        link_id=link.id,
        ordered_on=data.ordered_on,
        amount=str(amount),
        currency=currency,
        payer=payer,
    )
    session.add(row)
    session.flush()
    return row


def paid_total(comp: JusticeCompensation) -> Decimal:
    return sum((Decimal(p.amount) for p in comp.payments), Decimal(0))


@audit.audited
def record_payment(
    session: Session, *, compensation_id: int, data: PaymentCreate, actor: Actor
) -> JusticePayment:
    comp = load_part(
        session, JusticeCompensation, compensation_id, entity="justice_compensation", actor=actor
    )
    check = CodeCheck()
    amount = check.amount("amount", data.amount)
    by = check.one("by", CompensationPayer, data.by)
    check.require(amount is not None and amount > 0, "amount", msg("must be more than 0"))
    check.require(by is not None, "by", msg("is required"))
    check.require(data.paid_on >= comp.ordered_on, "paid_on", msg("is before the order"))
    check.require(data.paid_on <= clock.today(), "paid_on", msg("is in the future"))
    check.done(msg("payment"))
    owed = Decimal(comp.amount) - paid_total(comp)
    if amount is not None and amount > owed:
        raise Conflict(
            msg(
                "The payment ({amount} {currency}) is more than what is still owed "
                "({owed} {currency}).",
                amount=amount,
                owed=owed,
                currency=comp.currency,
            ),
            hint=msg("Check the amount; an order fully paid takes no more payments."),
        )
    row = JusticePayment(compensation_id=comp.id, paid_on=data.paid_on, amount=str(amount), by=by)
    comp.payments.append(row)
    session.flush()
    return row


@audit.audited
def record_victim_charge(
    session: Session, *, data: VictimChargeCreate, actor: Actor
) -> JusticeNonPunishment:
    """A charge brought against a victim for an act compelled by their trafficking,
    recorded by the agency holding the case, or by a justice agency through its link."""
    require_staff(actor, doing=msg("record charges against victims"))
    case = session.get(Case, data.case_id)
    link = session.scalar(
        select(JusticeVictimLink).where(
            JusticeVictimLink.case_id == data.case_id,
            JusticeVictimLink.agency_id == actor.agency_id,
        )
    )
    own = case is not None and case.agency_id == actor.agency_id
    if not own and (link is None or not link_in_force(session, link)):
        access.deny_unseen(session, actor=actor, doing="update", case_id=data.case_id)
    check = CodeCheck()
    offence = check.one("offence", Offence, data.offence)
    check.require(data.charged_on <= clock.today(), "charged_on", msg("is in the future"))
    check.require(
        data.trafficking_raised_on is None or data.trafficking_raised_on <= clock.today(),
        "trafficking_raised_on",
        msg("is in the future"),
    )
    check.done(msg("charge against a victim"))
    row = JusticeNonPunishment(
        case_id=data.case_id,
        agency_id=actor.agency_id,
        link_id=None if own else link.id,  # type: ignore[union-attr]
        offence=offence,
        charged_on=data.charged_on,
        trafficking_raised_on=data.trafficking_raised_on,
    )
    session.add(row)
    session.flush()
    return row


@audit.audited
def decide_victim_charge(
    session: Session, *, record_id: int, data: VictimChargeDecision, actor: Actor
) -> JusticeNonPunishment:
    row = load_non_punishment(session, record_id=record_id, actor=actor, doing="update")
    check = CodeCheck()
    outcome = check.one("outcome", NonPunishmentOutcome, data.outcome)
    check.require(outcome is not None, "outcome", msg("is required"))
    check.require(data.decided_on >= row.charged_on, "decided_on", msg("is before the charge"))
    check.require(data.decided_on <= clock.today(), "decided_on", msg("is in the future"))
    check.done(msg("decision"))
    row.outcome, row.decided_on = outcome, data.decided_on
    audit.name_change(session, row, "decide")
    session.flush()
    return row


def list_victim_charges(session: Session, *, actor: Actor) -> list[JusticeNonPunishment]:
    """Charges against victims recorded by the actor's agency, newest first."""
    require_staff(actor, doing=msg("work on charges against victims"))
    return list(
        session.scalars(
            select(JusticeNonPunishment)
            .where(JusticeNonPunishment.agency_id == actor.agency_id)
            .order_by(JusticeNonPunishment.charged_on.desc(), JusticeNonPunishment.id.desc())
        )
    )


def check_positive(value: Decimal | None, field: str) -> None:
    if value is not None and value <= 0:
        raise ValidationFailed(
            msg("The amount must be more than 0."),
            problems=[FieldProblem(field, msg("must be more than 0"))],
        )
