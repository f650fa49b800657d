"""The attrition funnel on the hand-made dataset (conftest.py): every count by construction."""

from __future__ import annotations

import statistics
from datetime import date
from decimal import Decimal

import pytest

from palermo.errors import ValidationFailed
from palermo.justice import Dimension, FunnelSpec, JusticeDataset, attrition_by, compute_funnel
from palermo.vocab.justice import (
    CitizenshipGroup,
    GlotipForm,
    Offence,
    ReportedSex,
    SuspectStage,
    VictimStage,
)

D = date.fromisoformat
ALL = frozenset(Offence)


def stages(result) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    return [r.count for r in result.victims], [r.count for r in result.suspects]


def test_trafficking_funnel_of_every_year(handmade: JusticeDataset) -> None:
    result = compute_funnel(handmade, FunnelSpec())
    # Victims: 11 identified; V1-V4, V8-V11 in a trafficking investigation (V5's is for
    # forced labour only); V1-V4 and V11 charged; V1-V4 convicted (V3 on appeal, V4's
    # conviction later overturned still counts).
    assert stages(result) == ([11, 8, 5, 4], [8, 4, 3])
    assert result.convictions_overturned == 1  # D4
    payload = result.to_json()
    assert [row["stage"] for row in payload["victims"]] == [
        "identified",
        "investigation",
        "prosecution",
        "conviction",
    ]
    assert payload["suspects"] == [
        {"stage": "suspected", "count": 8},
        {"stage": "prosecuted", "count": 4},
        {"stage": "convicted", "count": 3},
    ]


def test_cohorts_by_year(handmade: JusticeDataset) -> None:
    # 2021: V1-V7, V10; suspects first named in 2021: D1, D2 (I1), D3, D4 (I2), D8 (I6).
    assert stages(compute_funnel(handmade, FunnelSpec(year=2021))) == ([8, 5, 4, 4], [5, 3, 3])
    # 2022: V8, V9, V11; suspects D6 (I4), D7 (I5), D9 (I7).
    assert stages(compute_funnel(handmade, FunnelSpec(year=2022))) == ([3, 3, 1, 0], [3, 1, 0])
    assert stages(compute_funnel(handmade, FunnelSpec(year=2020))) == ([0, 0, 0, 0], [0, 0, 0])


def test_records_after_as_of_have_not_happened(handmade: JusticeDataset) -> None:
    result = compute_funnel(handmade, FunnelSpec(as_of=D("2023-06-30")))
    # V3's acquittal is under a prosecution appeal decided only in November 2023.
    assert stages(result) == ([11, 8, 5, 3], [8, 4, 2])
    assert result.convictions_overturned == 0  # D4's appeal is decided in September
    assert {r.stage: r.count for r in result.pending} == {
        VictimStage.investigation: 1,  # V8: I4 is open
        VictimStage.prosecution: 1,  # V3: appeal pending
    }
    early = compute_funnel(handmade, FunnelSpec(as_of=D("2021-06-30")))
    # Identified by then: V1-V4; I1 and I2 (opened 15 June) are open, naming D1-D4.
    assert stages(early) == ([4, 4, 0, 0], [4, 0, 0])


def test_counting_every_offence_widens_the_funnel(handmade: JusticeDataset) -> None:
    result = compute_funnel(handmade, FunnelSpec(offences=ALL))
    # V5's forced-labour investigation counts now, and V9's procuring charge (D7 convicted).
    assert stages(result) == ([11, 9, 6, 5], [9, 5, 4])


def test_drop_out_reasons_and_pending(handmade: JusticeDataset) -> None:
    result = compute_funnel(handmade, FunnelSpec())
    drops = {(d.stage.code, d.reason.code): d.count for d in result.drop_out}
    assert drops == {
        ("identified", "not_recorded"): 2,  # V5, V7
        ("identified", "victim_declined_to_report"): 1,  # V6
        ("investigation", "reclassified"): 1,  # V9: charged with procuring only
        ("investigation", "victim_withdrew"): 1,  # V10: I6's recorded reason
        ("prosecution", "fear_of_reprisal"): 1,  # V11: withdrew from P7
    }
    assert [(r.stage, r.count) for r in result.pending] == [(VictimStage.investigation, 1)]
    # Everyone is convicted, pending or dropped out, once.
    convicted = result.count(VictimStage.conviction)
    pending = sum(r.count for r in result.pending)
    assert convicted + pending + sum(drops.values()) == result.count(VictimStage.identified)
    wide = compute_funnel(handmade, FunnelSpec(offences=ALL))
    assert ("investigation", "insufficient_evidence") in {
        (d.stage.code, d.reason.code) for d in wide.drop_out
    }


