"""Simulated trials of one charged suspect: charges, hearings with adjournments, verdicts,
sentences, appeals, the victims' participation and the compensation ordered and paid.

Used by :mod:`palermo.simulate.justice`, which decides who is charged; every rate is a
field of :class:`TrialRates` (plausible assumptions for synthetic data, calibrated in
that module's docstring, not statistics of any country). Events after ``as_of`` have
not happened yet: hearings are then scheduled without outcome, verdicts and appeal
decisions are left open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from palermo.justice.articles import LegalArticles
from palermo.justice.records import VictimRef
from palermo.justice.remedies import Compensation, Payment, VictimParticipation
from palermo.justice.trial import Appeal, Charge, Hearing, Money, Proceeding, Sentence
from palermo.vocab.justice import (
    AdjournmentReason,
    AppealOutcome,
    AppealParty,
    CompensationPayer,
    DropOutReason,
    HearingOutcome,
    Offence,
    ProceedingStage,
    ProtectionMeasure,
    SentenceKind,
    Verdict,
)

# Currency of the courts of each country the simulated world has courts in.
CURRENCY = {"GB": "GBP", "ES": "EUR", "TH": "THB", "US": "USD", "RO": "RON", "UA": "UAH"}
# Rough price level against GBP, so amounts look like their currency.
PRICE = {"GBP": 1, "EUR": 1.2, "THB": 40, "USD": 1.3, "RON": 5.5, "UAH": 45}
ADJOURNMENT_P = {
    AdjournmentReason.victim_witness_absent: 0.16,
    AdjournmentReason.other_witness_absent: 0.08,
    AdjournmentReason.defendant_absent: 0.10,
    AdjournmentReason.defence_counsel: 0.14,
    AdjournmentReason.interpreter_unavailable: 0.10,
    AdjournmentReason.evidence_not_ready: 0.12,
    AdjournmentReason.awaiting_foreign_evidence: 0.08,
    AdjournmentReason.court_unavailable: 0.12,
    AdjournmentReason.health: 0.06,
    AdjournmentReason.procedural_motion: 0.04,
}
# The lesser offence a trafficking charge is reclassified to, by victims' exploitation.
LESSER = {
    "SexualExploitation": Offence.exploitation_of_prostitution,
    "ForcedLabour": Offence.forced_labour,
    "Servitude": Offence.slavery_servitude,
}


@dataclass(frozen=True)
class TrialRates:
    reclassified: float = 0.12  # trafficking charge replaced by a lesser offence
    money_laundering: float = 0.2  # a money-laundering charge is added
    conviction: float = 0.66  # share of charges ending in a conviction
    plea: float = 0.15  # share of convictions on a plea agreement
    adjourned: float = 0.35  # share of hearings adjourned
    appeal_convicted: float = 0.3
    appeal_acquitted: float = 0.15
    testify: float = 0.6
    civil_party: float = 0.25
    support_person: float = 0.5
    compensation: float = 0.3  # a convicted charge orders compensation for a victim
    any_payment: float = 0.45  # an order sees at least one payment
    appeal_outcomes: dict[str, tuple[float, ...]] = field(
        default_factory=lambda: {
            "convicted": (
                0.6,
                0.15,
                0.1,
                0.05,
                0.1,
            ),  # upheld, reduced, overturned, retrial, withdrawn
            "acquitted": (0.65, 0.25, 0.1),  # upheld, acquittal overturned, retrial
        }
    )


@dataclass(frozen=True)
class TrialContext:
    proceeding_id: str
    investigation_id: str
    defendant_id: str
    country: str
    charged_on: date
    victims: tuple[VictimRef, ...]
    as_of: date
    cross_border: bool
    articles: LegalArticles


@dataclass(frozen=True)
class SimulatedTrial:
    proceeding: Proceeding
    participations: tuple[VictimParticipation, ...]
    compensations: tuple[Compensation, ...]


def _days(rng: np.random.Generator, low: int, high: int) -> timedelta:
    return timedelta(days=int(rng.integers(low, high)))


def _article(ctx: TrialContext, offence: Offence) -> str | None:
    found = ctx.articles.get(ctx.country, offence)
    return found.reference if found else None


def _hearings(
    rng: np.random.Generator, ctx: TrialContext, rates: TrialRates
) -> tuple[list[Hearing], date]:
    """Hearings up to the verdict; the verdict is on the last one (maybe after as_of)."""
    day = ctx.charged_on + _days(rng, 45, 150)
    hearings = []
    reasons = list(ADJOURNMENT_P)
    weights = np.array([ADJOURNMENT_P[r] for r in reasons])
    if not ctx.cross_border:
        weights[reasons.index(AdjournmentReason.awaiting_foreign_evidence)] = 0
    for _ in range(1 + int(rng.poisson(2.5))):
        adjourned = rng.random() < rates.adjourned
        outcome = HearingOutcome.adjourned if adjourned else HearingOutcome.held
        reason = (
            reasons[int(rng.choice(len(reasons), p=weights / weights.sum()))] if adjourned else None
        )
        if day <= ctx.as_of:
            hearings.append(Hearing(day, outcome, reason, public=rng.random() > 0.1))
        else:
            hearings.append(Hearing(day))
        day += _days(rng, 28, 120)
    return hearings, day


def simulate_trial(
    rng: np.random.Generator, ctx: TrialContext, rates: TrialRates
) -> SimulatedTrial:
    """One defendant's proceedings, from charge to appeal, cut at ``ctx.as_of``."""
    hearings, verdict_day = _hearings(rng, ctx, rates)
    decided = verdict_day <= ctx.as_of
    victim_ids = tuple(v.victim_id for v in ctx.victims)
    offence = Offence.trafficking_in_persons
    if rng.random() < rates.reclassified:
        kinds = {code for v in ctx.victims for code in v.exploitation}
        lesser = [LESSER[k] for k in sorted(kinds) if k in LESSER]
        offence = (
            lesser[0]
            if lesser
            else (Offence.smuggling_of_migrants if ctx.cross_border else Offence.other)
        )
    offences = [(offence, victim_ids)]
    if rng.random() < rates.money_laundering:
        offences.append((Offence.money_laundering, ()))
    charges, convicted = [], []
    currency = CURRENCY.get(ctx.country, "EUR")
    for k, (what, victims) in enumerate(offences):
        verdict = reason = sentence = None
        if decided:
            roll = rng.random()
            if roll < rates.conviction:
                verdict = Verdict.plea_agreement if rng.random() < rates.plea else Verdict.convicted
                sentence = (
                    _sentence(rng, verdict_day, currency)
                    if what is not Offence.money_laundering
                    else None
                )
            else:
                verdict = [Verdict.acquitted, Verdict.dismissed, Verdict.withdrawn][
                    int(rng.choice(3, p=[0.65, 0.2, 0.15]))
                ]
                if verdict is not Verdict.acquitted and rng.random() < 0.5:
                    reason = [DropOutReason.insufficient_evidence, DropOutReason.victim_withdrew][
                        int(rng.integers(2))
                    ]
        charge = Charge(
            f"{ctx.proceeding_id}-C{k + 1}",
            what,
            ctx.charged_on,
            victims,
            _article(ctx, what),
            verdict,
            verdict_day if decided else None,
            reason,
            sentence,
        )
        charges.append(charge)
        if verdict is not None and verdict.is_conviction:
            convicted.append(charge)
    if decided:
        hearings[-1] = Hearing(verdict_day, HearingOutcome.verdict)
    appeals = _appeals(rng, ctx, rates, verdict_day, bool(convicted)) if decided else []
    stage = _stage(hearings, decided, verdict_day, appeals, ctx.as_of)
    proceeding = Proceeding(
        ctx.proceeding_id,
        ctx.investigation_id,
        ctx.defendant_id,
        f"Criminal court ({ctx.country})",
        tuple(charges),
        stage,
        hearings=tuple(hearings),
        appeals=tuple(appeals),
    )
    main = charges[0]
    participations = tuple(_participation(rng, ctx, rates, v, main) for v in ctx.victims)
    compensations = tuple(
        c
        for c in (
            _compensation(rng, ctx, rates, v, verdict_day, currency)
            for v in ctx.victims
            if main in convicted
        )
        if c is not None
    )
    return SimulatedTrial(proceeding, participations, compensations)


