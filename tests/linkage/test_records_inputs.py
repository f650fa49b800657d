"""Reading agency files: missing columns allowed, bad files refused with row and field."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from palermo.errors import ValidationFailed
from palermo.linkage.records import cluster_pairs, contradicts, read_records, records_frame
from palermo.linkage.records.features import prepare_features


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_files_link_columns_and_file_name_as_agency(tmp_path: Path) -> None:
    a = _write(tmp_path / "shelter.csv", "record_id,prs_FirstName\nS1,Олена\nS2,\n")
    frame = read_records([a])
    assert frame["agency_id"].to_list() == ["shelter", "shelter"]
    assert frame["prs_SecondName"].null_count() == 2  # missing optional column
    features = prepare_features(frame)
    assert features["gl"].to_list() == ["olena", None]


def test_bad_files_are_refused_with_row_and_field(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="no 'record_id' column"):
        read_records([_write(tmp_path / "a.csv", "id,prs_FirstName\n1,A\n")])
    dup = _write(tmp_path / "b.csv", "record_id,prs_FirstName\nX1,A\nX2,B\nX1,C\n")
    with pytest.raises(ValidationFailed) as found:
        read_records([dup])
    assert {(p.field, p.row) for p in found.value.problems} >= {("record_id", 4)}
    bad = _write(tmp_path / "c.csv", "record_id,prs_Birthdate\nC1,1990-01-02\nC2,soon\n")
    with pytest.raises(ValidationFailed) as dated:
        prepare_features(read_records([bad]))
    [problem] = dated.value.problems
    assert (problem.field, problem.row, problem.value) == ("prs_Birthdate", 3, "soon")
    with pytest.raises(ValidationFailed, match="unknown file type"):
        read_records([_write(tmp_path / "d.txt", "x")])
    with pytest.raises(ValidationFailed, match="cannot be read"):
        read_records([_write(tmp_path / "e.parquet", "not parquet")])


def test_records_from_a_list_of_dicts_like_a_database_export() -> None:
    frame = records_frame(
        [
            {"record_id": "1", "agency_id": "A", "prs_FirstName": "Ana", "prs_Birthdate": None},
            {"record_id": "2", "agency_id": "B", "prs_FirstName": "Ana", "prs_Birthdate": "1990"},
        ]
    )
    assert frame.height == 2 and prepare_features(frame)["birth_y"].to_list() == [None, 1990]


def test_contradictions_within_one_agency() -> None:
    assert contradicts(("1990-03-04", 1990, None), ("1970-03-04", 1970, None))
    assert not contradicts(("1990-03-04", 1990, None), ("1990-04-03", 1990, None))  # swapped
    assert not contradicts(("1990-03-04", 1990, None), ("1991-03-04", 1991, None))  # a year off
    assert not contradicts((None, 1990, None), ("1990-03-04", 1990, None))  # partial
    assert contradicts((None, None, "AB1234567"), (None, None, "CD7654321"))
    assert not contradicts((None, None, "AB1234567"), (None, None, "AB1234576"))  # one typo


def test_agency_rule_splits_a_chain_of_namesakes_but_keeps_a_duplicate() -> None:
    nodes = pl.DataFrame(
        {
            "unique_id": ["a1", "b1", "a2", "a3"],
            "agency_id": ["A", "B", "A", "A"],
            "dob": ["1990-05-06", None, "1971-01-01", "1990-05-06"],
            "birth_y": [1990, None, 1971, 1990],
            "doc": [None, None, None, None],
        }
    )
    pairs = pl.DataFrame(
        {
            "unique_id_l": ["a1", "b1", "a1"],
            "unique_id_r": ["b1", "a2", "a3"],
            "match_probability": [0.99, 0.95, 0.97],
        }
    )
    found = cluster_pairs(nodes, pairs, 0.9)
    label = dict(found.labels.iter_rows())
    assert label["a1"] == label["b1"] == label["a3"]  # a3 is a1's duplicate entry
    assert label["a2"] != label["a1"]  # a2 contradicts a1 at the same agency
    assert found.components_split == 1 and found.merges_refused == 1
