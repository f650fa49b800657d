"""The encoding schema: published JSON, validated on load, fingerprinted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from palermo.errors import ValidationFailed
from palermo.linkage.pprl import default_spec, load_spec, parse_spec


def test_default_schema_round_trips_through_json_with_the_same_fingerprint(tmp_path: Path) -> None:
    spec = default_spec()
    path = tmp_path / "schema.json"
    path.write_text(spec.to_json())
    loaded = load_spec(path)
    assert loaded == spec
    assert loaded.fingerprint == spec.fingerprint
    # Layout and key order do not matter; content does.
    shuffled = dict(reversed(list(json.loads(spec.to_json()).items())))
    assert parse_spec(shuffled).fingerprint == spec.fingerprint
    changed = json.loads(spec.to_json())
    changed["fields"][0]["k"] += 1
    assert parse_spec(changed).fingerprint != spec.fingerprint


def test_default_is_hardened_and_unhardened_variant_is_labelled() -> None:
    assert default_spec().hardening.method == "diffusion"
    plain = default_spec(hardened=False)
    assert plain.hardening.method == "none"
    assert "attack" in plain.note


def test_every_problem_of_a_bad_schema_is_listed() -> None:
    data = json.loads(default_spec().to_json())
    data["bits"] = 1000
    data["hardening"] = {"method": "diffusion", "t": 0, "output_bits": 1024}
    data["fields"][0]["kind"] = "surname"
    data["fields"][1]["name"] = data["fields"][2]["name"]
    data["fields"][3]["colour"] = "blue"
    data["extra"] = 1
    with pytest.raises(ValidationFailed) as caught:
        parse_spec(data)
    fields = {p.field for p in caught.value.problems}
    assert {
        "bits",
        "hardening.t",
        "fields[0].kind",
        "fields",
        "fields[3].colour",
        "extra",
    } <= fields
    assert "power of two" in caught.value.message


def test_wrong_version_and_format_are_refused() -> None:
    data = json.loads(default_spec().to_json())
    data["version"] = 2
    with pytest.raises(ValidationFailed, match="version"):
        parse_spec(data)
    with pytest.raises(ValidationFailed, match="JSON object"):
        parse_spec([1, 2])


def test_unreadable_schema_file_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text("{ not json")
    with pytest.raises(ValidationFailed, match="not valid JSON"):
        load_spec(path)
    with pytest.raises(ValidationFailed, match="Cannot read"):
        load_spec(tmp_path / "missing.json")
