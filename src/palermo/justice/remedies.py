"""What the proceedings mean for the victim: compensation ordered and paid, taking part
as a witness under protection, and charges brought against the victim for acts the
trafficking compelled (the non-punishment principle). Plain frozen records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from palermo.justice.trial import Money
from palermo.justice.validation import RecordCheck
from palermo.vocab.justice import (
    CompensationPayer,
    DropOutReason,
    NonPunishmentOutcome,
    Offence,
    ProtectionMeasure,
)


@dataclass(frozen=True)
class Payment:
    """A payment of ``amount`` (in the order's currency) on ``paid_on`` by ``by``."""

    paid_on: date
    amount: Decimal
    by: CompensationPayer

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Payment of {self.paid_on}")
        check.day("paid_on")
        check.amount("amount")
        check.code("by", CompensationPayer)
        check.done()


@dataclass(frozen=True)
class Compensation:
    """Compensation ordered for ``victim_id`` in ``proceeding_id``, and what was paid."""

    compensation_id: str
    proceeding_id: str
    victim_id: str
    ordered_on: date
    ordered: Money
    payer: CompensationPayer
    payments: tuple[Payment, ...] = ()

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Compensation {self.compensation_id!r}")
        for name in ("compensation_id", "proceeding_id", "victim_id"):
            check.text(name)
        check.day("ordered_on")
        check.code("payer", CompensationPayer)
        payments = tuple(sorted(self.payments, key=lambda p: p.paid_on))
        object.__setattr__(self, "payments", payments)
        for payment in payments:
            check.require(
                payment.paid_on >= self.ordered_on,
                "payments",
                f"has a payment dated before the order ({self.ordered_on})",
                payment.paid_on.isoformat(),
            )
        check.done()

    def paid(self, on: date | None = None) -> Decimal:
        """Total paid by ``on`` (everything when None)."""
        return sum((p.amount for p in self.payments if on is None or p.paid_on <= on), Decimal(0))

    def outstanding(self, on: date | None = None) -> Decimal:
        return max(self.ordered.amount - self.paid(on), Decimal(0))


@dataclass(frozen=True)
class VictimParticipation:
    """How ``victim_id`` took part in ``proceeding_id``.

    ``witness``: called to give evidence; ``testified``: gave it. ``civil_party``: joined
    the proceedings to claim damages. ``support_person``: accompanied by a support
    worker. A victim who withdrew has ``withdrew_on`` and, where recorded,
    ``withdrawal_reason``.
    """

    proceeding_id: str
    victim_id: str
    witness: bool = False
    testified: bool = False
    civil_party: bool = False
    protection: tuple[ProtectionMeasure, ...] = ()
    support_person: bool = False
    withdrew_on: date | None = None
    withdrawal_reason: DropOutReason | None = None

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Participation of {self.victim_id!r} in {self.proceeding_id!r}")
        check.text("proceeding_id")
        check.text("victim_id")
        check.codes("protection", ProtectionMeasure)
        check.day("withdrew_on", optional=True)
        check.code("withdrawal_reason", DropOutReason, optional=True)
        check.require(
            self.witness or not self.testified, "testified", "needs witness: who testified was one"
        )
        check.require(
            self.withdrawal_reason is None or self.withdrew_on is not None,
            "withdrawal_reason",
            "is only for a victim who withdrew (withdrew_on)",
        )
        check.done()


@dataclass(frozen=True)
class NonPunishmentCase:
    """A charge brought against a victim for ``offence``, an act trafficking compelled.

    ``trafficking_raised_on``: when the victim's trafficking was put before the
    prosecutor or court. ``outcome`` and ``decided_on`` come together; None while open.
    """

    case_id: str
    victim_id: str
    offence: Offence
    charged_on: date
    trafficking_raised_on: date | None = None
    outcome: NonPunishmentOutcome | None = None
    decided_on: date | None = None

    def __post_init__(self) -> None:
        check = RecordCheck(self, f"Charge against victim {self.case_id!r}")
        check.text("case_id")
        check.text("victim_id")
        check.code("offence", Offence)
        check.day("charged_on")
        check.day("trafficking_raised_on", optional=True)
        check.code("outcome", NonPunishmentOutcome, optional=True)
        check.day("decided_on", optional=True)
        check.not_before("decided_on", "charged_on")
        check.require(
            (self.outcome is None) == (self.decided_on is None),
            "decided_on",
            "is given exactly when there is an outcome",
        )
        check.done()
