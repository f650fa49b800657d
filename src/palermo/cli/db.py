"""``palermo db``: schema migrations and blind index rebuilds."""

from __future__ import annotations

import typer

from palermo.config import get_settings
from palermo.store.db import check_keyring, make_engine, migrate
from palermo.store.fields import use_keyring
from palermo.store.keys import load_keyring
from palermo.store.rotation import rebuild_blind_indexes

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    settings = get_settings()
    url = settings.database_url
    # Some migrations re-encrypt values or sign the audit log: they need the keys.
    use_keyring(load_keyring(settings.key_file, settings.keys))
    migrate(make_engine(url), revision)
    typer.echo(f"Database at {url.split('@')[-1]} is at revision {revision}.")


@db_app.command("reindex")
def reindex() -> None:
    """Rebuild every person's blind indexes (after an upgrade that adds an index kind)."""
    settings = get_settings()
    ring = load_keyring(settings.key_file, settings.keys)
    engine = make_engine(settings.database_url)
    check_keyring(engine, ring)  # a wrong key would write indexes that find nothing
    count = rebuild_blind_indexes(engine, ring=ring)
    typer.echo(f"Blind indexes rebuilt for {count} persons.")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
