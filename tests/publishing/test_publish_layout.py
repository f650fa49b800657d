"""Records to CTDC rows: one row per person, values only from known domains."""

from __future__ import annotations

import polars as pl
import pytest

from palermo.errors import ValidationFailed
from palermo.publishing import Layout, ctdc_rows, validate_frame
from palermo.vocab import get_list

from .conftest import YEARS


def _record(person: str, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "person_id": person,
        "plm_IdentificationYear": 2021,
        "prs_Gender": "Feminine",
        "vic_AgeWhenTrafficked": 16,
        "prs_Citizenship": ["RO"],
        "hte_Country__Exploitation": "GB",
        "vic_RelationshipToTrafficker": "Acquainted",
        "vic_ForcedLabourIndustry": None,
        "vic_TypeOfExploitation": ["SexualExploitation"],
        "vic_MethodsOfControl": ["DebtBondage"],
        "vic_TypeOfSexExploitation": None,
        "vic_MethodOfRecruitment": None,
    }
    base.update(fields)
    return base


def test_one_row_per_true_person(world_records: pl.DataFrame, persons: pl.DataFrame) -> None:
    assert persons.height == world_records["person_id"].n_unique()
    assert world_records.height > persons.height  # several agencies hold the same person
    assert persons.columns == list(Layout(YEARS).names)
    assert "person_id" not in persons.columns


def test_records_of_one_person_merge() -> None:
    records = pl.DataFrame(
        [
            _record("P1", plm_IdentificationYear=2022, vic_MethodsOfControl=["FalsePromises"]),
            _record("P1", vic_MethodsOfControl=["DebtBondage"], prs_Gender="Masculine"),
            _record("P1", vic_TypeOfExploitation=["ForcedLabour"]),
            _record("P2", prs_Gender=None, vic_AgeWhenTrafficked=None, vic_MethodsOfControl=None),
        ]
    )
    rows = ctdc_rows(records, person_key="person_id", layout=Layout(YEARS)).to_dicts()
    one, two = rows
    assert one["yearOfRegistration"] == "2021"  # the first identification
    assert one["gender"] == "Feminine"  # two records of three say so
    assert one["ageBroad"] == "9-17"
    assert (one["meansOfControlDebtBondage"], one["meansOfControlFalsePromises"]) == ("1", "1")
    assert (one["isSexualExploitation"], one["isForcedLabour"]) == ("1", "1")
    assert one["meansOfControlPhysicalAbuse"] == "0"
    assert (two["gender"], two["ageBroad"], two["meansOfControlDebtBondage"]) == ("", "", "0")


def test_semicolon_lists_as_in_files_read_the_same() -> None:
    as_lists = pl.DataFrame([_record("P1", vic_MethodsOfControl=["DebtBondage", "TakesEarnings"])])
    as_text = as_lists.with_columns(
        pl.col(c).list.join(";")
        for c in ("prs_Citizenship", "vic_TypeOfExploitation", "vic_MethodsOfControl")
    )
    layout = Layout(YEARS)
    assert ctdc_rows(as_text, person_key="person_id", layout=layout).equals(
        ctdc_rows(as_lists, person_key="person_id", layout=layout)
    )


def test_unknown_code_is_refused() -> None:
    records = pl.DataFrame([_record("P1", vic_MethodsOfControl=["Hypnosis"])])
    with pytest.raises(ValidationFailed, match="Hypnosis"):
        ctdc_rows(records, person_key="person_id", layout=Layout(YEARS))


def test_year_outside_the_stated_range_is_refused_with_its_row(persons: pl.DataFrame) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_frame(persons, Layout((2019, 2024)))
    problem = caught.value.problems[0]
    assert problem.field == "yearOfRegistration" and problem.row is not None
    assert problem.value in {"2018", "2025"}


def test_domains_come_from_the_vocabulary_not_the_data(persons: pl.DataFrame) -> None:
    layout = Layout(YEARS)
    countries = [m.code for m in get_list("country")]
    assert layout.column("citizenship").categories == (*countries, "")
    assert persons["citizenship"].n_unique() < 40  # the data holds far fewer
    assert layout.column("isOrganRemoval").categories == ("0", "1")
    assert persons["isOrganRemoval"].unique().to_list() == ["0"]
