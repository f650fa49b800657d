"""An installation's key pair and the public keys of its peers, as JSON Web Keys.

Each Palermo installation has two key pairs: Ed25519 to sign the bundles it sends,
X25519 to receive bundles encrypted to it. The private keys live in one JSON file
written owner-only (0600) and refused if others can read it; the public half is a
JWK Set (RFC 7517) that a peer's administrator records with a name. Key ids are
RFC 7638 thumbprints, so a key's id cannot be claimed by another key.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from palermo.errors import Conflict, KeyMaterialError, ValidationFailed

KEY_FORMAT = "palermo-installation-keys"


@dataclass(frozen=True)
class Peer:
    """Another installation: its name and public keys (signature and encryption)."""

    name: str
    signing: OKPKey
    encryption: OKPKey

    @classmethod
    def from_public_jwks(cls, name: str, jwks: dict[str, Any] | str) -> Peer:
        """A peer from its published JWK Set; refused unless it holds one key of each kind."""
        data = json.loads(jwks) if isinstance(jwks, str) else jwks
        keys = data.get("keys") if isinstance(data, dict) else None
        if not name or not isinstance(keys, list):
            raise ValidationFailed(
                "A peer needs a name and a JWK Set with a 'keys' list.",
                hint="Ask the peer's administrator for the output of their public-key export.",
            )
        found: dict[str, OKPKey] = {}
        for raw in keys:
            try:
                key = OKPKey.import_key({k: v for k, v in raw.items() if k != "d"})
            except (JoseError, ValueError, TypeError, AttributeError) as exc:
                raise ValidationFailed(f"Peer {name!r}: a key cannot be read ({exc}).") from exc
            found[str(key.as_dict()["crv"])] = key
            if raw.get("kid") not in (None, key.thumbprint()):
                raise ValidationFailed(f"Peer {name!r}: a key id does not match its key.")
        if set(found) != {"Ed25519", "X25519"}:
            raise ValidationFailed(
                f"Peer {name!r} must publish one Ed25519 and one X25519 key; got {sorted(found)}."
            )
        return cls(name, found["Ed25519"], found["X25519"])

    @property
    def signing_kid(self) -> str:
        return self.signing.thumbprint()

    @property
    def encryption_kid(self) -> str:
        return self.encryption.thumbprint()


@dataclass(frozen=True)
class InstallationKeys:
    """This installation's name and private keys."""

    name: str
    signing: OKPKey
    encryption: OKPKey

    @classmethod
    def generate(cls, name: str) -> InstallationKeys:
        if not name:
            raise ValidationFailed("An installation needs a name (how its peers know it).")
        return cls(name, OKPKey.generate_key("Ed25519"), OKPKey.generate_key("X25519"))

    def public_jwks(self) -> dict[str, Any]:
        """The JWK Set to give to peers (public halves only)."""
        return {
            "keys": [
                self.signing.as_dict(private=False)
                | {"use": "sig", "alg": "Ed25519", "kid": self.signing.thumbprint()},
                self.encryption.as_dict(private=False)
                | {"use": "enc", "alg": "ECDH-ES", "kid": self.encryption.thumbprint()},
            ]
        }

    def as_peer(self) -> Peer:
        """How a peer sees this installation (for tests and a local round trip)."""
        return Peer.from_public_jwks(self.name, self.public_jwks())

    def save(self, path: Path) -> None:
        """Write the private keys owner-only; an existing file is never overwritten."""
        document = {
            "format": KEY_FORMAT,
            "version": 1,
            "name": self.name,
            "signing": self.signing.as_dict(private=True),
            "encryption": self.encryption.as_dict(private=True),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError as exc:
            raise Conflict(
                f"{path} exists already.",
                hint="Keys are never overwritten; move the old file first.",
            ) from exc
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=2)
            f.write("\n")

    @classmethod
    def load(cls, path: Path) -> InstallationKeys:
        """Read the key file; refused if missing, unreadable, or readable by others."""
        try:
            mode = path.stat().st_mode
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise KeyMaterialError(
                f"Cannot read the installation key file {path}: {exc.strerror}.",
                hint="Create the installation's keys first.",
            ) from exc
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyMaterialError(
                f"The installation key file {path} can be read by other users.",
                hint=f"Run `chmod 600 {path}`, and consider the keys exposed if others read it.",
            )
        try:
            data = json.loads(text)
            if data.get("format") != KEY_FORMAT:
                raise ValueError("not an installation key file")
            signing = OKPKey.import_key(data["signing"])
            encryption = OKPKey.import_key(data["encryption"])
        except (ValueError, KeyError, TypeError, JoseError) as exc:
            raise KeyMaterialError(f"The installation key file {path} is damaged ({exc}).") from exc
        if not (signing.is_private and encryption.is_private):
            raise KeyMaterialError(f"The installation key file {path} lacks its private keys.")
        if signing.as_dict()["crv"] != "Ed25519" or encryption.as_dict()["crv"] != "X25519":
            raise KeyMaterialError(
                f"The installation key file {path} holds the wrong kinds of key."
            )
        return cls(str(data["name"]), signing, encryption)
