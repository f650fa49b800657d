"""Synthetic CTDC rows by MST keep the joint structure; the utility report measures it."""

from __future__ import annotations

import polars as pl
import pytest

from palermo.errors import ValidationFailed
from palermo.publishing import SyntheticSpec, synthesize, utility_report

from .conftest import YEARS

COLUMNS = (
    "gender",
    "ageBroad",
    "isSexualExploitation",
    "isForcedLabour",
    "isChildLabour",
    "typeOfSexProstitution",
    "meansOfControlSexualAbuse",
)


# Fitting the model compiles it with JAX first: about 15 s on two busy cores.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def synthetic(persons: pl.DataFrame) -> object:
    spec = SyntheticSpec(epsilon=2.0, years=YEARS, columns=COLUMNS, seed=5, iters=300)
    return synthesize(persons, spec)


def test_rows_in_the_layout_and_budget_spent(persons: pl.DataFrame, synthetic: object) -> None:
    frame = synthetic.frame  # type: ignore[attr-defined]
    assert sorted(frame.columns) == sorted(COLUMNS)
    assert abs(frame.height - persons.height) < 0.1 * persons.height  # the noisy total
    assert synthetic.epsilon_spent == pytest.approx(2.0)  # type: ignore[attr-defined]
    # The three forms are one attribute ("form"): a tree over five attributes.
    assert len(synthetic.pairs) == 4  # type: ignore[attr-defined]
    assert any("form" in pair for pair in synthetic.pairs)  # type: ignore[attr-defined]
    assert set(frame["isChildLabour"].unique()) <= {"0", "1"}


def test_joint_structure_survives(persons: pl.DataFrame, synthetic: object) -> None:
    report = utility_report(persons, synthetic.frame, years=YEARS)  # type: ignore[attr-defined]
    assert report.mean_one_way_tvd < 0.05
    assert report.mean_two_way_tvd < 0.06
    by_pair = {(p.a, p.b): p for p in report.pairs}
    # Sexual exploitation and prostitution go together in the data; MST keeps it.
    strong = by_pair[("isSexualExploitation", "typeOfSexProstitution")]
    assert strong.cramers_v_real > 0.5
    assert strong.cramers_v_synthetic > 0.5 * strong.cramers_v_real


def test_forms_that_exclude_each_other_still_do(persons: pl.DataFrame, synthetic: object) -> None:
    report = utility_report(persons, synthetic.frame, years=YEARS)  # type: ignore[attr-defined]
    by_pair = {frozenset((p.a, p.b)): p for p in report.pairs}
    pair = by_pair[frozenset(("isSexualExploitation", "isForcedLabour"))]
    assert pair.cramers_v_real > 0.3  # most persons have one form
    assert abs(pair.cramers_v_synthetic - pair.cramers_v_real) < 0.25 * pair.cramers_v_real
    assert not pair.lost


def test_flags_alone_when_no_family_is_joined(persons: pl.DataFrame) -> None:
    spec = SyntheticSpec(epsilon=2.0, years=YEARS, columns=COLUMNS, seed=5, iters=50, families=())
    result = synthesize(persons, spec)
    assert len(result.pairs) == len(COLUMNS) - 1
    assert sorted(result.frame.columns) == sorted(COLUMNS)


def test_report_sees_a_broken_association(persons: pl.DataFrame) -> None:
    real = persons.select(COLUMNS)
    # Shuffling one column keeps its one-way marginal and destroys its associations.
    shuffled = real.with_columns(pl.col("typeOfSexProstitution").shuffle(seed=1))
    report = utility_report(real, shuffled, years=YEARS)
    assert report.one_way["typeOfSexProstitution"] == pytest.approx(0.0)
    lost = {(p.a, p.b) for p in report.pairs if p.lost}
    assert ("isSexualExploitation", "typeOfSexProstitution") in lost
    assert ("gender", "ageBroad") not in lost
    assert report.to_dict()["pairs_lost"] == len(lost)


def test_bad_specs_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="Epsilon"):
        SyntheticSpec(epsilon=0, years=YEARS)
    with pytest.raises(ValidationFailed, match="flag group nationality"):
        SyntheticSpec(epsilon=1, years=YEARS, families=("nationality",))
    with pytest.raises(ValidationFailed, match="shoeSize"):
        synthesize(pl.DataFrame(), SyntheticSpec(epsilon=1, years=YEARS, columns=("shoeSize",)))
