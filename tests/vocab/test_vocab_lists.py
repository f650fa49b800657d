"""The public API: lookups, parsing, errors, Palermo's extensions and age bands."""

from __future__ import annotations

import pytest

from palermo.errors import NotFound, UnknownCode, ValidationFailed
from palermo.vocab import AgeBand, UserRole, VocabEnum, age_band, get_list, list_info, list_names


def test_unknown_list_name_is_not_found_and_names_the_lists() -> None:
    with pytest.raises(NotFound) as caught:
        get_list("trafficking_stat")
    assert "trafficking_status" in caught.value.message


def test_unknown_code_lists_the_valid_codes() -> None:
    status = get_list("trafficking_status")
    with pytest.raises(UnknownCode) as caught:
        status.parse("Victim")
    error = caught.value
    assert error.list_name == "trafficking_status"
    assert error.valid == [
        "PossibleVictimOfTrafficking",
        "ActualVictimOfTrafficking",
        "NotAVictimOfTrafficking",
    ]
    assert "PossibleVictimOfTrafficking" in str(error)
    assert error.problems[0].value == "Victim"


def test_unknown_code_in_a_huge_list_names_close_codes_not_thousands() -> None:
    with pytest.raises(UnknownCode) as caught:
        get_list("country").parse("FX")
    assert 0 < len(caught.value.valid) <= 5
    assert "palermo vocab export" in str(caught.value)


def test_parse_accepts_code_member_name_and_other_case() -> None:
    control = get_list("methods_of_control")
    assert control.parse("WithholdsDocuments") is control.withholds_documents
    assert control.parse("withholds_documents") is control.withholds_documents
    assert control.parse("withholdsdocuments") is control.withholds_documents


def test_members_are_strings_with_labels_and_flags() -> None:
    member = get_list("type_of_exploitation").parse("ForcedBegging")
    assert isinstance(member, VocabEnum) and isinstance(member, str)
    assert member == "ForcedBegging" and str(member) == "ForcedBegging"
    assert member.code == "ForcedBegging"
    assert member.label() == "Forced begging"
    assert member.label("fr_CA") == "Mendicité forcée"
    assert member.label("de") == "Forced begging"  # no German: English, never empty
    assert not member.extension and not member.deprecated


def test_agency_type_is_htcds_plus_extensions_without_duplicates() -> None:
    agency = get_list("agency_type")
    assert not agency.parse("NGO").extension
    assert not agency.parse("LawEnforcement").extension
    extensions = {m.name for m in agency if m.extension}
    assert extensions == {
        "police",
        "border_police",
        "court",
        "prosecutor",
        "labour_inspectorate",
        "shelter",
        "hotline",
        "international_organisation",
    }
    # "ngo" is HTCDS's NGO, not a second value.
    assert agency.parse("ngo") is agency.parse("NGO")
    assert len({m.code.casefold() for m in agency}) == len(agency)
    assert list_info("organisation_type") == list_info("agency_type")


def test_palermo_lists_are_all_extension() -> None:
    for name in list_names():
        if list_info(name).source == "palermo":
            assert all(member.extension for member in get_list(name)), name
    assert [role.code for role in UserRole] == [
        "admin",
        "supervisor",
        "caseworker",
        "investigator",
        "analyst",
        "trial_monitor",
        "national_coordinator",
    ]


def test_lists_htcds_already_has_are_not_duplicated() -> None:
    assert [m.code for m in get_list("event_stage")] == ["Recruitment", "Transit", "Exploitation"]
    assert list_info("event_stage").source == "htcds"
    assert list_info("case_status").source == "htcds"
    isic = get_list("isic_section")
    assert isic is get_list("forced_labour_industry")
    assert len(isic) == 21
    assert isic.parse("A").code == "A_AgricultureForestryAndFishing"
    assert isic.parse("U").code == "U_ActivitiesOfExtraterritorialOrganizations"


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0-8"),
        (8, "0-8"),
        (9, "9-17"),
        (17, "9-17"),
        (18, "18-20"),
        (20, "18-20"),
        (21, "21-23"),
        (29, "27-29"),
        (30, "30-38"),
        (38, "30-38"),
        (39, "39-47"),
        (47, "39-47"),
        (48, "48+"),
        (97, "48+"),
    ],
)
def test_age_band_boundaries(age: int, band: str) -> None:
    assert age_band(age) is AgeBand(band)


@pytest.mark.parametrize("age", [-1, -30, 12.5, True, "12"])
def test_age_band_refuses_what_is_not_an_age(age: object) -> None:
    with pytest.raises(ValidationFailed):
        age_band(age)  # type: ignore[arg-type]


def test_age_bands_are_contiguous() -> None:
    bands = list(AgeBand)
    for lower, upper in zip(bands, bands[1:], strict=False):
        assert lower.maximum is not None and lower.maximum + 1 == upper.minimum
    assert bands[-1].maximum is None
