"""What a trial monitor (an NGO following trials, §17 of the conference) may see, and the
work queues of justice staff.

:func:`public_trial_view` keeps the public course of a trial and nothing personal: the
court and its case number, the stage, each charge's offence and article with its
verdict and date, the hearing dates, the appeals. It holds no victim, defendant or
internal identifier, no sex, age, nationality, sentence or compensation; a hearing in
camera shows its date and that it was closed, not its outcome.

The queues take ``today`` as an argument (the caller's clock), never the system date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from palermo.justice.dataset import JusticeDataset
from palermo.justice.remedies import Compensation, VictimParticipation
from palermo.justice.trial import Hearing, Proceeding
from palermo.vocab.justice import HearingOutcome, Offence, ProceedingStage, Verdict


@dataclass(frozen=True)
class PublicHearing:
    on: date
    outcome: HearingOutcome | None  # None: to come, or held in camera
    in_camera: bool


@dataclass(frozen=True)
class PublicCharge:
    offence: Offence
    article: str | None
    verdict: Verdict | None
    verdict_on: date | None


@dataclass(frozen=True)
class PublicAppeal:
    lodged_on: date
    decided_on: date | None
    outcome: str | None


@dataclass(frozen=True)
class PublicTrialView:
    court: str
    court_case_number: str | None
    stage: ProceedingStage
    charges: tuple[PublicCharge, ...]
    hearings: tuple[PublicHearing, ...]
    appeals: tuple[PublicAppeal, ...]


def _hearing(hearing: Hearing) -> PublicHearing:
    return PublicHearing(
        hearing.on, hearing.outcome if hearing.public else None, not hearing.public
    )


def public_trial_view(proceeding: Proceeding) -> PublicTrialView:
    """The public course of one defendant's trial, without any personal data."""
    return PublicTrialView(
        court=proceeding.court,
        court_case_number=proceeding.court_case_number,
        stage=proceeding.stage,
        charges=tuple(
            PublicCharge(c.offence, c.article, c.verdict, c.verdict_on) for c in proceeding.charges
        ),
        hearings=tuple(_hearing(h) for h in proceeding.hearings),
        appeals=tuple(
            PublicAppeal(a.lodged_on, a.decided_on, a.outcome.code if a.outcome else None)
            for a in proceeding.appeals
        ),
    )


@dataclass(frozen=True)
class DueHearing:
    proceeding: Proceeding
    hearing: Hearing
    witnesses: tuple[VictimParticipation, ...]  # victims due to give evidence


def hearings_due(data: JusticeDataset, *, start: date, days: int = 7) -> list[DueHearing]:
    """Hearings still to be held from ``start`` for ``days`` days, soonest first, each with
    the victims called as witnesses who have not testified nor withdrawn (whose support
    worker the service may inform, where the victim's consent allows)."""
    end = start + timedelta(days=days)
    witnesses: dict[str, list[VictimParticipation]] = {}
    for part in data.participations:
        if part.witness and not part.testified and part.withdrew_on is None:
            witnesses.setdefault(part.proceeding_id, []).append(part)
    due = [
        DueHearing(proc, hearing, tuple(witnesses.get(proc.proceeding_id, ())))
        for proc in data.proceedings
        for hearing in proc.hearings
        if hearing.outcome is None and start <= hearing.on < end
    ]
    return sorted(due, key=lambda d: (d.hearing.on, d.proceeding.proceeding_id))


def overdue_compensation(
    data: JusticeDataset, *, today: date, after_days: int = 180
) -> list[Compensation]:
    """Orders made ``after_days`` or more before ``today`` and not fully paid by then,
    oldest first."""
    late = today - timedelta(days=after_days)
    found = [c for c in data.compensations if c.ordered_on <= late and c.outstanding(today) > 0]
    return sorted(found, key=lambda c: (c.ordered_on, c.compensation_id))
