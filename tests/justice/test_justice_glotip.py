"""GLOTIP questionnaire tables on the hand-made dataset, and their XLSX and JSON forms."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from palermo.errors import PalermoError, ValidationFailed
from palermo.justice import FunnelSpec, GlotipSpec, JusticeDataset, compute_funnel, glotip_tables
from palermo.justice.glotip import GlotipTable
from palermo.justice.glotip_export import HEADER_ROW, glotip_json, write_glotip_xlsx
from palermo.vocab.justice import Offence


def cells(table: GlotipTable) -> dict[tuple[str, str], int]:
    """Non-zero cells as (row code, column code) -> count."""
    return {
        (row.code, col): n
        for row in table.rows
        for col, n in zip(table.columns, row.counts, strict=True)
        if n
    }


def test_victims_detected_in_2021(handmade: JusticeDataset) -> None:
    result = glotip_tables(handmade, GlotipSpec("GB", year=2021))
    # V1 F25, V2 F16, V3 M40, V4 M30, V5 non-conforming age unknown, V6 F17, V7 F35, V10 F19.
    assert cells(result.table("victims_sex_age")) == {
        ("female", "child"): 2,
        ("female", "adult"): 3,
        ("male", "adult"): 2,
        ("other", "unknown"): 1,
    }
    assert cells(result.table("victims_form_sex")) == {
        ("sexual_exploitation", "female"): 3,  # V1, V7, V10
        ("pornography", "female"): 1,  # V2: sexual exploitation, pornography only
        ("forced_labour", "male"): 1,  # V3
        ("forced_labour", "female"): 1,  # V6: servitude
        ("mixed", "male"): 1,  # V4: forced labour and begging
        ("other", "other"): 1,  # V5
    }
    assert cells(result.table("victims_form_age"))[("forced_labour", "child")] == 1  # V6
    by_citizenship = result.table("victims_citizenship")
    assert by_citizenship.rows[0].code == "GB"  # nationals first: V2, and V4 (AL and GB)
    assert cells(by_citizenship) == {
        ("GB", "female"): 1,
        ("GB", "male"): 1,
        ("AL", "male"): 1,
        ("NG", "female"): 1,
        ("RO", "female"): 1,
        ("UA", "female"): 1,
        ("VN", "female"): 1,
        ("unknown", "other"): 1,
    }
    assert by_citizenship.rows[-1].code == "unknown"


def test_persons_investigated_prosecuted_convicted_by_event_year(
    handmade: JusticeDataset,
) -> None:
    y2021 = glotip_tables(handmade, GlotipSpec("GB", year=2021))
    # Investigations opened in 2021 (of trafficking): I1 (D1, D2), I2 (D3, D4), I6 (D8).
    assert cells(y2021.table("investigated_sex_age")) == {
        ("male", "adult"): 3,  # D1, D3, D8
        ("female", "adult"): 1,  # D2
        ("female", "child"): 1,  # D4, 17
    }
    assert cells(y2021.table("investigated_citizenship")) == {
        ("GB", "male"): 1,
        ("RO", "male"): 1,
        ("RO", "female"): 1,
        ("AL", "female"): 1,
        ("UA", "male"): 1,
    }
    assert y2021.table("prosecuted_sex_age").total == 1  # D1, charged September 2021
    assert y2021.table("convicted_sex_age").total == 0
    y2022 = glotip_tables(handmade, GlotipSpec("GB", year=2022))
    assert y2022.table("prosecuted_sex_age").total == 3  # D3, D4 (January), D9 (August)
    assert y2022.table("convicted_sex_age").total == 1  # D1, June 2022
    y2023 = glotip_tables(handmade, GlotipSpec("GB", year=2023))
    # D4 on a plea in March, D3 on appeal in November (D4's later overturning still counts).
    assert cells(y2023.table("convicted_sex_age")) == {("female", "child"): 1, ("male", "adult"): 1}
    assert y2023.table("victims_sex_age").total == 0


def test_tables_of_one_population_have_the_same_total(handmade: JusticeDataset) -> None:
    result = glotip_tables(handmade, GlotipSpec("GB"))
    totals = {t.key: t.total for t in result.tables}
    for event in ("investigated", "prosecuted", "convicted"):
        assert totals[f"{event}_sex_age"] == totals[f"{event}_citizenship"]
    victims = {totals[k] for k in totals if k.startswith("victims")}
    assert victims == {11}


def test_all_years_totals_equal_the_funnel(handmade: JusticeDataset) -> None:
    for offences in (frozenset({Offence.trafficking_in_persons}), frozenset(Offence)):
        for as_of in (None, date(2023, 6, 30)):
            tables = glotip_tables(handmade, GlotipSpec("GB", as_of=as_of, offences=offences))
            funnel = compute_funnel(handmade, FunnelSpec(as_of=as_of, offences=offences))
            assert [
                tables.table(f"{e}_sex_age").total
                for e in ("investigated", "prosecuted", "convicted")
            ] == [r.count for r in funnel.suspects]
            assert tables.table("victims_sex_age").total == funnel.victims[0].count


def test_xlsx_reads_back_with_totals_agreeing_with_the_funnel_json(
    handmade: JusticeDataset, tmp_path: Path
) -> None:
    tables = glotip_tables(handmade, GlotipSpec("GB"))
    path = write_glotip_xlsx(tables, tmp_path / "glotip.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["About", *(t.key for t in tables.tables)]
    funnel = compute_funnel(handmade, FunnelSpec()).to_json()
    grand = {}
    for table in tables.tables:
        rows = list(book[table.key].iter_rows(values_only=True))
        assert rows[0][0] == table.title
        assert rows[1][0] == table.definition  # the definition travels with the table
        header = rows[HEADER_ROW - 1]
        assert header[0] == table.row_title and header[-1] == "Total"
        body = rows[HEADER_ROW:-1]
        assert [r[0] for r in body] == [r.label for r in table.rows]
        total_row = rows[-1]
        assert total_row[0] == "Total"
        # The total row adds up the rows, and the total column the columns, in the file itself.
        assert list(total_row[1:-1]) == [sum(r[i] for r in body) for i in range(1, len(header) - 1)]
        assert total_row[-1] == sum(r[-1] for r in body)
        grand[table.key] = total_row[-1]
    suspects = [row["count"] for row in funnel["suspects"]]
    assert [
        grand["investigated_sex_age"],
        grand["prosecuted_sex_age"],
        grand["convicted_sex_age"],
    ] == suspects
    assert grand["victims_sex_age"] == funnel["victims"][0]["count"] == 11


def test_french_workbook_and_json(handmade: JusticeDataset, tmp_path: Path) -> None:
    tables = glotip_tables(handmade, GlotipSpec("GB", year=2021, locale="fr"))
    path = write_glotip_xlsx(tables, tmp_path / "glotip-fr.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "À propos"
    sheet = book["victims_sex_age"]
    assert sheet["A1"].value == "Victimes détectées, par sexe et groupe d'âge, 2021"
    assert sheet.cell(row=HEADER_ROW, column=2).value == "Enfants (moins de 18 ans)"
    assert sheet.cell(row=HEADER_ROW + 1, column=1).value == "Féminin"
    payload = json.loads(glotip_json(tables))
    victims = next(t for t in payload["tables"] if t["key"] == "victims_sex_age")
    assert victims["total"] == 8
    assert victims["rows"][0]["counts"] == {"child": 2, "adult": 3, "unknown": 0}
    assert payload["spec"] == {
        "reporting_country": "GB",
        "year": 2021,
        "as_of": None,
        "offences": ["child_trafficking", "trafficking_in_persons"],
        "locale": "fr",
    }


def test_a_failed_write_leaves_no_file(handmade: JusticeDataset, tmp_path: Path) -> None:
    tables = glotip_tables(handmade, GlotipSpec("GB"))
    with pytest.raises(PalermoError, match=r"\.xlsx"):
        write_glotip_xlsx(tables, tmp_path / "glotip.csv")
    with pytest.raises(PalermoError, match="does not exist"):
        write_glotip_xlsx(tables, tmp_path / "missing" / "glotip.xlsx")
    target = tmp_path / "locked.xlsx"
    target.mkdir()  # a directory where the file should go: the final move fails
    with pytest.raises(OSError):
        write_glotip_xlsx(tables, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["locked.xlsx"]


def test_bad_specification() -> None:
    with pytest.raises(ValidationFailed, match="reporting_country"):
        GlotipSpec("ZZ")
    with pytest.raises(ValidationFailed, match="offences"):
        GlotipSpec("GB", offences=frozenset())
