"""``palermo audit``: verify the audit log against its keys and signed checkpoints."""

from __future__ import annotations

from pathlib import Path

import typer

from palermo.config import get_settings
from palermo.store import open_store
from palermo.store.audit import verify_chain
from palermo.store.audit.checkpoints import FileSink, parse, sink_for

audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)


@audit_app.command("verify")
def verify(
    checkpoints: Path | None = typer.Option(
        None,
        help="Read the signed checkpoints from this file (for example the lines a syslog "
        "collector kept) instead of the configured sink.",
    ),
) -> None:
    """Exit 0 if the log is intact; otherwise exit 1, naming each thing found."""
    settings = get_settings()
    sink = (
        FileSink(checkpoints)
        if checkpoints
        else sink_for(settings.audit_checkpoints, settings.key_file)
    )
    lines = sink.read()
    if lines is None:
        typer.secho(
            f"Checkpoints go to {sink.description}, which cannot be read back here: "
            "pass the collected lines with --checkpoints FILE.",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(2)
    found, damaged = parse(lines)
    store = open_store(settings)
    with store.session(read_only=True) as session:
        report = verify_chain(session, checkpoints=found, sink=sink.description)
    if report.intact and not damaged:
        since = f" ({report.uncovered} rows written since the last)" if report.uncovered else ""
        typer.echo(
            f"Audit log intact: {report.rows} rows verified against their keyed hashes and "
            f"{report.checkpoints} signed checkpoints in {sink.description}{since}."
        )
        return
    typer.secho(f"Audit log BROKEN ({report.rows} rows read):", fg=typer.colors.RED, err=True)
    for finding in report.findings:
        typer.secho(f"  - {finding.message}", fg=typer.colors.RED, err=True)
    if damaged:
        typer.secho(
            f"  - Lines {', '.join(map(str, damaged[:10]))} of {sink.description} are not "
            "readable checkpoints: the file was altered.",
            fg=typer.colors.RED,
            err=True,
        )
    raise typer.Exit(1)


@audit_app.command("checkpoint")
def checkpoint() -> None:
    """Sign the log's head now (the server does so on its own after changes)."""
    store = open_store()
    with store.engine.connect() as conn:
        head = conn.exec_driver_sql("SELECT last_id, last_hash FROM audit_head").one()
    assert store.checkpoints is not None
    store.checkpoints.note(head[0], head[1])
    store.checkpoints.flush()
    typer.echo(f"Checkpoint of row {head[0]} written to {store.checkpoints.sink.description}.")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
