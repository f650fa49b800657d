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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.errors import FieldProblem, NotFound, PalermoError, ValidationFailed
from palermo.store.actor import Actor

if TYPE_CHECKING:
    from palermo.cases.exchange import ImportReport, PossibleDuplicate

cases_app = typer.Typer(
    help="Import and export cases in the HTCDS shape, as the agency's administrator "
    "(shell access to the server is the authority).",
    no_args_is_help=True,
)

# Exit codes of `palermo cases import` (README, "Importing cases"): 0 every row imported
# and nothing to review; 1 some rows not imported (rejected, or the import stopped part
# way), the rest kept; 2 nothing imported; 3 every row imported, with warnings to review
# (possible duplicates, unknown columns skipped).
EXIT_OK, EXIT_REJECTED, EXIT_FAILED, EXIT_WARNED = 0, 1, 2, 3
SHOWN = 5  # warnings printed in full; the errors file lists them all


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


def _write_errors(
    path: Path, problems: list[FieldProblem], duplicates: Sequence[PossibleDuplicate] = ()
) -> None:
    lines = [(p.row or 0, "error", p.field, p.reason, p.value or "") for p in problems]
    for d in duplicates:
        other = d.of_case or (f"row {d.of_row}" if d.of_row else "")
        lines.append((d.row, "warning", "duplicate", d.reason, other))
    with _open_private(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "field", "reason", "value", "severity"])
        for row, severity, field, reason, value in sorted(lines, key=lambda line: line[0]):
            writer.writerow([row, field, reason, value, severity])


def _fail(console: Console, exc: PalermoError, code: int = EXIT_FAILED) -> typer.Exit:
    console.print(f"[red]Error:[/red] {exc.message}", highlight=False)
    if exc.hint:
        console.print(exc.hint, highlight=False)
    return typer.Exit(code)


def _warn(console: Console, text: str) -> None:
    console.print(f"[yellow]Warning:[/yellow] {text}", highlight=False)


def _report(console: Console, report: ImportReport, errors_path: Path) -> int:
    for warning in report.warnings:
        _warn(console, warning)
    if report.duplicates:
        _warn(console, f"{len(report.duplicates)} row(s) may repeat another row of the file "
                       "or an existing case; they were imported, check them:")  # fmt: skip
        for d in report.duplicates[:SHOWN]:
            console.print(f"  row {d.row} {d.reason}", highlight=False)
    typer.echo(
        f"Imported {report.imported} case(s) from {report.rows} row(s); "
        f"{report.rejected} row(s) rejected, {report.blank} blank."
    )
    if report.problems or report.duplicates:
        _write_errors(errors_path, list(report.problems), report.duplicates)
        typer.echo(f"Bad rows listed in {errors_path}.")
    if report.problems:
        return EXIT_REJECTED
    return EXIT_WARNED if report.warnings or report.duplicates else EXIT_OK


@cases_app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="A .csv, .xlsx, .parquet or .json file, HTCDS columns."),
    agency: str = typer.Option(..., "--agency", help="Agency id or exact name to import into."),
    atomic: bool = typer.Option(
        False, "--atomic", help="Import nothing if any row is bad (staged, then swapped in)."
    ),
    errors: Path | None = typer.Option(
        None, "--errors", help="Where to list bad rows (default: FILE's name + .errors.csv)."
    ),
) -> None:
    """Import cases from FILE, committing in batches. Exit 0: all rows imported; 1: some rows
    not imported; 2: nothing imported; 3: all imported, with warnings to review."""
    from palermo.cases.exchange import ImportInterrupted, import_in_batches, read_table
    from palermo.store import open_store

    console = Console(stderr=True, soft_wrap=True)  # whole lines: scripts grep them
    errors_path = errors or file.with_name(f"{file.stem}.errors.csv")
    try:
        table = read_table(file)
        if table.delimiter and table.delimiter != ",":
            console.print(f"Read {file.name} as {table.delimiter!r}-separated values.",
                          highlight=False)  # fmt: skip
        store = open_store()
        with store.session() as session:
            actor = _agency_actor(session, agency, "cases-import")
        with Progress(
            TextColumn("[bold]importing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("cases"),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("import", total=None)
            report = import_in_batches(
                store,
                rows=table.rows,
                actor=actor,
                atomic=atomic,
                on_start=lambda total: progress.update(task, total=total),
                on_batch=lambda written: progress.update(task, completed=written),
            )
    except ImportInterrupted as exc:
        typer.echo(f"Imported {len(exc.case_ids)} case(s) before the import stopped.")
        raise _fail(console, exc, EXIT_REJECTED if exc.case_ids else EXIT_FAILED) from None
    except ValidationFailed as exc:
        if exc.problems:
            _write_errors(errors_path, list(exc.problems))
            console.print(f"Bad rows listed in {errors_path}.", highlight=False)
        raise _fail(console, exc) from None
    except PalermoError as exc:
        raise _fail(console, exc) from None
    code = _report(console, report, errors_path)
    if code:
        raise typer.Exit(code)


@cases_app.command("export")
def export_file(
    agency: str = typer.Option(..., "--agency", help="Agency id or exact name to export."),
    output_format: str = typer.Option("csv", "--format", help="csv, xlsx or json."),
    out: Path = typer.Option(..., "--out", help="File to write."),
) -> None:
    """Export the agency's cases as HTCDS CSV, XLSX or JSON (each exported case is audited;
    CSV and XLSX cells that would run as spreadsheet formulas start with an apostrophe)."""
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
    if isinstance(text, bytes):
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as binary:
            binary.write(text)
    else:
        with _open_private(out) as handle:
            handle.write(text)
    typer.echo(f"Wrote {out}.")


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")
