"""What happened to each identified person after identification: simulated casework.

For the demo world and for tests of the Protect pillar: consents per purpose, needs,
referrals to other agencies with their states, services delivered, NRM decisions
and recovery periods, and closures — in the proportions and delays a national
referral mechanism typically shows (the rates below are plausible assumptions for
synthetic data, not statistics of any country). Seeded per record, so the same
world always gets the same casework, whatever order records come in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

SERVICE_CODES = (
    "shelter",
    "food",
    "health_care",
    "psychological_support",
    "legal_advice",
    "interpretation",
    "employment_help",
    "family_tracing",
    "return_and_reintegration",
)
# Which kind of agency usually provides a referred service.
PROVIDER_KIND = {
    "shelter": "shelter",
    "food": "shelter",
    "health_care": "shelter",
    "psychological_support": "ngo_outreach",
    "legal_advice": "ngo_outreach",
    "interpretation": "ngo_outreach",
    "employment_help": "ngo_outreach",
    "family_tracing": "ngo_outreach",
    "return_and_reintegration": "ngo_outreach",
}
CONSENT_RATES = {
    "interview": 0.96,
    "services": 0.88,
    "referral": 0.72,
    "statistics": 0.8,
    "family_tracing": 0.18,
    "law_enforcement": 0.42,
}
CLOSURE_REASONS = (
    "goals_achieved",
    "lost_contact",
    "relocated",
    "returned_home",
    "consent_withdrawn",
)


@dataclass(frozen=True)
class ConsentEvent:
    purpose: str
    given_on: date
    expires_on: date | None
    withdrawn_on: date | None


@dataclass(frozen=True)
class ReferralEvent:
    service: str
    to_kind: str
    sent_on: date
    state: str  # in_progress, accepted, rejected, done, revoked
    answered_on: date | None
    delivered_on: date | None


@dataclass(frozen=True)
class DecisionEvent:
    stage: str  # reasonable_grounds, conclusive_grounds
    result: str  # positive, negative
    decided_on: date


@dataclass(frozen=True)
class Casework:
    consents: tuple[ConsentEvent, ...]
    needs: tuple[str, ...]
    referrals: tuple[ReferralEvent, ...]
    decisions: tuple[DecisionEvent, ...]
    recovery: tuple[date, date, date | None] | None  # start, end, extended to
    closed_on: date | None
    closure_reason: str | None


def _rng(seed: int, record_id: str) -> np.random.Generator:
    digest = hashlib.blake2b(f"{seed}:{record_id}".encode(), digest_size=8).digest()
    return np.random.default_rng(int.from_bytes(digest, "little"))


def _on_or_before(day: date, today: date) -> date | None:
    return day if day <= today else None


def _consents(rng: np.random.Generator, start: date, today: date, kind: str) -> list[ConsentEvent]:
    result = []
    for purpose, rate in CONSENT_RATES.items():
        if purpose == "law_enforcement" and kind in {"police", "border_police"}:
            rate = 0.7
        if rng.random() >= rate:
            continue
        given = start + timedelta(days=int(rng.integers(0, 4)))
        if given > today:
            continue
        expires = given + timedelta(days=365 * 2) if rng.random() < 0.5 else None
        withdrawn = None
        if rng.random() < 0.03:
            withdrawn = _on_or_before(given + timedelta(days=int(rng.integers(10, 300))), today)
        result.append(ConsentEvent(purpose, given, expires, withdrawn))
    return result


def _referrals(
    rng: np.random.Generator, needs: list[str], start: date, today: date, kind: str
) -> list[ReferralEvent]:
    result = []
    for service in needs:
        provider = PROVIDER_KIND[service]
        if provider == kind or rng.random() < 0.35:
            continue  # provided in house, or not referred
        sent = start + timedelta(days=int(rng.integers(1, 15)))
        if sent > today:
            continue
        age = (today - sent).days
        roll = rng.random()
        # Unanswered referrals are recent ones: older ones were answered or chased.
        if age < 5 or (roll < 0.08 and age < 30):
            result.append(ReferralEvent(service, provider, sent, "in_progress", None, None))
            continue
        answered = sent + timedelta(days=int(rng.integers(0, min(age, 10) + 1)))
        if roll < 0.2:
            result.append(ReferralEvent(service, provider, sent, "rejected", answered, None))
        elif roll < 0.25:
            result.append(ReferralEvent(service, provider, sent, "revoked", answered, None))
        elif roll < 0.45 or age < 20:
            result.append(ReferralEvent(service, provider, sent, "accepted", answered, None))
        else:
            delivered = _on_or_before(answered + timedelta(days=int(rng.integers(1, 21))), today)
            state = "done" if delivered else "accepted"
            result.append(ReferralEvent(service, provider, sent, state, answered, delivered))
    return result


def _nrm(
    rng: np.random.Generator, start: date, today: date
) -> tuple[list[DecisionEvent], tuple[date, date, date | None] | None]:
    """RG within days; CG usually inside the recovery period, else after an extension."""
    decisions: list[DecisionEvent] = []
    rg_day = start + timedelta(days=int(rng.integers(2, 8)))
    if rg_day > today:
        return decisions, None  # still pending
    rg = "positive" if rng.random() < 0.86 else "negative"
    decisions.append(DecisionEvent("reasonable_grounds", rg, rg_day))
    if rg == "negative":
        return decisions, None
    end = rg_day + timedelta(days=45)
    late = rng.random() < 0.3
    cg_day = rg_day + timedelta(days=int(rng.integers(46, 200) if late else rng.integers(20, 44)))
    extended = cg_day + timedelta(days=1) if late else None
    if cg_day <= today:
        cg = "positive" if rng.random() < 0.82 else "negative"
        decisions.append(DecisionEvent("conclusive_grounds", cg, cg_day))
    elif late:
        extended = cg_day  # extended while the decision is awaited
    return decisions, (rg_day, end, extended if extended and extended > end else None)


def plan_casework(record: dict, *, seed: int, today: date, agency_kind: str) -> Casework:
    """The casework of one agency record (simulator record dict, HTCDS names)."""
    rng = _rng(seed, str(record["record_id"]))
    start = record.get("plm_IdentificationDate")
    start = date.fromisoformat(start) if isinstance(start, str) and start else today
    consents = _consents(rng, start, today, agency_kind)
    purposes = {c.purpose for c in consents if c.withdrawn_on is None}
    weights = np.array([0.55, 0.3, 0.6, 0.5, 0.45, 0.3, 0.25, 0.15, 0.2])
    exploitation = record.get("vic_TypeOfExploitation") or []
    if "SexualExploitation" in exploitation:
        weights[0] += 0.2
        weights[3] += 0.2
    needs = [s for s, w in zip(SERVICE_CODES, weights, strict=True) if rng.random() < w]
    if "family_tracing" not in purposes and "family_tracing" in needs:
        needs.remove("family_tracing")
    referrals = _referrals(rng, needs, start, today, agency_kind) if "referral" in purposes else []
    decisions, recovery = _nrm(rng, start, today)
    closed_on = closure = None
    if (today - start).days > 540 and rng.random() < 0.6:
        closed_on = start + timedelta(days=int(rng.integers(180, 540)))
        closure = str(rng.choice(CLOSURE_REASONS))
    return Casework(
        tuple(consents),
        tuple(needs),
        tuple(referrals),
        tuple(decisions),
        recovery,
        closed_on,
        closure,
    )
