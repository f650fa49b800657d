"""Simulated investigations and trials: deterministic, consistent with the world's ground
truth, realistic attrition, and a funnel that never increases from one stage to the next."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palermo.justice import (
    Dimension,
    FunnelSpec,
    GlotipSpec,
    attrition_by,
    compute_funnel,
    glotip_tables,
)
from palermo.justice.caselaw import PersonalIdentifiers, case_law_summary
from palermo.justice.glotip_export import write_glotip_xlsx
from palermo.justice.sherloc import suggest_classification
from palermo.simulate import WorldSpec, iter_world
from palermo.simulate.justice import (
    JusticeSimSpec,
    SimulatedJustice,
    justice_from_chunks,
    simulate_justice,
)
from palermo.vocab.justice import HearingOutcome

WORLD = WorldSpec(victims=3_000, agencies=6, seed=11, chunk_size=1_500)


@pytest.fixture(scope="module")
def world() -> dict[str, pl.DataFrame]:
    chunks = list(iter_world(WORLD))
    return {
        "chunks": chunks,  # type: ignore[dict-item]
        "persons": pl.concat([c.persons for c in chunks]),
        "perpetrators": pl.concat([c.perpetrators for c in chunks]),
        "links": pl.concat([c.links for c in chunks]),
        "truth": pl.concat([c.truth for c in chunks]),
    }


@pytest.fixture(scope="module")
def sim(world: dict) -> SimulatedJustice:
    return justice_from_chunks(world["chunks"], world=WORLD)


def test_deterministic_and_seeded(sim: SimulatedJustice) -> None:
    again = simulate_justice(WORLD)
    assert again.data == sim.data and again.truth == sim.truth
    other = simulate_justice(WORLD, JusticeSimSpec(seed=1))
    assert other.data.investigations != sim.data.investigations
    assert other.data.victims != sim.data.victims  # reporting decisions differ too


def test_records_match_the_ground_truth(sim: SimulatedJustice, world: dict) -> None:
    truth = sim.truth
    assert truth.victims == WORLD.victims
    assert truth.perpetrators == world["perpetrators"].height
    network_of = dict(world["perpetrators"].select("perpetrator_id", "network_id").iter_rows())
    links = world["links"].join(
        world["perpetrators"].select("perpetrator_id", "network_id"), on="perpetrator_id"
    )
    persons_of_network: dict[str, set[str]] = {}
    for person, network in links.select("person_id", "network_id").unique().iter_rows():
        persons_of_network.setdefault(network, set()).add(person)
    identified = set(world["truth"]["person_id"])
    # Each identified person (by the day the records are taken) is one victim reference.
    assert (
        len(set(truth.victim_person.values())) == len(truth.victim_person) == len(sim.data.victims)
    )
    assert set(truth.victim_person.values()) <= identified
    for inv in sim.data.investigations:
        network = truth.investigation_network[inv.investigation_id]
        assert {network_of[truth.suspect_perpetrator[s]] for s in inv.suspect_ids} <= {network}
        assert {truth.victim_person[v] for v in inv.victim_ids} <= persons_of_network[network]


def test_nothing_happens_after_the_records_are_taken(sim: SimulatedJustice) -> None:
    end = sim.as_of
    assert end == date(WORLD.years[1], 12, 31)
    data = sim.data
    assert max(v.identified_on for v in data.victims) <= end
    for inv in data.investigations:
        assert inv.opened_on <= end and (inv.closed_on is None or inv.closed_on <= end)
        assert all(
            c.on <= end and (c.answered_on is None or c.answered_on <= end) for c in inv.cooperation
        )
    for proc in data.proceedings:
        for charge in proc.charges:
            assert charge.charged_on <= end and (
                charge.verdict_on is None or charge.verdict_on <= end
            )
        assert all(h.outcome is None for h in proc.hearings if h.on > end)
        assert all(
            a.lodged_on <= end and (a.decided_on is None or a.decided_on <= end)
            for a in proc.appeals
        )
    for comp in data.compensations:
        assert comp.ordered_on <= end and all(p.paid_on <= end for p in comp.payments)
        assert comp.paid() <= comp.ordered.amount
    assert all(
        c.charged_on <= end and (c.decided_on is None or c.decided_on <= end)
        for c in data.non_punishment
    )


def test_attrition_is_of_the_published_order(sim: SimulatedJustice) -> None:
    funnel = compute_funnel(sim.data, FunnelSpec(as_of=sim.as_of))
    identified, investigated, prosecuted, convicted = (r.count for r in funnel.victims)
    suspects, charged, sentenced = (r.count for r in funnel.suspects)
    # Most identified victims never reach a trial; convictions are few.
    assert 0.25 < investigated / identified < 0.65
    assert 0.08 < prosecuted / identified < 0.30
    assert 0.04 < convicted / identified < 0.20
    assert 0.40 < charged / suspects < 0.85 and 0.45 < sentenced / charged < 0.85
    # Convicted traffickers per 100 identified victims: the TIP Report's 8.5 is the order.
    assert 3 < 100 * sentenced / identified < 15
    reasons = Counter(d.reason.code for d in funnel.drop_out)
    assert {"victim_declined_to_report", "insufficient_evidence"} <= set(reasons)


def test_trials_have_the_texture_of_real_ones(sim: SimulatedJustice) -> None:
    data = sim.data
    hearings = [h for p in data.proceedings for h in p.hearings]
    adjourned = [h for h in hearings if h.outcome is HearingOutcome.adjourned]
    assert 0.2 < len(adjourned) / len(hearings) < 0.5
    assert all(h.adjournment_reason is not None for h in adjourned)
    assert any(p.appeals for p in data.proceedings)
    partly = [c for c in data.compensations if 0 < c.paid() < c.ordered.amount]
    assert partly and any(c.paid() == 0 for c in data.compensations)
    assert any(p.protection and p.testified for p in data.participations)
    outcomes = Counter(c.outcome for c in data.non_punishment)
    assert len(outcomes) >= 4
    assert any(c.article for p in data.proceedings for c in p.charges)  # GB is configured
    assert any(inv.cooperation for inv in data.investigations)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    victims=st.integers(1, 700),
    agencies=st.integers(1, 7),
    seed=st.integers(0, 10_000),
    preset=st.sampled_from(["national", "regional"]),
)
def test_funnel_never_increases(victims: int, agencies: int, seed: int, preset: str) -> None:
    world = WorldSpec(victims=victims, agencies=agencies, seed=seed, preset=preset, chunk_size=400)
    sim = simulate_justice(world)
    spec = FunnelSpec(as_of=sim.as_of, reporting_country=world.destinations[0])
    results = [compute_funnel(sim.data, spec)]
    results += [r for by in Dimension for _, r in attrition_by(sim.data, spec, by=by).groups]
    for result in results:
        for rows in (result.victims, result.suspects):
            counts = [r.count for r in rows]
            assert all(a >= b >= 0 for a, b in zip(counts, counts[1:], strict=False)), counts
    whole = results[0]
    assert whole.victims[0].count == len(sim.data.victims)
    tables = glotip_tables(sim.data, GlotipSpec(world.destinations[0], as_of=sim.as_of))
    assert [
        tables.table(f"{e}_sex_age").total for e in ("investigated", "prosecuted", "convicted")
    ] == [r.count for r in whole.suspects]


def test_glotip_workbook_of_the_simulated_world_agrees_with_the_funnel(
    sim: SimulatedJustice, tmp_path: Path
) -> None:
    path = write_glotip_xlsx(
        glotip_tables(sim.data, GlotipSpec("GB", as_of=sim.as_of)), tmp_path / "g.xlsx"
    )
    book = openpyxl.load_workbook(path, read_only=True)
    total = {
        name: list(book[name].iter_rows(values_only=True))[-1][-1] for name in book.sheetnames[1:]
    }
    funnel = compute_funnel(sim.data, FunnelSpec(as_of=sim.as_of)).to_json()
    assert [
        total["investigated_sex_age"],
        total["prosecuted_sex_age"],
        total["convicted_sex_age"],
    ] == [row["count"] for row in funnel["suspects"]]
    assert total["victims_sex_age"] == total["victims_form_sex"] == funnel["victims"][0]["count"]
    for year in (2020, 2023):
        yearly = glotip_tables(sim.data, GlotipSpec("GB", year=year, as_of=sim.as_of))
        cohort = compute_funnel(sim.data, FunnelSpec(year=year, as_of=sim.as_of))
        assert yearly.table("victims_sex_age").total == cohort.victims[0].count > 0


def test_case_law_summaries_name_nobody(sim: SimulatedJustice, world: dict) -> None:
    data = sim.data
    decided = [
        inv.investigation_id
        for inv in data.investigations
        if any(
            c.verdict
            for p in data.proceedings_of_investigation.get(inv.investigation_id, ())
            for c in p.charges
        )
    ]
    assert len(decided) >= 10
    persons = world["persons"]
    perps = world["perpetrators"]
    names = set(persons["prs_FirstName"]) | set(persons["prs_SecondName"])
    names |= set(perps["prs_FirstName"]) | set(perps["prs_SecondName"])
    births = set(persons["prs_Birthdate"]) | set(perps["prs_Birthdate"])
    documents = {d for d in persons["prs_IdentityNumber"] if d}
    exported: list[str] = []
    values: list[str] = []
    for inv_id in decided[:25]:
        summary = case_law_summary(
            data,
            investigation_id=inv_id,
            country="GB",
            case_reference="R v Defendant",
            facts_summary="The victims were recruited abroad and exploited.",
            classification=suggest_classification(data, investigation_id=inv_id),
            identifiers=PersonalIdentifiers(names=tuple(sorted(n for n in names if n))),
        )
        exported.append(json.dumps(summary.to_json(), ensure_ascii=False))
        values += list(_strings(summary.to_json()))
    text = "\n".join(exported)
    words = {w.casefold() for v in values for w in re.findall(r"\w+", v)}
    assert not {n.casefold() for n in names if n and " " not in n} & words
    assert not any(n in text for n in names if n and " " in n)
    assert not any(b in text for b in births if b and len(b) == 10)
    assert not any(d in text for d in documents)
    assert not any(v in text for v in sim.truth.victim_person)  # nor an internal reference


def _strings(value: object) -> Iterator[str]:
    """Every string anywhere in a JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
