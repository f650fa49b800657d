"""This installation's exchange keys, and the peer installations it exchanges bundles with.

The private keys live in a file (owner-only, never in the database); a peer is a row
with its name, its public JWK Set and the agency that stands for it here. A peer's
name must be the installation name it chose for its own keys: bundles are signed with
that name and refused if it does not match.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.accounts import service as accounts
from palermo.cases import access
from palermo.config import Settings, get_settings
from palermo.errors import Conflict, FieldProblem, NotFound, ValidationFailed
from palermo.i18n import msg
from palermo.linkage.envelope import InstallationKeys, Peer
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, ExchangePeer, User

ADMINS = frozenset({"admin"})
# The role the exchange acts in when it applies a peer's bundle through the case services.
PEER_ROLE = "caseworker"


@dataclass(frozen=True)
class KeysView:
    """What an administrator gives to peers: the name and the public keys, with their
    RFC 7638 thumbprints to read aloud over another channel when the keys are swapped."""

    name: str
    signing_kid: str
    encryption_kid: str
    public_jwks: str  # the JSON text a peer records


@dataclass(frozen=True)
class PeerView:
    name: str
    agency: str
    signing_kid: str
    encryption_kid: str
    added_by: str
    added_at: datetime


def default_key_file(settings: Settings | None = None) -> Path:
    """Beside the encryption key file: ``var/exchange.keys`` by default."""
    return (settings or get_settings()).key_file.parent / "exchange.keys"


def create_installation_keys(*, name: str, path: Path) -> InstallationKeys:
    """New signing and encryption keys for this installation, written owner-only to ``path``."""
    keys = InstallationKeys.generate(name.strip())
    keys.save(path)
    return keys


def load_installation_keys(path: Path) -> InstallationKeys:
    return InstallationKeys.load(path)


def show_installation_keys(*, path: Path, actor: Actor) -> KeysView | None:
    """This installation's public keys, for its administrators to hand to peers (None
    before ``palermo exchange keys init``)."""
    access.require_role(actor, ADMINS, doing=msg("see the installation's exchange keys"))
    if not path.exists():
        return None
    keys = InstallationKeys.load(path)
    peer = keys.as_peer()
    return KeysView(
        keys.name, peer.signing_kid, peer.encryption_kid, json.dumps(keys.public_jwks(), indent=2)
    )


def read_public_keys(text: str) -> dict[str, Any]:
    """A peer's JWK Set from its JSON text; refused with a clear message if it is not JSON."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValidationFailed(
            msg("The peer's public keys are not JSON."),
            hint=msg("Give the file the peer printed with: palermo exchange keys show."),
        ) from exc
    if not isinstance(data, dict):
        raise ValidationFailed(msg("The peer's public keys must be a JWK Set (a JSON object)."))
    return data


def _stand_in_agency(
    session: Session, *, name: str, country: str | None, kind: str, actor: Actor
) -> Agency:
    agency = session.scalar(select(Agency).where(Agency.name == name))
    if agency is None:
        if not country:
            raise ValidationFailed(
                msg(
                    "Agency {name!r} does not exist here; give its country to create it.", name=name
                )
            )
        return accounts.create_agency(session, name=name, type=kind, country=country, actor=actor)
    if session.scalar(select(User.id).where(User.agency_id == agency.id).limit(1)) is not None:
        raise Conflict(
            msg(
                "Agency {name!r} has users in this installation; it cannot stand for a peer.",
                name=name,
            ),
            hint=msg("Name the peer's agency as it is called in the other installation."),
        )
    if session.scalar(select(ExchangePeer.id).where(ExchangePeer.agency_id == agency.id)):
        raise Conflict(msg("Agency {name!r} already stands for another peer.", name=name))
    return agency


