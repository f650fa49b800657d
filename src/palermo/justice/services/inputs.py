"""What users and the API send to the justice services: one schema per record.

Codes arrive as text and are checked by the services against their vocabulary
(:class:`CodeCheck`), so that every bad code of one request is named at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from palermo.cases.record.schemas import PersonData
from palermo.errors import FieldProblem, UnknownCode, ValidationFailed
from palermo.i18n import msg
from palermo.justice.validation import currency_problem
from palermo.vocab import get_list
from palermo.vocab.enums import VocabEnum


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class InvestigationCreate(_In):
    reference: str | None = Field(default=None, max_length=60)
    offences: list[str] = Field(min_length=1)
    opened_on: date
    prosecutor_agency_id: int | None = None
    organised_criminal_group: bool | None = None


class InvestigationUpdate(_In):
    reference: str | None = Field(default=None, max_length=60)
    offences: list[str] | None = None
    opened_on: date | None = None
    prosecutor_agency_id: int | None = None
    organised_criminal_group: bool | None = None


class InvestigationClose(_In):
    closed_on: date
    outcome: str
    drop_out_reason: str | None = None


class SuspectCreate(_In):
    person: PersonData
    citizenship: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    named_on: date | None = None


class CooperationCreate(_In):
    kind: str
    country: str
    sent_on: date
    answered_on: date | None = None


class ProceedingCreate(_In):
    defendant_id: int
    court: str = Field(min_length=1, max_length=200)
    court_agency_id: int | None = None
    court_case_number: str | None = Field(default=None, max_length=80)
    kind: str = "criminal"
    stage: str = "charged"


class ChargeCreate(_In):
    offence: str
    charged_on: date
    article: str | None = Field(default=None, max_length=120)
    victim_link_ids: list[int] = Field(default_factory=list)


class VerdictIn(_In):
    verdict: str
    verdict_on: date
    drop_out_reason: str | None = None


class SentenceCreate(_In):
    sentenced_on: date
    kinds: list[str] = Field(min_length=1)
    custody_months: int | None = Field(default=None, ge=0, le=1200)
    suspended_months: int | None = Field(default=None, ge=0, le=1200)
    fine_amount: str | None = None
    fine_currency: str | None = None
    confiscated_amount: str | None = None
    confiscated_currency: str | None = None


class HearingCreate(_In):
    held_on: date
    public: bool = True


class HearingOutcomeIn(_In):
    outcome: str
    adjournment_reason: str | None = None


class AppealCreate(_In):
    lodged_on: date
    by: str
    court: str | None = Field(default=None, max_length=200)


class AppealDecision(_In):
    decided_on: date
    outcome: str


class CompensationCreate(_In):
    link_id: int
    ordered_on: date
    amount: str
    currency: str
    payer: str


class PaymentCreate(_In):
    paid_on: date
    amount: str
    by: str


class ParticipationCreate(_In):
    link_id: int
    witness: bool = False
    civil_party: bool = False
    protection: list[str] = Field(default_factory=list)
    support_person: bool = False


class ParticipationUpdate(_In):
    testified: bool | None = None
    protection: list[str] | None = None
    support_person: bool | None = None
    withdrew_on: date | None = None
    withdrawal_reason: str | None = None


class VictimChargeCreate(_In):
    case_id: int
    offence: str
    charged_on: date
    trafficking_raised_on: date | None = None


class VictimChargeDecision(_In):
    outcome: str
    decided_on: date


class CaseLawCreate(_In):
    case_reference: str = Field(min_length=1, max_length=120)
    facts_summary: str = Field(min_length=1, max_length=20000)
    commentary: str | None = Field(default=None, max_length=20000)


class CodeCheck:
    """Check codes against their lists, collecting every problem before raising."""

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def one(self, field: str, enum: type[VocabEnum] | str, value: Any) -> str | None:
        if value in (None, ""):
            return None
        members = get_list(enum) if isinstance(enum, str) else enum
        try:
            return members.parse(value).code
        except UnknownCode as error:
            self.problems.append(
                FieldProblem(
                    field,
                    msg("unknown code; valid codes: {valid}", valid=", ".join(error.valid[:40])),
                    value=str(value),
                )
            )
            return None

    def many(self, field: str, enum: type[VocabEnum] | str, values: Iterable[Any]) -> list[str]:
        found = [self.one(field, enum, v) for v in values]
        return list(dict.fromkeys(c for c in found if c is not None))

    def require(self, ok: bool, field: str, reason: str, value: object = None) -> None:
        if not ok:
            self.problems.append(
                FieldProblem(field, reason, value=None if value is None else str(value))
            )

    def amount(self, field: str, value: str | None) -> Decimal | None:
        """A decimal amount of money, 0 or more (text, never a float)."""
        if value in (None, ""):
            return None
        try:
            amount = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            amount = Decimal(-1)
        if not amount.is_finite() or amount < 0:
            self.problems.append(
                FieldProblem(field, msg("must be an amount such as 1500.00"), value=str(value))
            )
            return None
        return amount

    def currency(self, field: str, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        code = str(value).strip().upper()
        if currency_problem(code) is not None:
            self.problems.append(
                FieldProblem(
                    field, msg("must be an ISO 4217 currency code such as EUR"), value=code
                )
            )
            return None
        return code

    def done(self, what: str) -> None:
        if self.problems:
            raise ValidationFailed(
                msg(
                    "Please correct: {fields} ({what}).",
                    what=what,
                    fields=", ".join(p.field for p in self.problems),
                ),
                problems=self.problems,
                hint=msg("Correct the listed fields and send it again."),
            )
