"""The packaged vocabulary against IOM's HTCDS v2.0 field standard itself."""

from __future__ import annotations

import csv
import filecmp
from pathlib import Path

import pytest

from palermo.vocab import HTCDS_FIELD_LISTS, get_list, list_info, list_names
from palermo.vocab.build import build, list_name_for, split_cell

HTCDS_CSV = Path("htcds") / "htcds_field_standards_2.0.csv"


def _htcds_picklists(reference: Path) -> dict[str, list[tuple[str, str]]]:
    """Field -> [(code, English label)], read here independently of palermo.vocab.build."""
    with (reference / HTCDS_CSV).open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        names = row["Value Names (if picklist)"]
        labels = row["Value Labels (if picklist)"]
        if not names.strip() or "ISO " in names:
            continue
        codes = [c.strip() for c in names.splitlines() if c.strip()]
        texts = [t.replace("\xa0", " ").strip() for t in labels.splitlines() if t.strip()]
        found[row["Field Name including Prefix"]] = list(zip(codes, texts, strict=True))
    return found


def test_every_htcds_picklist_value_is_in_the_vocabulary(shared_reference: Path) -> None:
    picklists = _htcds_picklists(shared_reference)
    assert len(picklists) >= 20  # the parse above really found the picklists
    missing = []
    for field, values in picklists.items():
        enum = get_list(HTCDS_FIELD_LISTS[field])
        for code, label in values:
            member = enum._value2member_map_.get(code)
            if member is None or member.label("en") != label or member.extension:
                missing.append(f"{field}:{code}")
    assert missing == []


def test_iso_fields_point_at_iso_lists() -> None:
    assert HTCDS_FIELD_LISTS["prs_Citizenship"] == "country"
    assert HTCDS_FIELD_LISTS["prs_PrimaryLanguage"] == "language"
    assert list_info("country").source == "iso3166"
    assert list_info("language").source == "iso639"


def test_packaged_data_is_what_the_generator_makes(shared_reference: Path, tmp_path: Path) -> None:
    n_lists, n_values = build(shared_reference / HTCDS_CSV, tmp_path)
    data = Path(__file__).parents[2] / "src" / "palermo" / "vocab" / "data"
    for name in ("htcds_lists.csv", "htcds_fields.csv"):
        assert filecmp.cmp(tmp_path / name, data / name, shallow=False), f"regenerate {name}"
    assert n_lists == 19 and n_values == 164


def test_deprecated_htcds_list_is_kept_and_marked() -> None:
    assert list_info("vulnerabilities").deprecated
    assert all(member.deprecated for member in get_list("vulnerabilities"))
    assert not list_info("methods_of_control").deprecated
    assert not any(member.deprecated for member in get_list("methods_of_control"))


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("vic_MethodsOfControl", "methods_of_control"),
        ("vic_TypeOfSexExploitation", "type_of_sex_exploitation"),
        ("cas_Status", "case_status"),
        ("spl_Type", "support_plan_type"),
        ("org_Type", "agency_type"),
        ("cas_ReasonForOutgoingReferral", "referral_reason"),
    ],
)
def test_list_names_follow_the_documented_rule(field: str, name: str) -> None:
    assert list_name_for(field) == name
    assert HTCDS_FIELD_LISTS[field] == name


def test_cells_split_on_lines_or_semicolons_but_labels_keep_their_semicolons() -> None:
    assert split_cell("A\nB \n\n") == ["A", "B"]
    assert split_cell("A; B;C") == ["A", "B", "C"]
    assert split_cell("Water supply; sewerage\nOther", separator="\n") == [
        "Water supply; sewerage",
        "Other",
    ]


def test_trailing_blank_in_an_htcds_code_is_not_kept() -> None:
    # HTCDS writes "DebtBondage " with a trailing space; the code must not carry it.
    control = get_list("methods_of_control")
    assert control.debt_bondage.code == "DebtBondage"
    assert control.parse("DebtBondage ") is control.debt_bondage


def test_every_value_has_a_french_label() -> None:
    untranslated = []
    for name in list_names():
        if name == "language":
            continue  # checked on a sample in test_vocab_iso: iso-codes lacks some names
        for member in get_list(name):
            french = member.label("fr")
            if not french.strip():
                untranslated.append(f"{name}:{member.code}")
    assert untranslated == []


def test_french_labels_are_translations_not_copies() -> None:
    # Some labels are the same in both languages (Police, Transit, brand names), but
    # most are not: a file that copied English would pass a non-empty check alone.
    htcds_members = [m for n in list_names() if list_info(n).source == "htcds" for m in get_list(n)]
    same = [m for m in htcds_members if m.label("fr") == m.label("en")]
    assert len(same) < len(htcds_members) * 0.25
    assert get_list("type_of_exploitation").parse("ForcedLabour").label("fr") == "Travail forcé"
