"""Write the GLOTIP questionnaire tables to an XLSX workbook (openpyxl) or to JSON.

The workbook has an *About* sheet (reporting country, year, offences, date of the
records) and one sheet per table: its title, its definition, then the table with a
*Total* column and a *Total* row. The file is written beside its destination and moved
into place only once complete, so a failure never leaves half a workbook behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from palermo.errors import PalermoError
from palermo.justice.glotip import GlotipResult, GlotipTable

TOTAL = {"en": "Total", "fr": "Total"}
_ABOUT = {
    "en": ("About", "UNODC GLOTIP questionnaire tables, produced by Palermo"),
    "fr": ("À propos", "Tableaux du questionnaire GLOTIP de l'ONUDC, produits par Palermo"),
}
_FIELDS = {
    "en": ("Reporting country", "Year", "Records up to", "Offences counted", "all years", "all"),
    "fr": (
        "Pays déclarant",
        "Année",
        "Données jusqu'au",
        "Infractions retenues",
        "toutes les années",
        "toutes",
    ),
}
# First data row of a table sheet: title, definition and a blank line come first.
HEADER_ROW = 4


def _language(locale: str) -> str:
    language = locale.replace("-", "_").split("_")[0]
    return language if language in TOTAL else "en"


def _about(workbook: Workbook, result: GlotipResult) -> None:
    spec = result.spec
    lang = _language(spec.locale)
    title, heading = _ABOUT[lang]
    country, year, as_of, offences, all_years, everything = _FIELDS[lang]
    sheet = workbook.create_sheet(title=title)
    sheet["A1"] = heading
    sheet["A1"].font = Font(bold=True)
    rows = [
        (country, spec.reporting_country),
        (year, spec.year if spec.year is not None else all_years),
        (as_of, spec.as_of.isoformat() if spec.as_of else everything),
        (offences, ", ".join(sorted(o.label(spec.locale) for o in spec.offences))),
    ]
    for i, (name, value) in enumerate(rows, start=3):
        sheet.cell(row=i, column=1, value=name).font = Font(bold=True)
        sheet.cell(row=i, column=2, value=value)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60


def _table_sheet(workbook: Workbook, table: GlotipTable, locale: str) -> None:
    total = TOTAL[_language(locale)]
    sheet = workbook.create_sheet(title=table.key[:31])
    sheet["A1"] = table.title
    sheet["A1"].font = Font(bold=True)
    sheet["A2"] = table.definition
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    width = len(table.columns) + 2
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    sheet.row_dimensions[2].height = 90
    header = [table.row_title, *table.column_labels, total]
    for col, value in enumerate(header, start=1):
        sheet.cell(row=HEADER_ROW, column=col, value=value).font = Font(bold=True)
    row_index = HEADER_ROW
    for row_index, row in enumerate(table.rows, start=HEADER_ROW + 1):
        sheet.cell(row=row_index, column=1, value=row.label)
        for col, count in enumerate(row.counts, start=2):
            sheet.cell(row=row_index, column=col, value=count)
        sheet.cell(row=row_index, column=width, value=row.total)
    last = row_index + 1
    sheet.cell(row=last, column=1, value=total).font = Font(bold=True)
    for col, count in enumerate((*table.column_totals, table.total), start=2):
        sheet.cell(row=last, column=col, value=count).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    for col in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14


def write_glotip_xlsx(result: GlotipResult, path: Path | str) -> Path:
    """Write ``result`` to ``path`` (.xlsx); returns the path written."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise PalermoError(
            f"The GLOTIP workbook must be an .xlsx file; got {target.name!r}.",
            hint="Give a file name ending in .xlsx.",
        )
    if not target.parent.is_dir():
        raise PalermoError(
            f"The folder {str(target.parent)!r} does not exist.",
            hint="Create it, or give a path in an existing folder.",
        )
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the default sheet; ours are named
    _about(workbook, result)
    for table in result.tables:
        _table_sheet(workbook, table, result.spec.locale)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        workbook.save(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def glotip_json(result: GlotipResult) -> str:
    """The tables as a JSON document (``GlotipResult.to_json`` serialised)."""
    payload: dict[str, Any] = result.to_json()
    return json.dumps(payload, ensure_ascii=False, indent=2)
