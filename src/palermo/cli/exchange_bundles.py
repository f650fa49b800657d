"""``palermo exchange``: signed, encrypted bundles between Palermo installations.

``keys init|show`` make and print this installation's exchange keys (private keys in an
owner-only file beside the encryption key file, never in the database); ``peers
add|list`` record other installations; ``pack`` seals the agency's new referrals and
changed answers for one peer; ``unpack`` verifies and imports a bundle, or refuses it and
imports nothing. Not to be confused with ``palermo cases import|export`` (HTCDS files of
one agency). Shell access to the server is the authority, as for ``palermo cases``.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.errors import NotFound, PalermoError
from palermo.store.actor import Actor

exchange_app = typer.Typer(
    help="Signed, encrypted exchange of referrals and answers with other installations.",
    no_args_is_help=True,
)
keys_app = typer.Typer(help="This installation's exchange keys.", no_args_is_help=True)
peers_app = typer.Typer(help="Other installations this one exchanges with.", no_args_is_help=True)
exchange_app.add_typer(keys_app, name="keys")
exchange_app.add_typer(peers_app, name="peers")

KEY_FILE_HELP = "Private key file (default: exchange.keys beside the encryption key file)."


def _fail(exc: PalermoError) -> typer.Exit:
    console = Console(stderr=True)
    console.print(f"[red]Error:[/red] {exc.message}", highlight=False)
    if exc.hint:
        console.print(exc.hint, highlight=False)
    return typer.Exit(2)


def _key_file(path: Path | None) -> Path:
    from palermo.cooperate.crossborder import default_key_file

    return path or default_key_file()


def _agency_actor(session: Session, agency: str, job: str) -> Actor:
    from palermo.store.models import Agency

    row = session.get(Agency, int(agency)) if agency.strip().isdigit() else None
    row = row or session.scalar(select(Agency).where(Agency.name == agency.strip()))
    if row is None:
        raise NotFound(f"No agency {agency!r}.", hint="Give the agency's id or exact name.")
    return Actor(
        user_id=None, username=f"system:{job}", agency_id=row.id, role="admin", origin="cli"
    )


@keys_app.command("init")
def keys_init(
    name: str = typer.Option(..., "--name", help="This installation's name, as peers know it."),
    key_file: Path | None = typer.Option(None, "--key-file", help=KEY_FILE_HELP),
) -> None:
    """Create the installation's signing and encryption keys; print the public ones."""
    from palermo.cooperate.crossborder import create_installation_keys

    path = _key_file(key_file)
    try:
        keys = create_installation_keys(name=name, path=path)
    except PalermoError as exc:
        raise _fail(exc) from None
    typer.echo(f"Keys of {keys.name} written to {path} (owner-only).", err=True)
    typer.echo(json.dumps(keys.public_jwks(), indent=2))


@keys_app.command("show")
def keys_show(key_file: Path | None = typer.Option(None, "--key-file", help=KEY_FILE_HELP)) -> None:
    """Print the public keys (a JWK Set) to give to the administrators of peers."""
    from palermo.cooperate.crossborder import load_installation_keys

    try:
        keys = load_installation_keys(_key_file(key_file))
    except PalermoError as exc:
        raise _fail(exc) from None
    typer.echo(json.dumps(keys.public_jwks(), indent=2))


@peers_app.command("add")
def peers_add(
    name: str = typer.Argument(..., help="The peer's installation name (from its keys init)."),
    pubkey: Path = typer.Argument(..., help="File with the peer's public keys (keys show)."),
    agency: str = typer.Option(..., "--agency", help="The peer's agency, as named there."),
    country: str | None = typer.Option(None, "--country", help="Its country, if new here."),
    agency_type: str = typer.Option("NGO", "--type", help="Its agency type, if new here."),
) -> None:
    """Record a peer installation and the agency that stands for it here."""
    from palermo.cooperate.crossborder import add_peer, read_public_keys
    from palermo.store import open_store

    try:
        jwks = read_public_keys(pubkey.read_text(encoding="utf-8"))
        with open_store().session() as session:
            add_peer(
                session,
                name=name,
                public_jwks=jwks,
                agency_name=agency,
                agency_country=country,
                agency_type=agency_type,
                actor=Actor.system("exchange-peers"),
            )
    except OSError as exc:
        raise _fail(PalermoError(f"Cannot read {pubkey}: {exc.strerror}.")) from None
    except PalermoError as exc:
        raise _fail(exc) from None
    typer.echo(f"Peer {name} added; it stands for agency {agency!r} here.")


@peers_app.command("rotate")
def peers_rotate(
    name: str = typer.Argument(..., help="The peer installation whose keys changed."),
    pubkey: Path = typer.Argument(..., help="File with the peer's new public keys (keys show)."),
) -> None:
    """Replace a peer's public keys; bundles signed with its old key are refused from now on."""
    from palermo.cooperate.crossborder import read_public_keys, rotate_peer_keys
    from palermo.cooperate.crossborder.installations import peer_keys
    from palermo.store import open_store

    try:
        jwks = read_public_keys(pubkey.read_text(encoding="utf-8"))
        with open_store().session() as session:
            row = rotate_peer_keys(
                session, name=name, public_jwks=jwks, actor=Actor.system("exchange-peers")
            )
            kids = peer_keys(row)
    except OSError as exc:
        raise _fail(PalermoError(f"Cannot read {pubkey}: {exc.strerror}.")) from None
    except PalermoError as exc:
        raise _fail(exc) from None
    typer.echo(
        f"Peer {name}: new keys recorded (signing {kids.signing_kid}, encryption "
        f"{kids.encryption_kid}); bundles signed with the old key are refused."
    )


