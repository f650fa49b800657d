"""``palermo vocab``: see and export every code list Palermo validates against."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum

import typer

from palermo.vocab import get_list, list_info, list_names

vocab_app = typer.Typer(
    name="vocab",
    help="Code lists: HTCDS v2.0 (IOM, CC BY 4.0), ISO countries/languages, Palermo's own.",
    no_args_is_help=True,
)

EXPORT_COLUMNS = ("list", "code", "label_en", "label_fr", "extension")


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"


@vocab_app.command("list")
def list_command() -> None:
    """Name every list with its source, number of values and whether it is deprecated."""
    typer.echo(f"{'list':<40} {'source':<8} {'values':>6}  deprecated")
    for name in list_names():
        info = list_info(name)
        count = len(get_list(name))
        flag = "yes" if info.deprecated else "no"
        typer.echo(f"{name:<40} {info.source:<8} {count:>6}  {flag}")


@vocab_app.command("export")
def export_command(
    format: ExportFormat = typer.Option(ExportFormat.csv, "--format", "-f", help="csv or json"),
    name: list[str] = typer.Option(
        None, "--list", "-l", help="Export only this list (repeatable); all lists by default."
    ),
) -> None:
    """Print every value as list,code,label_en,label_fr,extension."""
    names = name or list_names()
    rows = [
        (enum.list_name, member.code, member.label("en"), member.label("fr"), member.extension)
        for enum in (get_list(n) for n in names)
        for member in enum
    ]
    if format is ExportFormat.json:
        records = [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in rows]
        typer.echo(json.dumps(records, ensure_ascii=False))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows((*row[:4], "true" if row[4] else "false") for row in rows)
    typer.echo(buffer.getvalue(), nl=False)


def register(app: typer.Typer) -> None:
    app.add_typer(vocab_app, name="vocab")
