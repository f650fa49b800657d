"""Every code the simulator writes is a valid HTCDS v2.0 code."""

from __future__ import annotations

import csv

import polars as pl
import pycountry

from palermo.simulate.codes import COUNTRY_CULTURE, ORIGINS, PICKLIST_COLUMNS, TRANSIT


def _htcds_picklists(shared_reference) -> dict[str, set[str]]:
    path = shared_reference / "htcds" / "htcds_field_standards_2.0.csv"
    out: dict[str, set[str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["Field Name including Prefix"]
            values = row["Value Names (if picklist)"]
            if name and values and not values.startswith("Use "):
                out[name] = {v.strip() for v in values.splitlines() if v.strip()}
    return out


def test_code_tables_match_the_standard(shared_reference):
    standard = _htcds_picklists(shared_reference)
    for column, codes in PICKLIST_COLUMNS.items():
        assert set(codes) <= standard[column], column


def test_records_use_only_standard_codes(world_20k, shared_reference):
    standard = _htcds_picklists(shared_reference)
    records = world_20k["records"]
    for column in records.columns:
        if column not in standard:
            continue
        values = records[column]
        if values.dtype == pl.List(pl.String):
            values = values.explode()
        seen = set(values.drop_nulls().unique().to_list())
        assert seen <= standard[column], (column, seen - standard[column])
    roles = set(world_20k["perpetrators"]["per_RoleInProcess"].explode().unique().to_list())
    assert roles <= standard["per_RoleInProcess"]


def test_countries_are_iso_alpha2(world_20k):
    countries = set(COUNTRY_CULTURE) | set(ORIGINS)
    countries |= {c for options in TRANSIT.values() for c in options}
    records = world_20k["records"]
    countries |= set(records["prs_Citizenship"].explode().drop_nulls().to_list())
    for column in ("hte_Country__Recruitment", "hte_Country__Transit", "hte_Country__Exploitation"):
        countries |= set(records[column].drop_nulls().to_list())
    for code in countries:
        assert pycountry.countries.get(alpha_2=code) is not None, code
    assert all(origin in COUNTRY_CULTURE for o in ORIGINS.values() for origin in o)
