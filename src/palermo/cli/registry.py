"""``palermo registry``: the licensed-agency registry (§17) from the command line.

Acts as the user named by ``--user`` (labour inspectorate staff or an administrator),
or, without it, as the maintenance job ``system:registry`` (shell access to the server
is the authority). Every change is audited and cites its ``--source``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from palermo.errors import ValidationFailed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from palermo.store.actor import Actor

T = TypeVar("T")
registry_app = typer.Typer(
    help="Prevent: the registry of licensed recruitment, marriage, modelling, adoption and "
    "study-abroad agencies, read by the public check and the screening of ads.",
    no_args_is_help=True,
)
USER = typer.Option(None, "--user", help="Act as this user (default: system:registry).")
SOURCE = typer.Option(
    ..., "--source", help="The decision, gazette or list the change comes from (audited)."
)


def _as(user: str | None, fn: Callable[[Session, Actor], T]) -> T:
    from sqlalchemy import select

    from palermo.accounts.service import actor_of
    from palermo.errors import NotFound
    from palermo.store import open_store
    from palermo.store.actor import Actor
    from palermo.store.models import User

    with open_store().session() as session:
        actor = Actor.system("registry")
        if user is not None:
            found = session.scalar(select(User).where(User.username == user, User.active))
            if found is None:
                raise NotFound(f"No active user {user!r}.", hint="Check the username.")
            actor = actor_of(found, "cli")
        return fn(session, actor)


def _problems(exc: ValidationFailed) -> None:
    err = Console(stderr=True)
    for p in exc.problems:
        where = f"line {p.row}, " if p.row is not None else ""
        value = f" (got {p.value!r})" if p.value else ""
        err.print(f"  {where}{p.field}: {p.reason}{value}")


@registry_app.command("import")
def import_command(
    file: Path = typer.Argument(
        ..., help="CSV: name, licence_number, status, country[, kind] (UTF-8)."
    ),
    source: str = SOURCE,
    user: str = USER,
) -> None:
    """Add or update every agency of a CSV file; one bad line refuses the whole file."""
    from palermo.prevent.registry_import import import_registry, read_registry_file

    text = read_registry_file(file)
    try:
        done = _as(user, lambda s, a: import_registry(s, text=text, source=source, actor=a))
    except ValidationFailed as exc:
        _problems(exc)
        raise
    Console().print(
        f"{done.rows} agencies read: {done.added} added, {done.updated} updated, "
        f"{done.unchanged} unchanged."
    )


@registry_app.command("list")
def list_command(
    status: str = typer.Option(None, "--status", help="Only this status (e.g. suspended)."),
    country: str = typer.Option(None, "--country", help="Only this country (ISO alpha-2)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines."),
    user: str = USER,
) -> None:
    """The agencies of the registry, with their status and who changed it last."""
    from palermo.prevent.licences import list_licences

    rows = _as(user, lambda s, a: list_licences(s, actor=a, status=status, country=country))
    if as_json:
        for r in rows:
            typer.echo(
                json.dumps(
                    {
                        "id": r.id,
                        "name": r.name,
                        "country": r.country,
                        "licence_number": r.licence_number,
                        "kind": r.kind,
                        "status": r.status,
                        "source": r.source,
                        "changed_by": r.changed_by,
                        "changed_at": r.changed_at.isoformat(),
                    },
                    ensure_ascii=False,
                )
            )
        return
    table = Table("licence", "agency", "country", "kind", "status", "source", "changed")
    for r in rows:
        changed = f"{r.changed_at:%Y-%m-%d} {r.changed_by}"
        table.add_row(
            r.licence_number or "-", r.name, r.country, r.kind or "-", r.status, r.source, changed
        )
    Console().print(table)


def _set(number: str, status: str, source: str, user: str | None) -> None:
    from palermo.prevent.licences import find_licence, set_licence_status

    def act(session: Session, actor: Actor) -> str:
        licence_id = find_licence(session, licence_number=number)
        view = set_licence_status(
            session, licence_id=licence_id, status=status, source=source, actor=actor
        )
        return f"{view.name} ({view.country}, licence {view.licence_number}): {view.status}."

    Console().print(_as(user, act))


@registry_app.command("suspend")
def suspend_command(
    licence: str = typer.Argument(..., help="The licence number."),
    source: str = SOURCE,
    user: str = USER,
) -> None:
    """Suspend a licence: offers citing it are flagged from now on."""
    _set(licence, "suspended", source, user)


@registry_app.command("revoke")
def revoke_command(
    licence: str = typer.Argument(..., help="The licence number."),
    source: str = SOURCE,
    user: str = USER,
) -> None:
    """Revoke a licence."""
    _set(licence, "revoked", source, user)


@registry_app.command("reinstate")
def reinstate_command(
    licence: str = typer.Argument(..., help="The licence number."),
    source: str = SOURCE,
    user: str = USER,
) -> None:
    """Mark a suspended or revoked licence as licensed again."""
    _set(licence, "licensed", source, user)


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")
