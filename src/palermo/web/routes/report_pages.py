"""The Protect report of an agency, as a page and as JSON."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from palermo import clock
from palermo.cases.work.report_tables import report_tables, tables_csv, tables_xlsx
from palermo.cases.work.reports import protect_report
from palermo.web.deps import ActorDep, CallerDep, SessionDep
from palermo.web.errors import ERROR_RESPONSES, locale_of
from palermo.web.forms.values import parse_date
from palermo.web.rendering import render_page
from palermo.web.schemas.protect_json import ProtectReportOut

router = APIRouter()


def _period(date_from: str | None, date_to: str | None) -> tuple[date, date]:
    """The period asked for; by default the 90 days up to today."""
    to = parse_date(date_to, "to") or clock.today()
    start = parse_date(date_from, "from") or to - timedelta(days=89)
    return start, to


@router.get("/reports", include_in_schema=False)
def reports_page(
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> Response:
    start, end = _period(date_from, date_to)
    report = protect_report(session, date_from=start, date_to=end, actor=caller.actor)
    tables = report_tables(report, locale=locale_of(request))
    return render_page(request, "reports/protect.html", report=report, tables=tables)


@router.get("/reports/protect.{extension}", include_in_schema=False)
def report_export(
    extension: str,
    request: Request,
    caller: CallerDep,
    session: SessionDep,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> Response:
    """The report's tables as CSV or XLSX, with the labels of the reader's language."""
    start, end = _period(date_from, date_to)
    report = protect_report(session, date_from=start, date_to=end, actor=caller.actor)
    tables = report_tables(report, locale=locale_of(request))
    period = f"{start.isoformat()} / {end.isoformat()}"
    name = f"protect-report-{start.isoformat()}-{end.isoformat()}"
    if extension == "xlsx":
        return Response(
            tables_xlsx(tables, period=period),
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    if extension != "csv":
        return Response(status_code=404)
    return Response(
        tables_csv(tables, period=period),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.get(
    "/api/reports/protect",
    tags=["api"],
    response_model=ProtectReportOut,
    responses=ERROR_RESPONSES,
)
def api_report(
    actor: ActorDep,
    session: SessionDep,
    date_from: str | None = Query(None, alias="from", description="YYYY-MM-DD"),
    date_to: str | None = Query(None, alias="to", description="YYYY-MM-DD"),
) -> ProtectReportOut:
    """The Protect report of your agency for the period (default: the last 90 days)."""
    start, end = _period(date_from, date_to)
    report = protect_report(session, date_from=start, date_to=end, actor=actor)
    return ProtectReportOut.model_validate(asdict(report))
