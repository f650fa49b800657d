"""``palermo audit``: check the audit log's hash chain."""

from __future__ import annotations

import typer

from palermo.store import open_store
from palermo.store.audit import verify_chain

audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Exit 0 if the chain is intact; otherwise exit 1 naming the first broken row."""
    store = open_store()
    with store.session() as session:
        report = verify_chain(session)
    if report.intact:
        typer.echo(f"Audit log intact: {report.rows} rows verified.")
        return
    typer.secho(
        f"Audit log BROKEN at row {report.first_broken_id}: {report.reason} "
        f"({report.rows} rows before it verified).",
        fg=typer.colors.RED,
        err=True,
    )
    raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