@audit.audited
def add_peer(
    session: Session,
    *,
    name: str,
    public_jwks: dict[str, Any],
    agency_name: str,
    actor: Actor,
    agency_country: str | None = None,
    agency_type: str = "NGO",
) -> ExchangePeer:
    """Record a peer installation and the agency that stands for it (created if new)."""
    access.require_role(actor, ADMINS, doing=msg("add exchange peers"))
    name = name.strip()
    peer = checked_peer(name, public_jwks)
    if session.scalar(select(ExchangePeer.id).where(ExchangePeer.name == name)):
        raise Conflict(
            msg("A peer named {name!r} exists already.", name=name),
            hint=msg("Peers' keys are never replaced silently; remove the old peer first."),
        )
    agency = _stand_in_agency(
        session, name=agency_name.strip(), country=agency_country, kind=agency_type, actor=actor
    )
    row = ExchangePeer(
        name=peer.name, public_jwks=public_jwks, agency_id=agency.id, added_by=actor.username
    )
    session.add(row)
    session.flush()
    return row


@audit.audited
def rotate_peer_keys(
    session: Session, *, name: str, public_jwks: dict[str, Any], actor: Actor
) -> ExchangePeer:
    """Replace a peer's public keys with the new ones it published: from now on a bundle
    signed with its old key is refused (``unknown_sender``). Audited with the old and new
    key thumbprints, never silently."""
    access.require_role(actor, ADMINS, doing=msg("rotate exchange peers' keys"))
    row = peer_named(session, name.strip())
    old, new = peer_keys(row), checked_peer(row.name, public_jwks)
    if (old.signing_kid, old.encryption_kid) == (new.signing_kid, new.encryption_kid):
        raise Conflict(
            msg("These are the keys peer {name!r} has already.", name=row.name),
            hint=msg("Ask the peer for the public keys it printed after making new ones."),
        )
    row.public_jwks = public_jwks
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="rotate_keys",
        entity="exchange_peer",
        entity_id=row.id,
        # The thumbprints, so the log says which key replaced which (no secret in them).
        fields=["public_jwks", f"old {old.signing_kid}", f"new {new.signing_kid}"],
    )
    return row


def checked_peer(name: str, public_jwks: dict[str, Any]) -> Peer:
    """The peer's keys, or a refusal that says what a JWK Set must hold."""
    if not name:
        raise ValidationFailed(
            msg("The peer needs a name: the installation name it chose for its keys."),
            problems=[FieldProblem("name", msg("required"))],
        )
    try:
        return Peer.from_public_jwks(name, public_jwks)
    except ValidationFailed as exc:
        raise ValidationFailed(
            msg(
                "The peer's public keys cannot be used: a JWK Set needs one Ed25519 key and "
                "one X25519 key."
            ),
            hint=msg("Give the file the peer printed with: palermo exchange keys show."),
            problems=[FieldProblem("public_key", str(exc.message))],
        ) from exc


def peer_views(session: Session, *, actor: Actor) -> list[PeerView]:
    """The peers with their agencies and key thumbprints (administrators only)."""
    access.require_role(actor, ADMINS, doing=msg("see exchange peers"))
    rows = session.execute(
        select(ExchangePeer, Agency.name)
        .join(Agency, Agency.id == ExchangePeer.agency_id)
        .order_by(ExchangePeer.name)
    ).all()
    views = []
    for row, agency in rows:
        keys = peer_keys(row)
        views.append(
            PeerView(
                row.name, agency, keys.signing_kid, keys.encryption_kid, row.added_by, row.added_at
            )
        )
    return views


def list_peers(session: Session) -> list[ExchangePeer]:
    return list(session.scalars(select(ExchangePeer).order_by(ExchangePeer.name)))


def peer_named(session: Session, name: str) -> ExchangePeer:
    row = session.scalar(select(ExchangePeer).where(ExchangePeer.name == name))
    if row is None:
        raise NotFound(
            msg("No peer installation named {name!r}.", name=name),
            hint=msg("Add it first: palermo exchange peers add NAME PUBKEY."),
        )
    return row


def peer_keys(row: ExchangePeer) -> Peer:
    return Peer.from_public_jwks(row.name, row.public_jwks)


def peer_actor(row: ExchangePeer) -> Actor:
    """Who a peer's bundle acts as here: its stand-in agency, named after the peer."""
    return Actor(
        user_id=None,
        username=f"exchange:{row.name}",
        agency_id=row.agency_id,
        role=PEER_ROLE,
        origin="exchange",
    )
