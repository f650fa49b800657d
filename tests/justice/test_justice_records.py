"""Records check and normalise their fields; a dataset checks that they hang together."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from palermo.errors import ValidationFailed
from palermo.justice import (
    Charge,
    Compensation,
    Investigation,
    JusticeDataset,
    Money,
    Payment,
    Proceeding,
    Sentence,
    SuspectRef,
    VictimRef,
)
from palermo.justice.trial import Appeal, Hearing
from palermo.vocab.justice import DropOutReason, Offence, Verdict

D = date.fromisoformat


def test_codes_given_as_text_become_members() -> None:
    victim = VictimRef("V1", "2022-01-02", "Feminine", 20, ("FRA",), ("SexualExploitation",))  # type: ignore[arg-type]
    assert victim.identified_on == D("2022-01-02")
    assert victim.citizenship == ("FR",)  # alpha-3 accepted, stored as alpha-2
    charge = Charge(
        "c",
        "trafficking_in_persons",
        D("2022-01-01"),
        verdict="plea_agreement",
        verdict_on=D("2022-05-01"),
    )  # type: ignore[arg-type]
    assert charge.offence is Offence.trafficking_in_persons
    assert charge.verdict is Verdict.plea_agreement and charge.verdict.is_conviction


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(ValidationFailed) as error:
        VictimRef(
            "V1",
            D("2022-01-02"),
            gender="Female",
            age=130,
            citizenship=("Narnia",),
            exploitation=("Slavery",),
            not_reported_reason="shy",  # type: ignore[arg-type]
        )
    fields = [p.field for p in error.value.problems]
    assert fields == ["gender", "age", "citizenship", "exploitation", "not_reported_reason"]
    assert "Victim reference 'V1' is invalid" in error.value.message
    assert "Feminine" in error.value.message  # the valid codes are named


def test_dates_and_states_must_agree() -> None:
    with pytest.raises(ValidationFailed, match="closed_on is before opened_on"):
        Investigation(
            "I",
            "A",
            D("2022-05-01"),
            ("trafficking_in_persons",),
            closed_on=D("2022-01-01"),
            outcome="closed_no_charges",
        )  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="outcome is given exactly when"):
        Investigation(
            "I", "A", D("2022-05-01"), ("trafficking_in_persons",), outcome="charges_filed"
        )  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="offences needs at least one code"):
        Investigation("I", "A", D("2022-05-01"), ())
    with pytest.raises(ValidationFailed, match="sentence goes only with a conviction"):
        Charge(
            "c",
            Offence.trafficking_in_persons,
            D("2022-01-01"),
            verdict=Verdict.acquitted,
            verdict_on=D("2022-06-01"),
            sentence=Sentence(D("2022-06-01"), ("fine",), fine=Money(Decimal(1), "EUR")),
        )  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="drop_out_reason is only for a charge"):
        Charge(
            "c",
            Offence.trafficking_in_persons,
            D("2022-01-01"),
            drop_out_reason=DropOutReason.dismissed,
        )
    with pytest.raises(ValidationFailed, match="custody_months is given exactly when"):
        Sentence(D("2022-06-01"), ("custody",))  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="adjournment_reason is only for an adjourned"):
        Hearing(D("2022-06-01"), "held", "health")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="decided_on is before lodged_on"):
        Appeal(D("2022-06-01"), "defendant", decided_on=D("2022-01-01"), outcome="upheld")  # type: ignore[arg-type]


def test_money_is_decimal_in_an_iso_currency() -> None:
    with pytest.raises(ValidationFailed, match="decimal amount"):
        Money(10.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="ISO 4217"):
        Money(Decimal(10), "XYZ")
    with pytest.raises(ValidationFailed, match="zero or more"):
        Money(Decimal(-1), "EUR")
    assert Money("12.50", "EUR").amount == Decimal("12.50")  # type: ignore[arg-type]


def test_compensation_paid_and_outstanding() -> None:
    order = Compensation(
        "K",
        "P",
        "V",
        D("2022-01-01"),
        Money(Decimal(1000), "EUR"),
        "defendant",  # type: ignore[arg-type]
        (
            Payment(D("2022-03-01"), Decimal(300), "defendant"),
            Payment(D("2022-02-01"), Decimal(200), "state_fund"),
        ),  # type: ignore[arg-type]
    )
    assert [p.paid_on for p in order.payments] == [D("2022-02-01"), D("2022-03-01")]
    assert order.paid() == Decimal(500) and order.outstanding() == Decimal(500)
    assert order.paid(D("2022-02-15")) == Decimal(200)
    with pytest.raises(ValidationFailed, match="before the order"):
        replace(order, payments=(Payment(D("2021-12-01"), Decimal(1), "defendant"),))  # type: ignore[arg-type]


def test_dataset_refuses_broken_references(handmade: JusticeDataset) -> None:
    stranger = Proceeding(
        "PX",
        "I1",
        "D9",
        "Court",
        (Charge("cx", Offence.trafficking_in_persons, D("2022-01-01"), ("V99",)),),
    )
    with pytest.raises(ValidationFailed) as error:
        JusticeDataset(
            victims=handmade.victims + (handmade.victims[0],),
            suspects=handmade.suspects,
            investigations=handmade.investigations
            + (
                Investigation(
                    "I8", "POL", D("2022-01-01"), ("trafficking_in_persons",), ("V42",), ("D77",)
                ),
            ),  # type: ignore[arg-type]
            proceedings=handmade.proceedings + (stranger,),
        )
    problems = {(p.field, p.value) for p in error.value.problems}
    assert problems == {
        ("victims.victim_id", "V1"),
        ("investigations[I8].victim_ids", "V42"),
        ("investigations[I8].suspect_ids", "D77"),
        ("proceedings[PX].defendant_id", "D9"),  # D9 is not a suspect of I1
        ("proceedings[PX].charges[cx]", "V99"),
    }


def test_suspects_carry_no_identity() -> None:
    fields = set(SuspectRef.__dataclass_fields__) | set(VictimRef.__dataclass_fields__)
    for identifying in ("name", "first_name", "birth", "birthdate", "document", "phone", "address"):
        assert not any(identifying in f for f in fields), identifying