def test_median_times_to_verdict(handmade: JusticeDataset) -> None:
    result = compute_funnel(handmade, FunnelSpec())
    victims = [
        D("2022-06-15") - D("2021-02-01"),  # V1
        D("2022-06-15") - D("2021-03-10"),  # V2
        D("2023-03-01") - D("2021-05-05"),  # V3 (the acquittal is the first verdict)
        D("2023-03-01") - D("2021-06-01"),  # V4
        D("2023-01-15") - D("2022-05-01"),  # V11 (withdrawn)
    ]
    assert result.identification_to_verdict.n == 5
    assert result.identification_to_verdict.median == statistics.median(d.days for d in victims)
    suspects = [
        D("2022-06-15") - D("2021-03-01"),  # D1
        D("2023-03-01") - D("2021-06-15"),  # D3
        D("2023-03-01") - D("2021-06-15"),  # D4
        D("2023-01-15") - D("2022-05-10"),  # D9
    ]
    assert result.first_contact_to_verdict.n == 4
    assert result.first_contact_to_verdict.median == statistics.median(d.days for d in suspects)


def test_compensation_ordered_and_paid(handmade: JusticeDataset) -> None:
    totals = {c.currency: c for c in compute_funnel(handmade, FunnelSpec()).compensation}
    gbp, eur = totals["GBP"], totals["EUR"]
    assert (gbp.orders, gbp.victims, gbp.ordered, gbp.paid) == (2, 2, Decimal(15000), Decimal(5000))
    assert (gbp.fully_paid, gbp.without_payment, gbp.overdue) == (0, 1, None)
    assert (eur.orders, eur.ordered, eur.paid, eur.fully_paid) == (
        1,
        Decimal(3000),
        Decimal(3000),
        1,
    )
    dated = compute_funnel(handmade, FunnelSpec(as_of=D("2023-06-30"), unpaid_after_days=180))
    late = {c.currency: c.overdue for c in dated.compensation}
    assert late == {"GBP": 2, "EUR": 0}
    before = compute_funnel(handmade, FunnelSpec(as_of=D("2022-12-31")))
    (gbp_2022,) = before.compensation
    assert gbp_2022.paid == Decimal(2500)  # the second payment is of January 2023
    assert compute_funnel(handmade, FunnelSpec(year=2022)).compensation == ()


def test_filters_by_sex_form_citizenship_and_agency(handmade: JusticeDataset) -> None:
    female = compute_funnel(handmade, FunnelSpec(sex=ReportedSex.female))
    # V1, V2, V6, V7, V9 (transgender feminine), V10; suspects D2, D4, D7.
    assert stages(female) == ([6, 4, 2, 2], [3, 1, 1])
    sexual = compute_funnel(handmade, FunnelSpec(form=GlotipForm.sexual_exploitation))
    assert stages(sexual)[0] == [4, 3, 1, 1]  # V1, V7, V9, V10 (V2 counts as pornography)
    nationals = compute_funnel(
        handmade, FunnelSpec(citizenship=CitizenshipGroup.national, reporting_country="GB")
    )
    assert stages(nationals) == ([4, 4, 3, 2], [2, 2, 1])  # V2, V4, V8, V11; D3, D9
    lab = compute_funnel(handmade, FunnelSpec(agency_id="A2", offences=ALL))
    assert stages(lab)[0] == [4, 4, 3, 2]  # identified by A2: V3, V4, V5, V11


def test_breakdowns_add_up_to_the_funnel(handmade: JusticeDataset) -> None:
    spec = FunnelSpec(reporting_country="GB")
    whole = compute_funnel(handmade, spec)
    for by in Dimension:
        breakdown = attrition_by(handmade, spec, by=by)
        for stage in (*VictimStage, *SuspectStage):
            assert sum(r.count(stage) for _, r in breakdown.groups) == whole.count(stage), (
                by,
                stage,
            )
    by_year = dict(attrition_by(handmade, spec, by=Dimension.year).groups)
    assert sorted(by_year) == ["2021", "2022"]
    assert stages(by_year["2021"]) == ([8, 5, 4, 4], [5, 3, 3])
    by_sex = attrition_by(handmade, spec, by=Dimension.sex)
    assert [g for g, _ in by_sex.groups] == ["female", "male", "other"]  # funnel order of sexes
    assert by_sex.to_json()["groups"][0]["victims"][0] == {"stage": "identified", "count": 6}


def test_bad_specifications_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="offences needs at least one offence"):
        FunnelSpec(offences=frozenset())
    with pytest.raises(ValidationFailed, match="reporting_country"):
        FunnelSpec(citizenship=CitizenshipGroup.national)
    with pytest.raises(ValidationFailed, match="year"):
        FunnelSpec(year=20)
    with pytest.raises(ValidationFailed):
        attrition_by(JusticeDataset(), FunnelSpec(), by=Dimension.citizenship)


def test_an_empty_dataset_has_an_empty_funnel() -> None:
    result = compute_funnel(JusticeDataset(), FunnelSpec())
    assert stages(result) == ([0, 0, 0, 0], [0, 0, 0])
    assert result.identification_to_verdict.median is None
