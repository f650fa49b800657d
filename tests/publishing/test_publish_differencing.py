"""Two exact, small-count-suppressed releases give away a person's row; two DP releases do not.

The scenario: a table is published, then published again after one more person was
registered (the target). The attacker knows the target's sex and age band, knows they
were added, and wants their form of exploitation; they take the cell that rose most.

Criterion, fixed in advance: with the target's form drawn evenly from K candidates,
any attacker facing epsilon-DP releases names it with probability at most exp(eps) / K
(the second release is the only one that depends on the target). Over R trials the
observed rate exceeds that bound by more than sqrt(ln(1e9) / 2R) with probability under
1e-9 (Hoeffding), so the test fails by chance less than once in a billion runs. The
data and the targets are fixed by seeds; only OpenDP's noise, which cannot be seeded,
varies between runs. Against exact releases the attack succeeds every time.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from palermo.publishing import (
    TablesSpec,
    differencing_attack,
    exact_suppressed_table,
    guessing_bound,
    release_tables,
)
from palermo.publishing.layout import Layout, flag_columns

from .conftest import YEARS

DIMS = ("gender", "ageBroad", "form")
TRIALS = 120


def _with_form(template: dict[str, str], form: str) -> pl.DataFrame:
    row = dict(template)
    for col in flag_columns(Layout(YEARS), "form"):
        row[col.name] = "1" if col.code == form else "0"
    return pl.DataFrame([row])


@pytest.fixture(scope="module")
def setting(persons: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, str], list[str]]:
    year = persons.filter(pl.col("yearOfRegistration") == "2021")
    template = year.filter((pl.col("gender") == "Feminine") & (pl.col("ageBroad") == "9-17"))
    exact = exact_suppressed_table(year, dims=DIMS, years=YEARS, k=11)
    shown = exact.filter(
        (pl.col("gender") == "Feminine")
        & (pl.col("ageBroad") == "9-17")
        & pl.col("count").is_not_null()
    )
    candidates = [f for f in shown["form"].to_list() if f]
    assert len(candidates) >= 4
    return year, template.row(0, named=True), candidates


def test_exact_suppressed_releases_give_the_full_row_away(persons: pl.DataFrame) -> None:
    year = persons.filter(pl.col("yearOfRegistration") == "2021").with_row_index()
    dims = ("gender", "ageBroad", "form", "citizenship")
    forms = flag_columns(Layout(YEARS), "form")
    after = exact_suppressed_table(year, dims=dims, years=YEARS, k=11)
    shown = set(after.drop_nulls("count").select(dims).iter_rows())
    # The target: the first person with one form whose cell is published (k = 11 or more).
    target = next(
        row
        for row in year.iter_rows(named=True)
        if sum(row[c.name] == "1" for c in forms) == 1
        and (row["gender"], row["ageBroad"], _form(row), row["citizenship"]) in shown
    )
    before = exact_suppressed_table(
        year.filter(pl.col("index") != target["index"]), dims=dims, years=YEARS, k=11
    )
    found = differencing_attack(before, after, dims=dims)
    assert found == {
        "gender": target["gender"],
        "ageBroad": target["ageBroad"],
        "form": _form(target),
        "citizenship": target["citizenship"],
    }


def _form(row: dict[str, str]) -> str:
    return next(c.code or "" for c in flag_columns(Layout(YEARS), "form") if row[c.name] == "1")


def test_differencing_exact_always_wins_dp_stays_under_its_bound(
    setting: tuple[pl.DataFrame, dict[str, str], list[str]],
) -> None:
    year, template, candidates = setting
    epsilon = 1.0
    spec = TablesSpec(year=2021, epsilon=epsilon, years=YEARS, tables=(DIMS,))
    exact_before = exact_suppressed_table(year, dims=DIMS, years=YEARS, k=11)
    exact_wins = dp_wins = 0
    for trial in range(TRIALS):
        form = candidates[trial % len(candidates)]
        grown = pl.concat([year, _with_form(template, form)])
        exact_after = exact_suppressed_table(grown, dims=DIMS, years=YEARS, k=11)
        exact_wins += differencing_attack(exact_before, exact_after, dims=DIMS)["form"] == form

        def view(frame: pl.DataFrame) -> pl.DataFrame:
            table = release_tables(frame, spec).tables[0].frame
            mask = (pl.col("gender") == "Feminine") & (pl.col("ageBroad") == "9-17")
            return table.filter(mask & pl.col("form").is_in(candidates))

        dp_wins += differencing_attack(view(year), view(grown), dims=DIMS)["form"] == form
    assert exact_wins == TRIALS
    margin = math.sqrt(math.log(1e9) / (2 * TRIALS))
    assert dp_wins / TRIALS <= guessing_bound(epsilon, len(candidates)) + margin
