"""Criminal proceedings against one defendant: charges, hearings, verdicts, sentences
and appeals, as plain frozen records (see :mod:`palermo.justice.records`).

What counts as a conviction is decided here, once, for every report: a charge whose
verdict is a conviction (with or without a plea agreement), dated by its verdict; or,
when an appeal overturns an acquittal, the charges acquitted at first instance, dated
by the appeal decision. A conviction counts once pronounced, even if a later appeal
overturns it (the UNODC questionnaire counts convictions that way); overturned
convictions are reported beside it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from palermo.justice.validation import RecordCheck, currency_problem
from palermo.vocab.justice import (
    AdjournmentReason,
    AppealOutcome,
    AppealParty,
    DropOutReason,
    HearingOutcome,
    Offence,
    ProceedingKind,
    ProceedingStage,
    SentenceKind,
    Verdict,
)


@dataclass(frozen=True)
class Money:
    """An amount in an ISO 4217 currency; amounts are decimals, never floats."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        check = RecordCheck(self, "Amount")
        check.amount("amount")
        reason = currency_problem(self.currency)
        check.require(reason is None, "currency", reason or "", self.currency)
        check.done()


@dataclass(frozen=True)
class Hearing:
    """A hearing on ``on``. ``outcome`` is None while it is still to be held.

    ``public`` is False for a hearing in camera: trial monitors see that it took place,
    not what happened.
    """

    on: date
    outcome: HearingOutcome | None = None
    adjournment_reason: AdjournmentReason | None = None
    public: bool = True

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Hearing of {self.on}")
        check.day("on")
        check.code("outcome", HearingOutcome, optional=True)
        check.code("adjournment_reason", AdjournmentReason, optional=True)
        adjourned = self.outcome == HearingOutcome.adjourned
        check.require(
            adjourned or self.adjournment_reason is None,
            "adjournment_reason",
            "is only for an adjourned hearing",
        )
        check.done()


@dataclass(frozen=True)
class Sentence:
    """What the court pronounced with a conviction.

    ``custody_months`` is the custodial term to serve; ``suspended_months`` a suspended
    term; each is given exactly when its kind is among ``kinds``.
    """

    on: date
    kinds: tuple[SentenceKind, ...]
    custody_months: int | None = None
    suspended_months: int | None = None
    fine: Money | None = None
    confiscated: Money | None = None

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Sentence of {self.on}")
        check.day("on")
        check.codes("kinds", SentenceKind, required=True)
        check.months("custody_months")
        check.months("suspended_months")
        for kind, name in (
            (SentenceKind.custody, "custody_months"),
            (SentenceKind.suspended_custody, "suspended_months"),
            (SentenceKind.fine, "fine"),
        ):
            check.require(
                (kind in self.kinds) == (getattr(self, name) is not None),
                name,
                f"is given exactly when the sentence includes {kind.code}",
            )
        check.done()


@dataclass(frozen=True)
class Charge:
    """One charge against the defendant: an offence, under an article, about victims.

    ``article`` is the legal reference configured for the country
    (:mod:`palermo.justice.articles`); None when the country has none configured.
    ``verdict`` and ``verdict_on`` come together. ``drop_out_reason`` explains a charge
    withdrawn or dismissed; a sentence goes only with a conviction.
    """

    charge_id: str
    offence: Offence
    charged_on: date
    victim_ids: tuple[str, ...] = ()
    article: str | None = None
    verdict: Verdict | None = None
    verdict_on: date | None = None
    drop_out_reason: DropOutReason | None = None
    sentence: Sentence | None = None

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Charge {self.charge_id!r}")
        check.text("charge_id")
        check.code("offence", Offence)
        check.day("charged_on")
        check.ids("victim_ids")
        check.text("article", optional=True)
        check.code("verdict", Verdict, optional=True)
        check.day("verdict_on", optional=True)
        check.not_before("verdict_on", "charged_on")
        check.code("drop_out_reason", DropOutReason, optional=True)
        check.require(
            (self.verdict is None) == (self.verdict_on is None),
            "verdict_on",
            "is given exactly when there is a verdict",
        )
        convicted = isinstance(self.verdict, Verdict) and self.verdict.is_conviction
        check.require(self.sentence is None or convicted, "sentence", "goes only with a conviction")
        check.require(
            self.drop_out_reason is None or (self.verdict is not None and not convicted),
            "drop_out_reason",
            "is only for a charge that ended without a conviction",
        )
        check.done()

    def decided_by(self, on: date | None) -> bool:
        return self.verdict_on is not None and (on is None or self.verdict_on <= on)


