"""Replaying one proceeding of a dataset through the services (for :mod:`.replay`):
the proceeding, its charges with their victims, verdicts and sentences, hearings,
appeals, compensation with payments, and the victims' participation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from palermo.justice.services import inputs as i
from palermo.justice.services.proceedings import (
    bring_charge,
    bring_proceeding,
    record_hearing,
    schedule_hearing,
)
from palermo.justice.services.redress import (
    order_compensation,
    record_participation,
    record_payment,
    update_participation,
)
from palermo.justice.services.verdicts import (
    decide_appeal,
    lodge_appeal,
    record_sentence,
    record_verdict,
)
from palermo.justice.trial import Proceeding
from palermo.store.actor import Actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from palermo.justice.services.replay import _Replay


def replay_proceeding(self: _Replay, proc: Proceeding) -> None:
    actor = self.agencies.prosecutor
    inv_id = self.investigations.get(proc.investigation_id)
    inv = self.data.investigation_by_id[proc.investigation_id]
    defendant = self.suspects.get(
        (self.agencies.investigators[inv.agency_id].agency_id or 0, proc.defendant_id)
    )
    if inv_id is None or defendant is None:
        self.tally.refused.append(f"proceeding {proc.proceeding_id}: no investigation")
        return
    victims = {v for c in proc.charges for v in c.victim_ids}
    victims |= {
        c.victim_id for c in self.data.compensations if c.proceeding_id == proc.proceeding_id
    }
    victims |= {
        p.victim_id for p in self.data.participations if p.proceeding_id == proc.proceeding_id
    }
    first = min(c.charged_on for c in proc.charges)
    links = {v: self.link(v, actor, first) for v in sorted(victims)}

    def step(session) -> int:  # type: ignore[no-untyped-def]
        row = bring_proceeding(
            session,
            investigation_id=inv_id,
            actor=actor,
            data=i.ProceedingCreate(
                defendant_id=defendant,
                court=proc.court,
                court_agency_id=self.agencies.court_agency_id,
                court_case_number=proc.court_case_number,
                kind=proc.kind.code,
                stage=proc.stage.code,
            ),
        )
        for c in proc.charges:
            charge = bring_charge(
                session,
                proceeding_id=row.id,
                actor=actor,
                data=i.ChargeCreate(
                    offence=c.offence.code,
                    charged_on=c.charged_on,
                    article=c.article,
                    victim_link_ids=[links[v] for v in c.victim_ids if links.get(v) is not None],
                ),
            )
            self.tally.charges += 1
            if c.verdict is not None:
                record_verdict(
                    session,
                    charge_id=charge.id,
                    actor=actor,
                    data=i.VerdictIn(
                        verdict=c.verdict.code,
                        verdict_on=c.verdict_on,
                        drop_out_reason=c.drop_out_reason.code if c.drop_out_reason else None,
                    ),
                )
            if c.sentence is not None:
                s = c.sentence
                record_sentence(
                    session,
                    charge_id=charge.id,
                    actor=actor,
                    data=i.SentenceCreate(
                        sentenced_on=s.on,
                        kinds=[k.code for k in s.kinds],
                        custody_months=s.custody_months,
                        suspended_months=s.suspended_months,
                        fine_amount=str(s.fine.amount) if s.fine else None,
                        fine_currency=s.fine.currency if s.fine else None,
                        confiscated_amount=str(s.confiscated.amount) if s.confiscated else None,
                        confiscated_currency=s.confiscated.currency if s.confiscated else None,
                    ),
                )
        for h in proc.hearings:
            hearing = schedule_hearing(
                session,
                proceeding_id=row.id,
                actor=actor,
                data=i.HearingCreate(held_on=h.on, public=h.public),
            )
            if h.outcome is not None:
                record_hearing(
                    session,
                    hearing_id=hearing.id,
                    actor=actor,
                    data=i.HearingOutcomeIn(
                        outcome=h.outcome.code,
                        adjournment_reason=h.adjournment_reason.code
                        if h.adjournment_reason
                        else None,
                    ),
                )
        for a in proc.appeals:
            appeal = lodge_appeal(
                session,
                proceeding_id=row.id,
                actor=actor,
                data=i.AppealCreate(lodged_on=a.lodged_on, by=a.by.code, court=a.court),
            )
            if a.outcome is not None:
                decide_appeal(
                    session,
                    appeal_id=appeal.id,
                    actor=actor,
                    data=i.AppealDecision(decided_on=a.decided_on, outcome=a.outcome.code),
                )
        _redress(self, session, proc, row.id, links, actor)
        return row.id

    if isinstance(self.unit(f"proceeding {proc.proceeding_id}", step), int):
        self.tally.proceedings += 1


def _redress(
    self: _Replay,
    session: Session,
    proc: Proceeding,
    row_id: int,
    links: dict[str, int | None],
    actor: Actor,
) -> None:
    for comp in (c for c in self.data.compensations if c.proceeding_id == proc.proceeding_id):
        if links.get(comp.victim_id) is None:
            continue
        order = order_compensation(
            session,
            proceeding_id=row_id,
            actor=actor,
            data=i.CompensationCreate(
                link_id=links[comp.victim_id],
                ordered_on=comp.ordered_on,
                amount=str(comp.ordered.amount),
                currency=comp.ordered.currency,
                payer=comp.payer.code,
            ),
        )
        for pay in comp.payments:
            record_payment(
                session,
                compensation_id=order.id,
                actor=actor,
                data=i.PaymentCreate(paid_on=pay.paid_on, amount=str(pay.amount), by=pay.by.code),
            )
        self.tally.compensations += 1
    for part in (p for p in self.data.participations if p.proceeding_id == proc.proceeding_id):
        if links.get(part.victim_id) is None:
            continue
        row = record_participation(
            session,
            proceeding_id=row_id,
            actor=actor,
            data=i.ParticipationCreate(
                link_id=links[part.victim_id],
                witness=part.witness,
                civil_party=part.civil_party,
                protection=[m.code for m in part.protection],
                support_person=part.support_person,
            ),
        )
        if part.testified or part.withdrew_on:
            update_participation(
                session,
                participation_id=row.id,
                actor=actor,
                data=i.ParticipationUpdate(
                    testified=part.testified,
                    withdrew_on=part.withdrew_on,
                    withdrawal_reason=part.withdrawal_reason.code
                    if part.withdrawal_reason
                    else None,
                ),
            )
        self.tally.participations += 1
