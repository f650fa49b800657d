"""``palermo keys``: create and rotate the encryption and audit keys."""

from __future__ import annotations

import base64

import typer

from palermo.config import get_settings
from palermo.store import open_store
from palermo.store.actor import Actor
from palermo.store.audit import record
from palermo.store.db import make_engine, migrate
from palermo.store.fields import use_keyring
from palermo.store.keys import KeyRing, load_keyring, new_keyring, write_keyring
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
def rotate(
    audit_only: bool = typer.Option(
        False,
        "--audit-only",
        help="Only start a new audit key (also adds one to a key file that has none); "
        "personal data is not re-encrypted.",
    ),
) -> None:
    """Re-encrypt every personal field and rebuild blind indexes under a new key, and start
    a new audit key (old audit keys stay: rows verify under the key they were written with).

    Stop the web server first: a running server keeps the old key in memory.
    """
    settings = get_settings()
    if settings.keys:
        typer.echo("Keys come from PALERMO_KEYS; rotate them in your secret store.", err=True)
        raise typer.Exit(2)
    old = load_keyring(settings.key_file)
    if audit_only:
        new = old.with_new_audit_key()
        write_keyring(new, settings.key_file, overwrite=True)
        _record_rotation(new, fields=["audit_key"])
        typer.echo(f"New audit key {new.audit_active_id}; earlier rows keep theirs.")
        return
    new = old.with_new_active()
    # Keep every key in the file while rewriting, with the old ones still active, so that a
    # crash part-way leaves all data readable; rerunning rotate then finishes the job.
    staged = KeyRing(
        active_id=old.active_id,
        pairs=new.pairs,
        audit_active_id=old.audit_active_id or new.audit_active_id,
        audit_keys=new.audit_keys,
    )
    write_keyring(staged, settings.key_file, overwrite=True)
    engine = make_engine(settings.database_url)
    use_keyring(staged)
    migrate(engine)

    def report(column: str, count: int) -> None:
        typer.echo(f"  {column}: {count} values", err=True)

    count = reencrypt(engine, old=staged, new=new.only_active(), progress=report)
    engine.dispose()
    # Old keys stay in the ring (inactive): a server that was left running may still have
    # written values under them, and those must stay readable.
    write_keyring(new, settings.key_file, overwrite=True)
    _record_rotation(new, fields=["data_key", "audit_key"])
    typer.echo(
        f"Rotated to key {new.active_id} and audit key {new.audit_active_id}: {count} values "
        "re-encrypted. Restart the web server now so it uses the new keys."
    )


def _record_rotation(ring: KeyRing, *, fields: list[str]) -> None:
    """The rotation's own entry: the first one written under the new audit key."""
    store = open_store(keyring=ring)
    with store.session() as session:
        record(
            session,
            actor=Actor.system("keys-rotate"),
            action="rotate",
            entity="keys",
            entity_id=None,
            fields=fields,
        )
    store.close()


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
