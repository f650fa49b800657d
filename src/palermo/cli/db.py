"""``palermo db``: schema migrations."""

from __future__ import annotations

import typer

from palermo.config import get_settings
from palermo.store.db import make_engine, migrate
from palermo.store.fields import use_keyring
from palermo.store.keys import load_keyring

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


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