def _sentence(rng: np.random.Generator, day: date, currency: str) -> Sentence:
    kinds = [SentenceKind.suspended_custody if rng.random() < 0.12 else SentenceKind.custody]
    months = int(np.clip(np.exp(rng.normal(np.log(48), 0.55)), 6, 240))
    fine = None
    if rng.random() < 0.15:
        kinds.append(SentenceKind.fine)
        fine = Money(
            Decimal(int(np.exp(rng.normal(np.log(3000), 0.8)) * PRICE[currency])), currency
        )
    if rng.random() < 0.2:
        kinds.append(SentenceKind.confiscation)
    custody = kinds[0] is SentenceKind.custody
    return Sentence(
        day, tuple(kinds), months if custody else None, None if custody else min(months, 24), fine
    )


def _appeals(
    rng: np.random.Generator,
    ctx: TrialContext,
    rates: TrialRates,
    verdict_day: date,
    convicted: bool,
) -> list[Appeal]:
    chance = rates.appeal_convicted if convicted else rates.appeal_acquitted
    if rng.random() >= chance:
        return []
    lodged = verdict_day + _days(rng, 7, 28)
    if lodged > ctx.as_of:
        return []
    decided = lodged + _days(rng, 150, 420)
    key = "convicted" if convicted else "acquitted"
    options = (
        [
            AppealOutcome.upheld,
            AppealOutcome.sentence_reduced,
            AppealOutcome.conviction_overturned,
            AppealOutcome.retrial_ordered,
            AppealOutcome.withdrawn,
        ]
        if convicted
        else [
            AppealOutcome.upheld,
            AppealOutcome.acquittal_overturned,
            AppealOutcome.retrial_ordered,
        ]
    )
    p = np.array(rates.appeal_outcomes[key])
    outcome = options[int(rng.choice(len(options), p=p / p.sum()))]
    by = AppealParty.defendant if convicted else AppealParty.prosecution
    if decided > ctx.as_of:
        return [Appeal(lodged, by, f"Court of appeal ({ctx.country})")]
    return [Appeal(lodged, by, f"Court of appeal ({ctx.country})", decided, outcome)]


