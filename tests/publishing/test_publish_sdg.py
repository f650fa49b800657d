"""SDG 16.2.2: the population file is checked row by row; rates follow from the counts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from palermo.errors import ValidationFailed
from palermo.publishing import SDG_TABLES, TablesSpec, read_population, release_tables
from palermo.publishing.sdg import EXAMPLE, victims_per_100k

from .conftest import YEARS


def test_shipped_example_is_marked_synthetic_and_reads() -> None:
    assert "SYNTHETIC" in EXAMPLE.name
    assert set(pl.read_csv(EXAMPLE, infer_schema=False)["Notes"].unique()) == {
        "SYNTHETIC example for tests - not UN data"
    }
    population = read_population(EXAMPLE, country="GB", year=2021)
    assert population.frame["age"].to_list() == list(range(101))
    bands = population.by_band()
    assert bands["ageBroad"].to_list()[-1] == "48+"
    assert bands["total"].sum() == pytest.approx(population.frame["total"].sum())


def _broken(tmp_path: Path, edit: object) -> Path:
    frame = pl.read_csv(EXAMPLE, infer_schema=False)
    path = tmp_path / "pop.csv"
    edit(frame).write_csv(path)  # type: ignore[operator]
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda f: f.drop("PopFemale"), "lacks the WPP columns PopFemale"),
        (
            lambda f: f.with_columns(
                pl.when(pl.int_range(pl.len()) == 307)
                .then(pl.lit("-3"))
                .otherwise("PopMale")
                .alias("PopMale")
            ),
            "row 309 PopMale",
        ),
        (
            lambda f: f.filter(~((f["Time"] == "2021") & (f["AgeGrpStart"] == "7"))),
            "ages missing: \\[7\\]",
        ),
        (lambda f: pl.concat([f, f.slice(310, 1)]), "age given twice"),
        (lambda f: f.with_columns(pl.lit("XX").alias("ISO2_code")), "not an ISO 3166-1"),
    ],
)
def test_bad_population_files_are_refused(tmp_path: Path, edit: object, message: str) -> None:
    path = _broken(tmp_path, edit)
    with pytest.raises(ValidationFailed, match=message):
        read_population(path, country="GB", year=2021)


def test_rates_per_100k_from_a_dp_release(persons: pl.DataFrame) -> None:
    release = release_tables(
        persons, TablesSpec(year=2021, epsilon=1, years=YEARS, tables=SDG_TABLES)
    )
    population = read_population(EXAMPLE, country="GB", year=2021)
    rates = victims_per_100k(release, population)
    assert set(rates["sex"]) == {"total", "female", "male"}
    shown = rates.drop_nulls("victims")
    assert shown.height > 5
    for row in shown.iter_rows(named=True):
        assert row["per_100k"] == pytest.approx(row["victims"] * 1e5 / row["population"], abs=1e-3)
    assert (
        rates.filter(pl.col("victims").is_null())["per_100k"].null_count()
        == rates["victims"].null_count()
    )
    total = rates.filter(pl.col("sex") == "total").row(0, named=True)
    true = persons.filter(pl.col("yearOfRegistration") == "2021").height
    assert abs(total["victims"] - true) <= total["margin"] * 10
    with pytest.raises(ValidationFailed, match="2022"):
        victims_per_100k(release, read_population(EXAMPLE, country="GB", year=2022))
