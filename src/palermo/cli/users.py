"""``palermo users`` and ``palermo agencies``: accounts and API tokens."""

from __future__ import annotations

import getpass

import typer

from palermo.accounts import service
from palermo.store import open_store
from palermo.store.actor import Actor

users_app = typer.Typer(help="Users and API tokens.", no_args_is_help=True)
agencies_app = typer.Typer(help="Agencies (organisations that keep cases).", no_args_is_help=True)


@agencies_app.command("add")
def add_agency(
    name: str,
    type: str = typer.Option(
        ..., help="Agency type code (palermo vocab export, list agency_type)."
    ),
    country: str = typer.Option(..., help="ISO 3166 alpha-2 country code."),
) -> None:
    """Add an agency."""
    with open_store().session() as session:
        agency = service.create_agency(
            session, name=name, type=type, country=country, actor=Actor.system("agencies-add")
        )
        typer.echo(f"Agency {agency.id}: {agency.name}")


@users_app.command("add")
def add_user(
    username: str,
    agency_id: int = typer.Option(..., "--agency", help="Agency id."),
    role: str = typer.Option(..., help=f"One of: {', '.join(service.ROLES)}."),
    password: str | None = typer.Option(None, help="Omit to be prompted (safer: not in history)."),
) -> None:
    """Add a user to an agency."""
    secret = password or getpass.getpass("Password (10+ characters): ")
    with open_store().session() as session:
        user = service.create_user(
            session,
            username=username,
            password=secret,
            role=role,
            agency_id=agency_id,
            actor=Actor.system("users-add"),
        )
        typer.echo(f"User {user.username} ({user.role}) added.")


@users_app.command("token")
def token(username: str) -> None:
    """Print a new API bearer token for USERNAME (shown once; only its hash is stored)."""
    with open_store().session() as session:
        typer.echo(
            service.issue_token(session, username=username, actor=Actor.system("users-token"))
        )


@users_app.command("unlock")
def unlock(
    username: str,
    address: str | None = typer.Option(None, help="Also clear this client address's count."),
) -> None:
    """Let USERNAME sign in again at once: clear the failed sign-ins counted for them."""
    with open_store().session() as session:
        service.unlock_user(
            session, username=username, address=address, actor=Actor.system("users-unlock")
        )
    typer.echo(f"Sign-in delays for {username} cleared.")


@users_app.command("reset-password")
def reset_password(
    username: str,
    password: str | None = typer.Option(None, help="Omit to be prompted (safer: not in history)."),
) -> None:
    """Set a new password for USERNAME and end their open browser sessions."""
    secret = password or getpass.getpass("New password (10+ characters): ")
    with open_store().session() as session:
        ended = service.reset_password(
            session, username=username, password=secret, actor=Actor.system("users-reset")
        )
    typer.echo(f"Password of {username} reset; {ended} open session(s) ended.")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(agencies_app, name="agencies")
