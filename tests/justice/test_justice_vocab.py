"""The Prosecute vocabularies and the categories reports derive from recorded values."""

from __future__ import annotations

import re

from palermo.justice.categories import (
    GLOTIP_FORM_OF_HTCDS,
    SEX_OF_GENDER,
    citizenship_group,
    citizenship_row,
    glotip_form,
)
from palermo.vocab import get_list, list_info, list_names
from palermo.vocab.justice import (
    EXPLOITATION_TYPE_EXTENSIONS,
    JUSTICE_LISTS,
    CitizenshipGroup,
    GlotipForm,
    ProceedingStage,
    ProtectionMeasure,
)


def _norm(code: str) -> str:
    return re.sub(r"[^a-z0-9]", "", code.casefold())


def test_every_value_is_an_extension_with_two_real_labels() -> None:
    names = [enum.list_name for enum in JUSTICE_LISTS]
    assert len(set(names)) == len(names)
    assert set(names) <= set(list_names())  # registered
    assert all(get_list(e.list_name) is e for e in JUSTICE_LISTS)  # and no other list took the name
    for enum in JUSTICE_LISTS:
        assert len(enum) >= 2, enum.list_name
        for member in enum:
            assert member.extension, member
            assert member.label("en") and member.label("fr"), member
            assert re.fullmatch(r"[a-z0-9_]+", member.code), member
    same = [m for enum in JUSTICE_LISTS for m in enum if m.label("en") == m.label("fr")]
    # Only words French and English share (Corruption, Transit...) may read alike.
    assert len(same) <= 8, [m.label() for m in same]


def test_no_list_repeats_an_htcds_list() -> None:
    htcds = {
        name: {_norm(m.code) for m in get_list(name)}
        for name in list_names()
        if list_info(name).source == "htcds"
    }
    for enum in JUSTICE_LISTS:
        codes = {_norm(m.code) for m in enum}
        for name, theirs in htcds.items():
            shared = codes & theirs
            assert len(shared) <= len(codes) // 2, (enum.list_name, name, shared)


def test_extension_values_for_htcds_exploitation_are_new_to_it() -> None:
    members = list(get_list("type_of_exploitation"))
    htcds = {_norm(m.code) for m in members if not m.extension}
    added = {m.code: m for m in members if m.extension}
    for _, code, en, fr in EXPLOITATION_TYPE_EXTENSIONS:
        assert _norm(code) not in htcds and en != fr
        assert added[code].label("fr") == fr  # appended to the HTCDS list, marked as Palermo's


def test_stage_order_and_child_measures() -> None:
    assert [s.rank for s in ProceedingStage] == [0, 1, 2, 3, 4]
    assert {m.code for m in ProtectionMeasure if m.for_children} == {
        "child_friendly_interview",
        "single_interview",
        "intermediary",
        "guardian_present",
    }


def test_every_htcds_exploitation_and_gender_code_has_a_category() -> None:
    assert {m.code for m in get_list("type_of_exploitation")} <= set(GLOTIP_FORM_OF_HTCDS)
    assert {m.code for m in get_list("gender")} == set(SEX_OF_GENDER)
    # The two proposed extension values are mapped before they are registered.
    assert {code for _, code, _, _ in EXPLOITATION_TYPE_EXTENSIONS} <= set(GLOTIP_FORM_OF_HTCDS)


def test_form_rules() -> None:
    assert glotip_form([]) is GlotipForm.unknown
    assert glotip_form(["ForcedLabour", "ChildLabour"]) is GlotipForm.forced_labour
    assert glotip_form(["ForcedLabour", "ForcedBegging"]) is GlotipForm.mixed
    assert glotip_form(["SexualExploitation"], ["Pornography"]) is GlotipForm.pornography
    both = ["Pornography", "Prostitution"]
    assert glotip_form(["SexualExploitation"], both) is GlotipForm.sexual_exploitation
    assert glotip_form(["Surrogacy"]) is GlotipForm.other


def test_citizenship_rules() -> None:
    assert citizenship_group(["AL", "GB"], "GB") is CitizenshipGroup.national
    assert citizenship_group(["AL"], "GB") is CitizenshipGroup.foreign
    assert citizenship_group([], "GB") is CitizenshipGroup.unknown
    assert citizenship_row(["AL", "GB"], "GB") == "GB"
    assert citizenship_row(["MD", "RO"], "GB") == "MD"
    assert citizenship_row([], "GB") == "unknown"
