"""Verdicts on charges, the sentences pronounced with a conviction, and appeals.

The rules are those of :mod:`palermo.justice.trial`: a verdict has its date (not before
the charge), a drop-out reason goes only with a charge that ended without a conviction,
a sentence only with a conviction, and each custodial term, suspended term or fine is
given exactly when the sentence includes it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from palermo import clock
from palermo.errors import Conflict
from palermo.i18n import msg
from palermo.justice.services.inputs import (
    AppealCreate,
    AppealDecision,
    CodeCheck,
    SentenceCreate,
    VerdictIn,
)
from palermo.justice.services.visibility import load_part, load_proceeding
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import JusticeAppeal, JusticeCharge, JusticeSentence
from palermo.vocab.justice import AppealOutcome, AppealParty, DropOutReason, SentenceKind, Verdict


@audit.audited
def record_verdict(
    session: Session, *, charge_id: int, data: VerdictIn, actor: Actor
) -> JusticeCharge:
    charge = load_part(session, JusticeCharge, charge_id, entity="justice_charge", actor=actor)
    check = CodeCheck()
    verdict = check.one("verdict", Verdict, data.verdict)
    reason = check.one("drop_out_reason", DropOutReason, data.drop_out_reason)
    check.require(verdict is not None, "verdict", msg("is required"))
    check.require(data.verdict_on >= charge.charged_on, "verdict_on", msg("is before the charge"))
    check.require(data.verdict_on <= clock.today(), "verdict_on", msg("is in the future"))
    convicted = verdict is not None and Verdict.parse(verdict).is_conviction
    check.require(
        reason is None or not convicted,
        "drop_out_reason",
        msg("is only for a charge that ended without a conviction"),
    )
    check.require(
        convicted or charge.sentence is None,
        "verdict",
        msg("the charge has a sentence: only a conviction goes with a sentence"),
    )
    check.done(msg("verdict"))
    charge.verdict, charge.verdict_on, charge.drop_out_reason = verdict, data.verdict_on, reason
    audit.name_change(session, charge, "verdict")
    session.flush()
    return charge


@audit.audited
def record_sentence(
    session: Session, *, charge_id: int, data: SentenceCreate, actor: Actor
) -> JusticeSentence:
    """The sentence pronounced with a conviction on the charge (one per charge)."""
    charge = load_part(session, JusticeCharge, charge_id, entity="justice_charge", actor=actor)
    if charge.verdict is None or not Verdict.parse(charge.verdict).is_conviction:
        raise Conflict(
            msg("Charge {id} has no conviction: a sentence goes only with one.", id=charge.id),
            hint=msg("Record the verdict first."),
        )
    if charge.sentence is not None:
        raise Conflict(
            msg("Charge {id} already has a sentence.", id=charge.id),
            hint=msg("A sentence changed on appeal is recorded with the appeal's outcome."),
        )
    check = CodeCheck()
    kinds = check.many("kinds", SentenceKind, data.kinds)
    fine = check.amount("fine_amount", data.fine_amount)
    fine_currency = check.currency("fine_currency", data.fine_currency)
    seized = check.amount("confiscated_amount", data.confiscated_amount)
    seized_currency = check.currency("confiscated_currency", data.confiscated_currency)
    check.require(
        charge.verdict_on is None or data.sentenced_on >= charge.verdict_on,
        "sentenced_on",
        msg("is before the verdict"),
    )
    for kind, name, value in (
        (SentenceKind.custody, "custody_months", data.custody_months),
        (SentenceKind.suspended_custody, "suspended_months", data.suspended_months),
        (SentenceKind.fine, "fine_amount", fine),
    ):
        check.require(
            (kind.code in kinds) == (value is not None),
            name,
            msg("is given exactly when the sentence includes {kind}", kind=kind),
        )
    check.require(
        (fine is None) == (fine_currency is None), "fine_currency", msg("goes with the amount")
    )
    check.require(
        (seized is None) == (seized_currency is None),
        "confiscated_currency",
        msg("goes with the amount"),
    )
    check.done(msg("sentence"))
    sentence = JusticeSentence(
        charge_id=charge.id,
        sentenced_on=data.sentenced_on,
        kinds=kinds,
        custody_months=data.custody_months,
        suspended_months=data.suspended_months,
        fine_amount=None if fine is None else str(fine),
        fine_currency=fine_currency,
        confiscated_amount=None if seized is None else str(seized),
        confiscated_currency=seized_currency,
    )
    session.add(sentence)
    session.flush()
    return sentence


@audit.audited
def lodge_appeal(
    session: Session, *, proceeding_id: int, data: AppealCreate, actor: Actor
) -> JusticeAppeal:
    proc = load_proceeding(session, proceeding_id=proceeding_id, actor=actor, doing="update")
    check = CodeCheck()
    by = check.one("by", AppealParty, data.by)
    check.require(by is not None, "by", msg("is required"))
    decided = [c.verdict_on for c in proc.charges if c.verdict_on is not None]
    check.require(bool(decided), "lodged_on", msg("nothing has been decided yet to appeal against"))
    check.require(
        not decided or data.lodged_on >= min(decided), "lodged_on", msg("is before the verdict")
    )
    check.done(msg("appeal"))
    appeal = JusticeAppeal(proceeding_id=proc.id, lodged_on=data.lodged_on, by=by, court=data.court)
    session.add(appeal)
    session.flush()
    return appeal


@audit.audited
def decide_appeal(
    session: Session, *, appeal_id: int, data: AppealDecision, actor: Actor
) -> JusticeAppeal:
    appeal = load_part(session, JusticeAppeal, appeal_id, entity="justice_appeal", actor=actor)
    if appeal.decided_on is not None:
        raise Conflict(
            msg("Appeal {id} is already decided.", id=appeal.id),
            hint=msg("A further appeal is lodged as a new appeal."),
        )
    check = CodeCheck()
    outcome = check.one("outcome", AppealOutcome, data.outcome)
    check.require(outcome is not None, "outcome", msg("is required"))
    check.require(data.decided_on >= appeal.lodged_on, "decided_on", msg("is before the appeal"))
    check.require(data.decided_on <= clock.today(), "decided_on", msg("is in the future"))
    check.done(msg("appeal decision"))
    appeal.decided_on, appeal.outcome = data.decided_on, outcome
    audit.name_change(session, appeal, "decide")
    session.flush()
    return appeal
