"""``palermo report attrition|glotip``: the justice pillar's reports, read from the store,
added to the ``palermo report`` group of ``palermo.cli.report``.

* ``palermo report attrition [--year Y] [--json]``: the attrition funnel of the national
  records (victims identified in Y and suspects first named in Y, followed to today);
  ``--json`` prints ``{"victims": [{"stage": ..., "count": N}, ...], "suspects": [...],
  ...}`` with the stages in funnel order.
* ``palermo report glotip [--year Y] --out FILE.xlsx``: UNODC's GLOTIP questionnaire
  tables, one sheet per table with its definition (every year when no year is given).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import open_store
from palermo.store.actor import Actor

SYSTEM = Actor.system("report")


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed(
            msg("{field} is not a date.", field="--as-of"),
            problems=[FieldProblem("as_of", msg("use YYYY-MM-DD"), value=text)],
        ) from None


def attrition_command(
    year: int | None = typer.Option(None, help="Cohort year (victims identified, suspects named)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Records up to this day (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """The attrition funnel: identified victims to convictions, suspects to convicted."""
    from palermo.justice.services.reporting import attrition, attrition_json

    store = open_store()
    with store.session() as session:
        report = attrition(
            session,
            actor=SYSTEM,
            year=year,
            as_of=_day(as_of),
            breakdowns=False,
        )
    payload = attrition_json(report.national)
    if as_json:
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    console = Console()
    for key, title in (("victims", "Victims"), ("suspects", "Suspects")):
        table = Table(title=f"{title}, {year or 'every year'} (records up to {report.as_of})")
        table.add_column("stage")
        table.add_column("persons", justify="right")
        for row in payload[key]:
            table.add_row(row["stage"], str(row["count"]))
        console.print(table)
    for row in payload["drop_out"]:
        console.print(f"  dropped out at {row['stage']}: {row['reason']} ({row['count']})")


def glotip_command(
    out: Path = typer.Option(..., "--out", help="The workbook to write (.xlsx)."),
    year: int | None = typer.Option(None, help="Reporting year (every year when none)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Records up to this day (YYYY-MM-DD)."),
    locale: str = typer.Option("en", help="Language of titles and definitions: en or fr."),
    country: str | None = typer.Option(None, help="Reporting country (ISO alpha-2)."),
) -> None:
    """UNODC's GLOTIP questionnaire tables as an XLSX workbook with their definitions."""
    from palermo.justice.services.reporting import write_glotip

    store = open_store()
    with store.session() as session:
        path, result = write_glotip(
            session,
            actor=SYSTEM,
            path=out,
            year=year,
            as_of=_day(as_of),
            locale=locale,
            country=country,
        )
    typer.echo(f"Wrote {len(result.tables)} tables to {path}.")
    for table in result.tables:
        typer.echo(f"  {table.key}: {table.total}")


def register(app: typer.Typer) -> None:
    """Add the commands to ``palermo report`` (``app`` gets that group from cli.report)."""
    from palermo.cli.report import report_app

    report_app.command("attrition")(attrition_command)
    report_app.command("glotip")(glotip_command)
