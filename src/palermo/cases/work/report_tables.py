"""The Protect report as tables people read: labels in the reader's language instead of
codes, and the same tables written to CSV and XLSX."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from palermo.cases.work.reports import ProtectReport, ReferralStats
from palermo.i18n import msg, render
from palermo.vocab import ServiceType


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[object]]


def _t(text: str, locale: str) -> str:
    return render(text, locale) or text


def _service_label(code: str, locale: str) -> str:
    try:
        return ServiceType.parse(code).label(locale)
    except Exception:  # an old code still shows, as itself
        return code


def _referrals(title: str, stats: ReferralStats, locale: str) -> Table:
    rate = None if stats.acceptance_rate is None else round(stats.acceptance_rate * 100, 1)
    rows: list[list[object]] = [
        [_t(msg("Referrals"), locale), stats.sent],
        [_t(msg("Answered"), locale), stats.answered],
        [_t(msg("Accepted"), locale), stats.accepted],
        [_t(msg("Rejected"), locale), stats.rejected],
        [_t(msg("Acceptance rate (%)"), locale), rate],
        [_t(msg("Median days to answer"), locale), stats.time_to_answer.median],
        [_t(msg("Waiting for an answer"), locale), stats.waiting],
        [_t(msg("Revoked before any answer"), locale), stats.revoked_unanswered],
    ]
    return Table(title, [_t(msg("Measure"), locale), _t(msg("Value"), locale)], rows)


def report_tables(report: ProtectReport, *, locale: str) -> list[Table]:
    services = Table(
        _t(msg("Services planned and delivered, by type"), locale),
        [
            _t(msg("Service"), locale),
            _t(msg("Planned"), locale),
            _t(msg("Delivered"), locale),
            _t(msg("Delivered by us"), locale),
        ],
        [
            [_service_label(s.service_type, locale), s.planned, s.delivered, s.delivered_by_us]
            for s in sorted(report.services, key=lambda s: _service_label(s.service_type, locale))
        ],
    )
    t = report.time_to_first_service
    first = Table(
        _t(msg("Time from identification to first service"), locale),
        [_t(msg("Measure"), locale), _t(msg("Value"), locale)],
        [
            [_t(msg("Cases identified in the period with a service"), locale), t.n],
            [_t(msg("Median days"), locale), t.median],
            [_t(msg("90th percentile, days"), locale), t.p90],
            [_t(msg("Cases with no service yet"), locale), t.without],
        ],
    )
    return [
        services,
        first,
        _referrals(_t(msg("Referrals sent"), locale), report.referrals_sent, locale),
        _referrals(_t(msg("Referrals received"), locale), report.referrals_received, locale),
    ]


def tables_csv(tables: list[Table], *, period: str) -> str:
    """One CSV: each table under its title, a blank line between tables."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([period])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(["" if v is None else v for v in row] for row in table.rows)
    return out.getvalue()


def tables_xlsx(tables: list[Table], *, period: str) -> bytes:
    """One workbook, a sheet per table (titles cut to Excel's 31 characters)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for i, table in enumerate(tables, start=1):
        sheet = book.create_sheet(f"{i} {table.title}"[:31])
        sheet.append([table.title])
        sheet.append([period])
        sheet.append(table.headers)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
