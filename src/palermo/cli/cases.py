"""``palermo cases import`` and ``palermo cases export``: HTCDS files in and out of an agency.

Authority: these commands act for the agency named by ``--agency`` as an
administrator (``Actor`` with that agency's id, role ``admin``, no user). Whoever
has shell access to the server and its keys can read every agency's data anyway;
the CLI does not pretend otherwise, and every case it creates or exports is still
audited under ``system:cases-import`` / ``system:cases-export`` with origin ``cli``.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.errors import FieldProblem, NotFound, PalermoError, ValidationFailed
from palermo.store.actor import Actor

cases_app = typer.Typer(
    help="Import and export cases in the HTCDS shape, as the agency's administrator "
    "(shell access to the server is the authority).",
    no_args_is_help=True,
)

EXIT_OK, EXIT_REJECTED, EXIT_FAILED = 0, 1, 2


def _agency_actor(session: Session, agency: str, job: str) -> Actor:
    """An admin actor of the agency given by id or exact name (shell access is the authority)."""
    from palermo.store.models import Agency

    row = None
    if agency.strip().isdigit():
        row = session.get(Agency, int(agency))
    if row is None:
        row = session.scalar(select(Agency).where(Agency.name == agency.strip()))
    if row is None:
        raise NotFound(f"No agency {agency!r}.", hint="List or add agencies: palermo agencies.")
    return Actor(
        user_id=None, username=f"system:{job}", agency_id=row.id, role="admin", origin="cli"
    )


def _open_private(path: Path) -> TextIO:
    """Exports and error reports hold personal data: owner-only, whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file that was already there keeps its mode on open
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def _write_errors(path: Path, problems: list[FieldProblem]) -> None:
    with _open_private(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "field", "reason", "value"])
        for p in sorted(problems, key=lambda p: p.row or 0):
            writer.writerow([p.row, p.field, p.reason, p.value or ""])


def _fail(console: Console, exc: PalermoError) -> typer.Exit:
    console.print(f"[red]Error:[/red] {exc.message}", highlight=False)
    if exc.hint:
        console.print(exc.hint, highlight=False)
    return typer.Exit(EXIT_FAILED)


@cases_app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="A .csv, .xlsx, .parquet or .json file, HTCDS columns."),
    agency: str = typer.Option(..., "--agency", help="Agency id or exact name to import into."),
    atomic: bool = typer.Option(False, "--atomic", help="Import nothing if any row is bad."),
    errors: Path | None = typer.Option(
        None, "--errors", help="Where to list bad rows (default: FILE's name + .errors.csv)."
    ),
) -> None:
    """Import cases from FILE. Exit 0: all rows imported; 1: some rejected; 2: nothing imported."""
    from palermo.cases.exchange import import_cases, read_rows
    from palermo.store import open_store

    console = Console(stderr=True)
    errors_path = errors or file.with_name(f"{file.stem}.errors.csv")
    try:
        rows = read_rows(file)
        store = open_store()
        with store.session() as session:
            actor = _agency_actor(session, agency, "cases-import")
            with Progress(
                TextColumn("[bold]importing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("rows"),
                TimeElapsedColumn(),
                console=console,
            ) as progress:
                task = progress.add_task("import", total=len(rows))
                report = import_cases(
                    session,
                    rows=rows,
                    actor=actor,
                    atomic=atomic,
                    on_row=lambda: progress.advance(task),
                )
    except ValidationFailed as exc:
        if exc.problems:
            _write_errors(errors_path, exc.problems)
            console.print(f"Bad rows listed in {errors_path}.", highlight=False)
        raise _fail(console, exc) from None
    except PalermoError as exc:
        raise _fail(console, exc) from None
    for warning in report.warnings:
        console.print(f"[yellow]Warning:[/yellow] {warning}", highlight=False)
    typer.echo(
        f"Imported {report.imported} case(s) from {report.rows} row(s); "
        f"{report.rejected} row(s) rejected, {report.blank} blank."
    )
    if report.problems:
        _write_errors(errors_path, list(report.problems))
        typer.echo(f"Bad rows listed in {errors_path}.")
        raise typer.Exit(EXIT_REJECTED)


@cases_app.command("export")
def export_file(
    agency: str = typer.Option(..., "--agency", help="Agency id or exact name to export."),
    output_format: str = typer.Option("csv", "--format", help="csv or json."),
    out: Path = typer.Option(..., "--out", help="File to write."),
) -> None:
    """Export the agency's cases as HTCDS CSV or JSON (each exported case is audited)."""
    from palermo.cases.exchange import export_cases
    from palermo.store import open_store

    console = Console(stderr=True)
    try:
        with open_store().session() as session:
            actor = _agency_actor(session, agency, "cases-export")
            text = export_cases(session, actor=actor, format=output_format.lower())
    except PalermoError as exc:
        raise _fail(console, exc) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    with _open_private(out) as handle:
        handle.write(text)
    typer.echo(f"Wrote {out}.")


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")
