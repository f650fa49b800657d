"""The instruments shipped as data: faithful to the reference material, complete."""

from __future__ import annotations

import re
from pathlib import Path

from palermo.screening import FACT_NAMES, OUTCOME_GUIDANCE, OUTCOME_LABELS, instrument_versions
from palermo.screening import questions as form_questions
from palermo.screening.instruments import (
    DATA,
    delphi_rows,
    fact_vocabulary,
    ilo_delphi,
    ilo_forced_labour,
    palermo_protocol,
    smuggling_protocol,
)


def _facts_md_codes(shared_reference: Path) -> dict[str, list[str]]:
    text = (shared_reference / "screening" / "FACTS.md").read_text("utf-8")
    text = text.split("## Fields", 1)[1].split("\n## ", 1)[0]
    codes = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 4 and cells[1].startswith("`") and cells[1].endswith("`"):
            field = cells[1].strip("`")
            found = re.findall(r"`([^`]+)`", cells[3] if cells[2] == "list" else cells[2])
            codes[field] = [c for c in found if c != "null"]
    return codes


def test_fact_codes_are_those_of_facts_md(shared_reference: Path) -> None:
    reference = _facts_md_codes(shared_reference)
    assert set(reference) == set(FACT_NAMES)
    specs = fact_vocabulary().by_name()
    for name, codes in reference.items():
        if specs[name].kind in ("list", "choice"):
            assert list(specs[name].codes) == codes, name


def test_delphi_csv_is_an_unchanged_copy_with_verified_no(shared_reference: Path) -> None:
    shipped = (DATA / "ilo_delphi_labour_indicators.csv").read_bytes()
    original = (shared_reference / "screening" / "ilo_delphi_labour_indicators.csv").read_bytes()
    assert shipped == original
    rows = delphi_rows()
    assert rows and {r["verified"] for r in rows} == {"no"}
    assert {r["list"] for r in rows} == {"adult_labour", "child_labour"}  # no invented lists
    assert "verified=no" in instrument_versions()["ilo_delphi_labour"]


def test_every_fact_mapping_points_at_a_real_indicator() -> None:
    delphi = ilo_delphi()
    import yaml

    raw = yaml.safe_load((DATA / "ilo_delphi.yaml").read_text("utf-8"))
    for fact, codes in raw["fact_indicators"].items():
        for code, keys in codes.items():
            for dim, text in keys:
                assert (dim, text) in delphi.adult.strength or (dim, text) in delphi.child.strength
            if fact != "free_to_leave":
                assert code in fact_vocabulary().by_name()[fact].codes


def test_dimension_rule() -> None:
    from palermo.screening.indicators import positive

    adult = ilo_delphi().adult.strength
    by_strength: dict[tuple[int, str], list] = {}
    for key, strength in adult.items():
        by_strength.setdefault((key[0], strength), []).append(key)
    strong, medium = by_strength[(1, "strong")], by_strength[(1, "medium")]
    weak = by_strength[(1, "weak")]
    assert not positive("adult", frozenset(strong))
    assert positive("adult", frozenset(strong + medium[:1]))
    assert positive("adult", frozenset(strong + weak))
    assert not positive("adult", frozenset(medium[:2]))
    assert positive("adult", frozenset(medium[:3]))
    assert positive("adult", frozenset(medium[:2] + weak))
    assert not positive("adult", frozenset(medium[:1] + weak))


def test_every_means_code_satisfies_a_palermo_means() -> None:
    protocol = palermo_protocol()
    specs = fact_vocabulary().by_name()
    for fact in ("deceived_about", "recruitment_coercion", "vulnerabilities", "control"):
        covered = set().union(*(m.satisfied_by.get(fact, set()) for m in protocol.means))
        assert covered == set(specs[fact].codes), fact
    purposes = set().union(*(p.exploitation for p in protocol.purposes))
    assert purposes == set(specs["exploitation"].codes)
    assert set(protocol.acts) == set(specs["acts"].codes)
    assert protocol.child_age_limit == 18
    assert {
        "forced_marriage",
        "forced_begging",
        "forced_criminality",
        "child_soldiering",
    } <= protocol.practitioners_forms


def test_eleven_forced_labour_indicators_cover_every_control_code() -> None:
    instrument = ilo_forced_labour()
    assert len(instrument.indicators) == 11
    mapped = set().union(*(i.control for i in instrument.indicators))
    assert mapped == set(fact_vocabulary().by_name()["control"].codes)


def test_smuggling_criteria() -> None:
    required = [c.key for c in smuggling_protocol().criteria if c.required]
    assert required == ["procured_irregular_entry", "financial_or_material_benefit", "consent"]


def test_versions_and_provenance_everywhere() -> None:
    versions = instrument_versions()
    assert set(versions) == {
        "screening_facts",
        "palermo_protocol",
        "smuggling_protocol",
        "ilo_delphi_labour",
        "ilo_forced_labour_11",
        "labour_exploitation",
        "screening_rules",
    }
    assert all(versions.values())
    for name in (
        "facts.yaml",
        "palermo_protocol.yaml",
        "smuggling_protocol.yaml",
        "ilo_delphi.yaml",
        "ilo_forced_labour.yaml",
        "labour_exploitation.yaml",
    ):
        text = (DATA / name).read_text("utf-8")
        assert "provenance:" in text and "version:" in text


def test_questions_cover_every_fact_in_english_and_french() -> None:
    groups = form_questions()
    facts = [q.fact for g in groups for q in g.questions]
    assert sorted(facts) == sorted(FACT_NAMES)
    assert [g.id for g in groups] == ["person", "act", "means", "purpose", "movement"]
    for group in groups:
        assert group.title["en"] and group.title["fr"]
        for q in group.questions:
            assert q.kind in ("bool", "list", "int", "choice")
            assert q.text["en"] and q.text["fr"] and q.text["en"] != q.text["fr"]
            assert bool(q.choices) == (q.kind in ("list", "choice"))
            for choice in q.choices:
                assert choice.label["en"] and choice.label["fr"]
            assert q.to_dict()["fact"] == q.fact


def test_no_wording_says_not_a_victim() -> None:
    texts = [
        t
        for labels in (OUTCOME_LABELS, OUTCOME_GUIDANCE)
        for d in labels.values()
        for t in d.values()
    ]
    texts += [p.read_text("utf-8") for p in DATA.iterdir() if p.name.endswith(".yaml")]
    for text in texts:
        assert "not a victim" not in text.lower()
        assert "pas une victime" not in text.lower()