def _stage(
    hearings: list[Hearing], decided: bool, verdict_day: date, appeals: list[Appeal], as_of: date
) -> ProceedingStage:
    if appeals:
        return ProceedingStage.final if appeals[-1].decided_on else ProceedingStage.appeal
    if decided:
        return (
            ProceedingStage.final
            if (as_of - verdict_day).days > 30
            else ProceedingStage.first_instance
        )
    held = any(h.outcome is not None for h in hearings)
    return ProceedingStage.first_instance if held else ProceedingStage.charged


def _participation(
    rng: np.random.Generator,
    ctx: TrialContext,
    rates: TrialRates,
    victim: VictimRef,
    charge: Charge,
) -> VictimParticipation:
    child = bool(victim.is_child)
    menu = (
        [
            (ProtectionMeasure.video_link, 0.5),
            (ProtectionMeasure.intermediary, 0.4),
            (ProtectionMeasure.single_interview, 0.4),
            (ProtectionMeasure.pre_recorded_testimony, 0.3),
        ]
        if child
        else [
            (ProtectionMeasure.screen, 0.3),
            (ProtectionMeasure.anonymity, 0.1),
            (ProtectionMeasure.video_link, 0.2),
            (ProtectionMeasure.relocation, 0.05),
            (ProtectionMeasure.closed_hearing, 0.1),
        ]
    )
    protection = tuple(m for m, p in menu if rng.random() < p)
    witness = bool(rng.random() < rates.testify)
    withdrew = reason = None
    ended_without = charge.verdict in (Verdict.withdrawn, Verdict.dismissed)
    if ended_without and rng.random() < 0.5 and charge.verdict_on:
        withdrew = max(ctx.charged_on, charge.verdict_on - _days(rng, 10, 90))
        reason = [
            DropOutReason.victim_withdrew,
            DropOutReason.fear_of_reprisal,
            DropOutReason.victim_unreachable,
        ][int(rng.integers(3))]
    return VictimParticipation(
        ctx.proceeding_id,
        victim.victim_id,
        witness=witness,
        testified=witness and charge.verdict is not None and withdrew is None,
        civil_party=rng.random() < rates.civil_party,
        protection=protection,
        support_person=rng.random() < rates.support_person,
        withdrew_on=withdrew,
        withdrawal_reason=reason,
    )


def _compensation(
    rng: np.random.Generator,
    ctx: TrialContext,
    rates: TrialRates,
    victim: VictimRef,
    day: date,
    currency: str,
) -> Compensation | None:
    if rng.random() >= rates.compensation:
        return None
    amount = Decimal(int(np.exp(rng.normal(np.log(8000), 0.9)) * PRICE[currency]))
    payer = [
        CompensationPayer.defendant,
        CompensationPayer.state_fund,
        CompensationPayer.confiscated_assets,
    ][int(rng.choice(3, p=[0.7, 0.2, 0.1]))]
    payments = []
    if rng.random() < rates.any_payment:
        share = Decimal(1) if rng.random() < 0.4 else Decimal(str(round(rng.uniform(0.1, 0.7), 2)))
        due = (amount * share).quantize(Decimal(1))
        parts = int(rng.integers(1, 4))
        paid_on = day
        for k in range(parts):
            paid_on = paid_on + _days(rng, 30, 240)
            if paid_on > ctx.as_of:
                break
            portion = due // parts if k < parts - 1 else due - (due // parts) * (parts - 1)
            payments.append(Payment(paid_on, portion, payer))
    return Compensation(
        f"{ctx.proceeding_id}-K-{victim.victim_id}",
        ctx.proceeding_id,
        victim.victim_id,
        day,
        Money(amount, currency),
        payer,
        tuple(payments),
    )
