"""DP tables: every cell of the known domain, OpenDP's scale, margins and suppression."""

from __future__ import annotations

import math

import numpy as np
import opendp.prelude as dp
import polars as pl
import pytest

from palermo.errors import ValidationFailed
from palermo.publishing import Layout, TablesSpec, release_tables
from palermo.publishing.encode import cell_indices, dimension
from palermo.vocab import get_list

from .conftest import YEARS

SPEC = dict(year=2021, epsilon=1.0, years=YEARS)


@pytest.fixture(scope="module")
def release(persons: pl.DataFrame) -> object:
    tables = (("gender", "ageBroad"), ("gender", "form"), ("citizenship", "form"))
    return release_tables(persons, TablesSpec(**SPEC, tables=tables))  # type: ignore[arg-type]


def _exact(persons: pl.DataFrame, dims: tuple[str, ...], cap: int = 2) -> list[int]:
    layout = Layout(YEARS)
    year = persons.filter(pl.col("yearOfRegistration") == "2021")
    dimensions = tuple(dimension(layout, d, cap) for d in dims)
    cells, _ = cell_indices(year, layout, dimensions)
    return np.bincount(cells, minlength=math.prod(d.size for d in dimensions)).tolist()


def test_every_cell_of_the_known_domain_is_published(release: object) -> None:
    by_name = {t.name: t for t in release.tables}  # type: ignore[attr-defined]
    table = by_name["citizenship_by_form"].frame
    forms = len(get_list("type_of_exploitation")) + 1  # the HTCDS forms, Palermo's, none recorded
    assert table.height == 250 * forms  # 249 countries + unknown
    # Categories nobody in the data has are rows like any other (never derived from data).
    assert table.filter(pl.col("citizenship") == "TV").height == forms
    assert table.filter(pl.col("form") == "OrganRemoval").height == 250


def test_epsilon_is_split_and_certified_by_opendp(release: object) -> None:
    tables = release.tables  # type: ignore[attr-defined]
    assert release.epsilon_spent == pytest.approx(1.0)  # type: ignore[attr-defined]
    assert all(t.epsilon <= 1 / 3 + 1e-12 for t in tables)
    by_name = {t.name: t for t in tables}
    # form puts a person in up to two cells: twice the noise for the same epsilon
    assert by_name["gender_by_form"].contributions == 2
    assert by_name["gender_by_form"].scale == pytest.approx(2 * by_name["gender_by_ageBroad"].scale)
    margin = dp.discrete_laplacian_scale_to_accuracy(by_name["gender_by_ageBroad"].scale, 0.05)
    assert by_name["gender_by_ageBroad"].margin == pytest.approx(margin)


def test_suppression_rule_and_counts_near_the_truth(persons: pl.DataFrame, release: object) -> None:
    table = {t.name: t for t in release.tables}["gender_by_ageBroad"]  # type: ignore[attr-defined]
    frame = table.frame
    exact = _exact(persons, ("gender", "ageBroad"))
    for row, truth in zip(frame.iter_rows(named=True), exact, strict=True):
        assert row["suppressed"] == (row["count"] is None)
        if row["count"] is not None:
            assert row["count"] >= table.margin
            # |Laplace| > 25 scales has probability e**-25 (1e-11) per cell.
            assert abs(row["count"] - truth) <= 25 * table.scale
    big = [i for i, t in enumerate(exact) if t > table.margin + 25 * table.scale]
    assert big and all(not frame["suppressed"][i] for i in big)
    assert frame["suppressed"].sum() > 0  # the structurally empty genders


def test_bad_release_specs_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="epsilon"):
        TablesSpec(year=2021, epsilon=0, years=YEARS)
    with pytest.raises(ValidationFailed, match="year"):
        TablesSpec(year=2030, epsilon=1, years=YEARS)
