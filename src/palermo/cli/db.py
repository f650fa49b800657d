"""``palermo db``: schema migrations."""

from __future__ import annotations

import typer

from palermo.config import get_settings
from palermo.store.db import make_engine, migrate

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    url = get_settings().database_url
    migrate(make_engine(url), revision)
    typer.echo(f"Database at {url.split('@')[-1]} is at revision {revision}.")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
