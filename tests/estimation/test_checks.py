"""Existence and identifiability verdicts, warnings and input formats."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from palermo.errors import ValidationFailed
from palermo.estimation import (
    Check,
    EstimateSpec,
    Model,
    check,
    estimate,
    estimate_strata,
    read_capture_data,
    read_table,
)
from palermo.estimation.design import parse_term


@pytest.fixture()
def artificial(shared_reference: Path):
    return read_capture_data(shared_reference / "mse" / "Artificial_3.csv")


@pytest.mark.parametrize(
    ("terms", "verdict"),
    [
        (("A:B",), Check.NOT_EXIST),
        (("A:B", "A:C", "B:C"), Check.NOT_IDENTIFIABLE),
        (("A:C", "B:C"), Check.OK),
    ],
)
def test_artificial_3_verdicts(artificial, terms, verdict) -> None:
    model = Model.of(parse_term(t, artificial.list_names) for t in terms)
    assert check(artificial.counts, 3, model) == verdict


def test_fixed_model_that_does_not_exist_gives_no_number(artificial) -> None:
    res = estimate(artificial, EstimateSpec(method="fixed", model=("A:B",)))
    assert res.estimate is None
    assert any(w.code == "not-exist" and w.blocking for w in res.warnings)


def test_non_identifiable_model_is_refused(artificial) -> None:
    res = estimate(artificial, EstimateSpec(method="fixed", model=("A:B", "A:C", "B:C")))
    assert res.estimate is None
    assert any(w.code == "not-identifiable" for w in res.warnings)


def test_stepwise_skips_models_that_fail_the_checks(artificial) -> None:
    res = estimate(artificial, EstimateSpec(method="stepwise", threshold=0.5))
    assert res.estimate is not None
    assert "A:B" not in res.model


def test_no_overlap_is_a_blocking_warning() -> None:
    data = read_capture_data(io.StringIO("A,B,C,count\n1,0,0,10\n0,1,0,5\n0,0,1,7\n"))
    res = estimate(data)
    assert res.estimate is None
    assert [w.code for w in res.warnings] == ["no-overlap"]


def test_sparse_table_warns(shared_reference: Path) -> None:
    data = read_capture_data(shared_reference / "mse" / "NewOrl.csv")
    codes = {w.code for w in estimate(data).warnings}
    assert {"sparse", "never-overlap"} <= codes


def test_wide_format_errors_name_row_and_field() -> None:
    with pytest.raises(ValidationFailed) as exc:
        read_capture_data(io.StringIO("A,B,count\n1,0,3\n1,2,4\n"))
    assert exc.value.problems[0].row == 3
    assert exc.value.problems[0].field == "B"
    with pytest.raises(ValidationFailed, match="whole number"):
        read_capture_data(io.StringIO("A,B,count\n1,1,x\n"))


def test_long_format_equals_wide_and_stratifies() -> None:
    people = []
    wide = {"1,0": 40, "0,1": 30, "1,1": 12}
    for key, n in wide.items():
        lists = ";".join(
            name for name, f in zip(("police", "ngo"), key.split(","), strict=True) if f == "1"
        )
        for i in range(n):
            people.append(f"{len(people)},{lists},{'F' if i % 3 else 'M'}")
    table = read_table(io.StringIO("person_id,lists,sex\n" + "\n".join(people) + "\n"))
    assert table.strata_columns == ("sex",)
    pooled = table.capture_data()
    assert pooled.observed == 82
    wide_data = read_capture_data(io.StringIO("ngo,police,count\n0,1,40\n1,0,30\n1,1,12\n"))
    assert estimate(pooled, EstimateSpec(method="main")).estimate == pytest.approx(
        estimate(wide_data, EstimateSpec(method="main")).estimate
    )
    strat = estimate_strata(table, "sex", EstimateSpec(method="main"))
    assert [s.label for s in strat.strata] == ["sex=F", "sex=M"]
    assert sum(s.result.observed for s in strat.strata) == 82
    assert all(s.result.ratio and s.result.ratio > 1 for s in strat.strata)
    with pytest.raises(ValidationFailed, match="No stratum column"):
        estimate_strata(table, "year")


def test_bootstrap_is_reproducible(shared_reference: Path) -> None:
    data = read_capture_data(shared_reference / "mse" / "Western.csv")
    spec = EstimateSpec(ci="bca", boot=50, seed=7)
    a, b = estimate(data, spec), estimate(data, spec)
    assert (a.lower, a.upper) == (b.lower, b.upper)
    c = estimate(data, EstimateSpec(ci="bca", boot=50, seed=8))
    assert (a.lower, a.upper) != (c.lower, c.upper)


def test_library_does_not_import_store_or_web() -> None:
    code = (
        "import sys, palermo.estimation, palermo.estimation.report\n"
        "bad = [m for m in sys.modules if m.startswith(('palermo.store', 'palermo.web'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
