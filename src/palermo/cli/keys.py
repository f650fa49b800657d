"""``palermo keys``: create and rotate the encryption keys."""

from __future__ import annotations

import base64

import typer

from palermo.config import get_settings
from palermo.store.db import make_engine, migrate
from palermo.store.fields import use_keyring
from palermo.store.keys import load_keyring, new_keyring, write_keyring
from palermo.store.rotation import reencrypt

keys_app = typer.Typer(help="Encryption keys for personal data.", no_args_is_help=True)


@keys_app.command("init")
def init(
    print_only: bool = typer.Option(
        False, "--print", help="Print the keys (base64) for PALERMO_KEYS instead of writing a file."
    ),
) -> None:
    """Create a new key ring (in the key file, or printed for a secret store)."""
    ring = new_keyring()
    if print_only:
        typer.echo(base64.b64encode(ring.to_json().encode()).decode())
        return
    path = get_settings().key_file
    write_keyring(ring, path)
    typer.echo(f"Keys written to {path} (owner-only). Back this file up apart from the database.")


@keys_app.command("rotate")
def rotate() -> None:
    """Re-encrypt every personal field and rebuild blind indexes under a new key.

    Stop the web server first: a running server keeps the old key in memory.
    """
    settings = get_settings()
    if settings.keys:
        typer.echo("Keys come from PALERMO_KEYS; rotate them in your secret store.", err=True)
        raise typer.Exit(2)
    old = load_keyring(settings.key_file)
    new = old.with_new_active()
    # Keep every key in the file while rewriting, with the old one still active, so that a
    # crash part-way leaves all data readable; rerunning rotate then finishes the job.
    staged = type(new)(active_id=old.active_id, pairs=new.pairs)
    write_keyring(staged, settings.key_file, overwrite=True)
    engine = make_engine(settings.database_url)
    use_keyring(staged)
    migrate(engine)

    def report(column: str, count: int) -> None:
        typer.echo(f"  {column}: {count} values", err=True)

    count = reencrypt(engine, old=staged, new=new.only_active(), progress=report)
    # Old keys stay in the ring (inactive): a server that was left running may still have
    # written values under them, and those must stay readable.
    write_keyring(new, settings.key_file, overwrite=True)
    typer.echo(
        f"Rotated to key {new.active_id}: {count} values re-encrypted. "
        "Restart the web server now so it uses the new key."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