@dataclass(frozen=True)
class Appeal:
    """An appeal against the first-instance decision; ``outcome`` None while pending."""

    lodged_on: date
    by: AppealParty
    court: str | None = None
    decided_on: date | None = None
    outcome: AppealOutcome | None = None

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Appeal of {self.lodged_on}")
        check.day("lodged_on")
        check.code("by", AppealParty)
        check.text("court", optional=True)
        check.day("decided_on", optional=True)
        check.not_before("decided_on", "lodged_on")
        check.code("outcome", AppealOutcome, optional=True)
        check.require(
            (self.decided_on is None) == (self.outcome is None),
            "outcome",
            "is given exactly when the appeal is decided (decided_on)",
        )
        check.done()

    def decided_by(self, on: date | None) -> bool:
        return self.decided_on is not None and (on is None or self.decided_on <= on)


@dataclass(frozen=True)
class Proceeding:
    """The criminal (or civil, administrative) proceedings against one defendant.

    ``defendant_id`` is a suspect of ``investigation_id``. ``stage`` is where the
    proceedings stand as recorded; the reports derive dates from the charges, hearings
    and appeals themselves. ``court_case_number`` is the court's own public number of
    the case (what a trial monitor looks up), never a case name with a person's name.
    """

    proceeding_id: str
    investigation_id: str
    defendant_id: str
    court: str
    charges: tuple[Charge, ...]
    stage: ProceedingStage = ProceedingStage.charged
    kind: ProceedingKind = ProceedingKind.criminal
    court_agency_id: str | None = None
    court_case_number: str | None = None
    hearings: tuple[Hearing, ...] = ()
    appeals: tuple[Appeal, ...] = ()

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Proceeding {self.proceeding_id!r}")
        for name in ("proceeding_id", "investigation_id", "defendant_id", "court"):
            check.text(name)
        check.text("court_agency_id", optional=True)
        check.text("court_case_number", optional=True)
        check.code("stage", ProceedingStage)
        check.code("kind", ProceedingKind)
        for name in ("charges", "hearings", "appeals"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        ids = [c.charge_id for c in self.charges]
        check.require(bool(ids), "charges", "needs at least one charge")
        check.require(len(set(ids)) == len(ids), "charges", "repeat a charge_id", ", ".join(ids))
        object.__setattr__(self, "hearings", tuple(sorted(self.hearings, key=lambda h: h.on)))
        object.__setattr__(self, "appeals", tuple(sorted(self.appeals, key=lambda a: a.lodged_on)))
        check.done()

    def counted(self, offences: Collection[Offence], on: date | None = None) -> list[Charge]:
        """Charges of ``offences`` brought by ``on`` (every charge when on is None)."""
        return [
            c for c in self.charges if c.offence in offences and (on is None or c.charged_on <= on)
        ]

    def convictions(self, offences: Collection[Offence], on: date | None = None) -> list[Convicted]:
        """Every conviction on a charge of ``offences`` pronounced by ``on``."""
        charges = self.counted(offences, on)
        found = [
            Convicted(c, c.verdict_on)  # type: ignore[arg-type]
            for c in charges
            if c.verdict is not None and c.verdict.is_conviction and c.decided_by(on)
        ]
        for appeal in self.appeals:
            if appeal.outcome == AppealOutcome.acquittal_overturned and appeal.decided_by(on):
                found += [
                    Convicted(c, appeal.decided_on)  # type: ignore[arg-type]
                    for c in charges
                    if c.verdict == Verdict.acquitted and c.decided_by(appeal.decided_on)
                ]
        return found

    def overturned(self, on: date | None = None) -> bool:
        """A conviction of this defendant was overturned on appeal by ``on``."""
        return any(
            a.outcome == AppealOutcome.conviction_overturned and a.decided_by(on)
            for a in self.appeals
        )

    def appeal_pending(self, on: date | None = None) -> bool:
        """An appeal lodged by ``on`` is not decided by ``on``."""
        return any((on is None or a.lodged_on <= on) and not a.decided_by(on) for a in self.appeals)


@dataclass(frozen=True)
class Convicted:
    """A conviction on ``charge``, pronounced on ``on`` (first instance or appeal)."""

    charge: Charge
    on: date
