"""The SDG 16.2.2 report as an XLSX workbook or a standalone, printable HTML page.

Both say the same: what was counted (persons or records), how (exact with the small-cell
rule, or differentially private with margins), the rates by sex and age band and by
form, and the GLOTIP justice tables when they are given. Files are written under a
temporary name and moved into place, so a failed write leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Font

from palermo.errors import ValidationFailed
from palermo.i18n import msg, render, translations
from palermo.stats.labels import label
from palermo.stats.sdg_report import SdgReport

FORMATS = (".xlsx", ".html")


def _atomic(path: Path, write: Callable[[Path], object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return path


def _rows(report: SdgReport, locale: str) -> list[dict[str, Any]]:
    def sex(code: str) -> str:
        words = {"total": msg("Total"), "female": msg("Female"), "male": msg("Male")}
        return render(words[code], locale)

    out = []
    for row in report.rates.iter_rows(named=True):
        out.append(
            {
                "sex": sex(row["sex"]),
                "age": label("age_band", row["ageBroad"], locale)
                if row["ageBroad"]
                else render(msg("All ages"), locale),
                "form": label("type_of_exploitation", row["form"], locale)
                if row["form"]
                else render(msg("All forms"), locale),
                "victims": row["victims"],
                "margin": row["margin"],
                "population": row["population"],
                "rate": row["per_100k"],
                "rate_margin": row["per_100k_margin"],
            }
        )
    return out


def _about(report: SdgReport, locale: str) -> list[tuple[str, str]]:
    _ = translations(locale).gettext
    lines = [
        (_("Indicator"), _("SDG 16.2.2: victims of trafficking detected per 100,000 population")),
        (_("Country"), label("country", report.country, locale)),
        (_("Year"), str(report.year)),
        (_("What is counted"), render(report.unit.label, locale)),
        (_("Method"), render(report.method, locale)),
        (_("Population"), f"{report.population_total:,.0f}"),
    ]
    if report.rule:
        lines.append((_("Small counts"), render(report.rule, locale)))
    if report.justice is None:
        lines.append((_("Justice tables"), render(_NO_JUSTICE, locale)))
    return lines


_NO_JUSTICE = msg(
    "Not included: the justice records (investigations, prosecutions, convictions) are not "
    "in this installation's store yet."
)


def write_xlsx(report: SdgReport, path: Path, *, locale: str = "en") -> Path:
    _ = translations(locale).gettext

    def write(target: Path) -> None:
        book = Workbook()
        about = book.active
        assert about is not None
        about.title = _("About")[:31]
        for name, value in _about(report, locale):
            about.append([name, value])
        about.column_dimensions["A"].width = 24
        about.column_dimensions["B"].width = 90
        sheet = book.create_sheet("SDG 16.2.2")
        header = [_("Sex"), _("Age band"), _("Form of exploitation"), _("Victims"),
                  _("Margin (95%)"), _("Population"), _("Per 100,000"),
                  _("Margin per 100,000")]  # fmt: skip
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in _rows(report, locale):
            sheet.append(list(row.values()))
        if report.justice is not None:
            for table in report.justice.tables:
                js = book.create_sheet(table.key[:31])
                js.append([table.title])
                js.append([table.definition])
                js.append([table.row_title, *table.column_labels, _("Total")])
                for r in table.rows:
                    js.append([r.label, *r.counts, r.total])
                js.append([_("Total"), *table.column_totals, table.total])
        book.save(target)

    return _atomic(path, write)


def write_html(report: SdgReport, path: Path, *, locale: str = "en") -> Path:
    env = Environment(
        loader=PackageLoader("palermo.stats", "templates"), autoescape=select_autoescape()
    )
    env.globals["_"] = translations(locale).gettext
    page = env.get_template("sdg_report.html").render(
        report=report, about=_about(report, locale), rows=_rows(report, locale), locale=locale
    )
    return _atomic(path, lambda target: target.write_text(page, encoding="utf-8"))


def write_report(report: SdgReport, path: Path, *, locale: str = "en") -> Path:
    """Write ``path`` as XLSX or HTML, by its suffix."""
    if path.suffix.lower() == ".xlsx":
        return write_xlsx(report, path, locale=locale)
    if path.suffix.lower() in (".html", ".htm"):
        return write_html(report, path, locale=locale)
    raise ValidationFailed(
        msg("Cannot write a report as {suffix!r}.", suffix=path.suffix),
        hint=msg("Name the output FILE.xlsx or FILE.html."),
    )
