"""Ground truth, dependence between lists and noise of the simulated world."""

from __future__ import annotations

import itertools

import numpy as np
import polars as pl
import pytest

from palermo.errors import ValidationFailed
from palermo.simulate import (
    RECORD_COLUMNS,
    WorldSpec,
    agencies,
    iter_agency_records,
    iter_world,
    overlap_table,
)
from palermo.simulate.scripts import renderings


def test_records_have_the_documented_columns(world_20k):
    assert tuple(world_20k["records"].columns) == RECORD_COLUMNS


def test_every_record_maps_to_a_true_person(world_20k):
    records, truth, persons = world_20k["records"], world_20k["truth"], world_20k["persons"]
    assert persons.height == 20_000
    assert persons["person_id"].n_unique() == 20_000
    assert truth.height == records.height
    assert truth["record_id"].to_list() == records["record_id"].to_list()
    assert records["record_id"].n_unique() == records.height
    assert truth["person_id"].is_in(persons["person_id"].implode()).all()
    assert truth["person_id"].null_count() == 0


def test_overlap_table_matches_capture_patterns():
    spec = WorldSpec(victims=3_000, agencies=4, seed=5, chunk_size=1_000)
    chunks = list(iter_world(spec))
    truth = pl.concat([c.truth for c in chunks])
    ids = [a.agency_id for a in agencies(spec)]
    table = overlap_table(truth, ids, true_total=spec.victims)
    expected: dict[str, int] = {}
    for chunk in chunks:
        for pattern, count in chunk.patterns.items():
            expected[pattern] = expected.get(pattern, 0) + count
    assert dict(zip(table["pattern"], table["victims"], strict=True)) == expected
    assert table["victims"].sum() == spec.victims


def _odds_ratio(table: pl.DataFrame, i: int, j: int) -> float:
    cells = np.zeros((2, 2))
    for pattern, victims in table.iter_rows():
        cells[int(pattern[i]), int(pattern[j])] += victims
    return (cells[1, 1] * cells[0, 0]) / max(cells[1, 0] * cells[0, 1], 1.0)


def test_lists_are_positively_dependent(world_20k):
    spec_ids = sorted(world_20k["truth"]["agency_id"].unique().to_list())
    table = overlap_table(world_20k["truth"], spec_ids, true_total=20_000)
    ratios = [_odds_ratio(table, i, j) for i, j in itertools.combinations(range(6), 2)]
    assert _odds_ratio(table, 0, 1) > 1.5  # police and outreach NGO
    assert np.median(ratios) > 1.2
    # Not everyone is found: there is a hidden figure to estimate.
    assert 0 < table.filter(pl.col("pattern") == "000000")["victims"].item() < 20_000


def test_agencies_find_the_victims_they_are_built_for(world_20k):
    joined = world_20k["truth"].join(world_20k["persons"], on="person_id", maintain_order="left")
    share = (
        joined.group_by("agency_id")
        .agg(
            (pl.col("exploitation_kind") == "labour").mean().alias("labour"),
            (pl.col("prs_Gender") == "Feminine").mean().alias("female"),
            (pl.col("hte_Country__Recruitment") != pl.col("hte_Country__Exploitation"))
            .mean()
            .alias("cross"),
        )
        .sort("agency_id")
    )
    row = {r["agency_id"]: r for r in share.iter_rows(named=True)}
    assert row["A03"]["labour"] > 0.6  # labour inspectorate
    assert row["A04"]["female"] > 0.75  # shelter
    assert row["A05"]["cross"] == 1.0  # border police


def test_names_and_dates_are_noisy_at_about_the_configured_rates(world_20k):
    true = world_20k["persons"].select(pl.all().name.suffix("_true"))
    joined = world_20k["truth"].join(
        true, left_on="person_id", right_on="person_id_true", maintain_order="left"
    )
    records = world_20k["records"]
    n = records.height
    differs = (records["prs_FirstName"] != joined["prs_FirstName_true"]).fill_null(True).mean()
    assert 0.05 < differs < 0.6
    swapped = (records["prs_FirstName"] == joined["prs_SecondName_true"]).fill_null(False).sum()
    assert swapped > 0
    missing = records["prs_Birthdate"].null_count() / n
    assert 0.05 < missing < 0.25
    year_only = (records["prs_Birthdate"].str.len_chars() == 4).sum() / n
    assert 0.03 < year_only < 0.2
    exact = (records["prs_Birthdate"] == joined["prs_Birthdate_true"]).fill_null(False).mean()
    assert 0.5 < exact < 0.95
    doc_wrong = (records["prs_IdentityNumber"] != joined["prs_IdentityNumber_true"]).sum()
    assert doc_wrong > 0
    assert records["prs_FirstName"].str.contains("[А-Яа-яІіЇїЄє]").any()  # Cyrillic script
    assert records["prs_FirstName"].str.contains("[\u0600-\u06ff]").any()  # Arabic script


def test_no_noise_gives_true_names():
    from palermo.simulate.spec import NoiseSpec

    quiet = NoiseSpec(**{k: 0.0 for k in NoiseSpec.__dataclass_fields__})
    spec = WorldSpec(victims=2_000, agencies=3, seed=1, noise=quiet, duplicate_rate=0.0)
    chunk = next(iter_world(spec))
    joined = chunk.truth.join(chunk.persons, on="person_id", maintain_order="left")
    assert (chunk.records["prs_FirstName"] == joined["prs_FirstName"]).all()
    assert (chunk.records["prs_Birthdate"] == joined["prs_Birthdate"]).all()


def test_dict_records_carry_lists_and_no_truth():
    spec = WorldSpec(victims=500, agencies=2, seed=3)
    batch = next(iter_agency_records(spec))
    assert "person_id" not in batch[0]
    assert isinstance(batch[0]["vic_TypeOfExploitation"], list)
    labelled = next(iter_agency_records(spec, include_person_id=True))
    assert labelled[0]["person_id"].startswith("P")


def test_cyrillic_names_have_several_latin_spellings():
    spellings = renderings("Шевченко", "cyrillic_uk")
    assert spellings[0] == "Shevchenko"
    assert {"Schewtschenko", "Ševčenko", "Шевченко"} <= set(spellings)


def test_regional_preset_spreads_agencies_over_countries():
    spec = WorldSpec(victims=1_000, agencies=6, preset="regional")
    assert {a.country for a in agencies(spec)} == {"GB", "ES", "TH"}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"victims": 0},
        {"agencies": 0},
        {"preset": "galaxy"},
        {"countries": ("XX",)},
        {"years": (2024, 2019)},
    ],
)
def test_bad_spec_is_refused_with_a_clear_message(kwargs):
    with pytest.raises(ValidationFailed) as err:
        WorldSpec(**kwargs)
    assert err.value.problems and err.value.hint