@peers_app.command("list")
def peers_list() -> None:
    """The peer installations and the agencies standing for them."""
    from palermo.cooperate.crossborder import list_peers
    from palermo.store import open_store
    from palermo.store.models import Agency

    with open_store().session() as session:
        for peer in list_peers(session):
            agency = session.get(Agency, peer.agency_id)
            typer.echo(
                f"{peer.name}\t{agency.name if agency else '?'}\tadded {peer.added_at:%Y-%m-%d}"
            )


@exchange_app.command("pack")
def pack(
    to: str = typer.Option(..., "--to", help="The peer installation to send to."),
    agency: str = typer.Option(..., "--agency", help="Your agency (id or exact name)."),
    out: Path = typer.Option(..., "--out", help="The bundle file to write."),
    referral: list[int] = typer.Option([], "--referral", help="Only these referral ids."),
    days: int = typer.Option(7, "--days", min=1, max=90, help="Days the bundle stays valid."),
    clk: list[Path] = typer.Option([], "--clk", help="PPRL encodings (.clk) to carry too."),
    key_file: Path | None = typer.Option(None, "--key-file", help=KEY_FILE_HELP),
) -> None:
    """Seal the agency's new referrals to the peer and its changed answers, for the peer only."""
    from datetime import timedelta

    from palermo.cooperate.crossborder import load_installation_keys, pack_bundle
    from palermo.store import open_store

    try:
        keys = load_installation_keys(_key_file(key_file))
        with open_store().session() as session:
            result = pack_bundle(
                session,
                keys=keys,
                peer_name=to,
                referral_ids=referral or None,
                valid_for=timedelta(days=days),
                actor=_agency_actor(session, agency, "exchange"),
            )
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(result.bundle + "\n", encoding="ascii")
    except PalermoError as exc:
        raise _fail(exc) from None
    typer.echo(
        f"Bundle {result.bundle_id} for {result.peer}: {result.referrals} referral(s), "
        f"{result.answers} answer(s), {result.revocations} revocation(s), "
        f"{result.encodings} encodings file(s); written to {out}."
    )


@exchange_app.command("unpack")
def unpack(
    bundle: Path = typer.Argument(..., help="A bundle file received from a peer."),
    encodings_dir: Path = typer.Option(
        Path("."), "--encodings-dir", help="Where to write PPRL encodings the bundle carries."
    ),
    key_file: Path | None = typer.Option(None, "--key-file", help=KEY_FILE_HELP),
) -> None:
    """Verify the bundle and import it, or refuse it and import nothing."""
    from palermo.cooperate.crossborder import load_installation_keys, unpack_bundle
    from palermo.store import open_store

    try:
        keys = load_installation_keys(_key_file(key_file))
        text = bundle.read_text(encoding="ascii", errors="replace")
        with open_store().session() as session:
            result = unpack_bundle(
                session, bundle=text, keys=keys, actor=Actor.system("exchange-unpack")
            )
    except OSError as exc:
        raise _fail(PalermoError(f"Cannot read {bundle}: {exc.strerror}.")) from None
    except PalermoError as exc:
        raise _fail(exc) from None
    typer.echo(
        f"Bundle {result.bundle_id} from {result.sender}: {result.referrals} referral(s) "
        f"received, {result.answers} answer(s) applied, {result.revocations} revoked."
    )
    encodings_dir.mkdir(parents=True, exist_ok=True)
    for clk in result.encodings:
        target = encodings_dir / f"{result.sender}-{clk.name}"
        try:
            with target.open("xb") as handle:  # never overwrite a file already there
                handle.write(clk.data)
        except FileExistsError:
            raise _fail(
                PalermoError(
                    f"{target} exists already; the bundle was imported, its encodings not written."
                )
            ) from None
        typer.echo(
            f"Encodings of {clk.records} records (schema {clk.fingerprint[:16]}) "
            f"written to {target}."
        )


@exchange_app.command("bundles")
def bundles() -> None:
    """The bundles packed here (out) and imported here (in), newest first."""
    from palermo.cooperate.crossborder import list_bundles
    from palermo.store import open_store

    with open_store().session() as session:
        entries = list_bundles(session, actor=Actor.system("exchange-bundles"))
    for b in entries:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(b.contents.items()))
        typer.echo(
            f"{b.direction}\t{b.peer}\t{b.bundle_id}\t{b.created_at:%Y-%m-%d %H:%M}\t"
            f"expires {b.expires_at:%Y-%m-%d}\t{counts}\tsha256 {b.digest[:16]}"
        )


@exchange_app.command("referrals")
def referrals(
    agency: str = typer.Option(..., "--agency", help="Your agency (id or exact name)."),
) -> None:
    """The agency's referrals sent to or received from other installations, and their state."""
    from palermo.cooperate.crossborder import list_crossborder_referrals
    from palermo.store import open_store

    try:
        with open_store().session() as session:
            actor = _agency_actor(session, agency, "exchange")
            entries = list_crossborder_referrals(session, actor=actor)
    except PalermoError as exc:
        raise _fail(exc) from None
    for e in entries:
        typer.echo(
            f"{e.direction}\t{e.peer}\t{e.exchange_key}\treferral {e.referral_id}\t"
            f"case {e.case_id}\t{e.state}"
        )


def register(app: typer.Typer) -> None:
    app.add_typer(exchange_app, name="exchange")
