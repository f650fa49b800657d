"""The one counting function: records without a linkage run, persons with one."""

from __future__ import annotations

from datetime import date

import polars as pl

from palermo.stats.counting import PersonKeys, count, persons
from palermo.stats.records import SCHEMA


def _records(rows: list[dict]) -> pl.DataFrame:
    base = {name: None for name in SCHEMA}
    lists = [n for n, t in SCHEMA.items() if isinstance(t, pl.List)]
    filled = [{**base, **{n: [] for n in lists}, **row} for row in rows]
    return pl.DataFrame(filled, schema=SCHEMA)


RECORDS = _records(
    [
        # One person seen by agencies 1 and 2 (cases 1, 2), recorded a little differently.
        {"case_id": 1, "agency_id": 1, "year": 2023, "identified_on": date(2023, 5, 1),
         "gender": "Feminine", "forms": ["ForcedLabour"]},
        {"case_id": 2, "agency_id": 2, "year": 2024, "identified_on": date(2024, 1, 9),
         "gender": "Feminine", "forms": ["SexualExploitation"]},
        {"case_id": 3, "agency_id": 1, "year": 2024, "identified_on": date(2024, 2, 2),
         "gender": "Masculine", "forms": []},
        {"case_id": 4, "agency_id": 2, "year": 2024, "identified_on": date(2024, 3, 3),
         "gender": None, "forms": ["ForcedLabour"]},
    ]
)  # fmt: skip
KEYS = PersonKeys("run-7", {1: "p1", 2: "p1", 3: "p2"})  # case 4 is not in the run


def test_without_a_run_every_record_counts_and_says_so() -> None:
    counted = count(RECORDS, by=["gender"])
    assert counted.total == 4
    assert counted.unit.code == "records"
    assert "not persons" in counted.unit.label
    assert dict(counted.frame.iter_rows()) == {"Feminine": 2, "Masculine": 1, None: 1}


def test_with_a_run_a_person_counts_once_in_their_first_year() -> None:
    counted = count(RECORDS, by=["year"], person_keys=KEYS)
    assert counted.unit.code == "persons" and "run-7" in counted.unit.label
    assert counted.total == 3  # p1, p2, and case 4 standing alone
    assert dict(counted.frame.iter_rows()) == {2023: 1, 2024: 2}


def test_a_person_holds_every_form_any_record_holds() -> None:
    people = persons(RECORDS, person_keys=KEYS)
    p1 = people.filter(pl.col("_person") == "p1")
    assert p1["forms"].to_list() == [["ForcedLabour", "SexualExploitation"]]
    counted = count(RECORDS, by=["forms"], person_keys=KEYS)
    # p1 under both forms, case 4 under forced labour, p2 under "none recorded".
    assert dict(counted.frame.iter_rows()) == {
        "ForcedLabour": 2,
        "SexualExploitation": 1,
        None: 1,
    }


def test_within_an_agency_a_person_counts_once_per_agency() -> None:
    counted = count(RECORDS, by=["agency_id"], person_keys=KEYS, within=["agency_id"])
    assert dict(counted.frame.iter_rows()) == {1: 2, 2: 2}
    assert counted.total == 4  # person-agency pairs; the national total is 3
