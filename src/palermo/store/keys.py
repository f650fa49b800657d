"""Key material for field encryption, blind indexes and the audit log.

A key ring holds one or more key pairs, each with an id: a 256-bit AES-GCM key for
data and a 256-bit HMAC key for blind indexes. One pair is active; older pairs stay
readable so that ``palermo keys rotate`` can re-encrypt without losing a record.

Beside them are the audit keys, also with ids: an HMAC-SHA256 key that chains the audit
log (someone who can write to the database but does not hold it cannot recompute the
chain) and an Ed25519 key that signs checkpoints of the chain's head, written outside the
database. Old audit keys are never dropped: every row verifies under the key it was
written with.

Keys live in a file outside the database (mode 0600) or in ``PALERMO_KEYS``.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from palermo.errors import KeyMaterialError
from palermo.i18n import msg

KEY_BYTES = 32


@dataclass(frozen=True)
class KeyPair:
    key_id: str
    data_key: bytes
    index_key: bytes


@dataclass(frozen=True)
class AuditKey:
    """Chains the audit log (``mac_key``) and signs its checkpoints (``sign_seed``)."""

    key_id: str
    mac_key: bytes
    sign_seed: bytes

    @property
    def signer(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.sign_seed)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self.signer.public_key()


@dataclass
class KeyRing:
    active_id: str
    pairs: dict[str, KeyPair] = field(default_factory=dict)
    audit_active_id: str | None = None
    audit_keys: dict[str, AuditKey] = field(default_factory=dict)

    @property
    def active(self) -> KeyPair:
        return self.pairs[self.active_id]

    def get(self, key_id: str) -> KeyPair:
        try:
            return self.pairs[key_id]
        except KeyError:
            raise KeyMaterialError(
                msg(
                    "Data was encrypted with key {key_id!r}, which is not in the key ring.",
                    key_id=key_id,
                ),
                hint=msg("Restore the key file that was in use, or set PALERMO_KEYS to it."),
            ) from None

    @property
    def audit(self) -> AuditKey:
        """The audit key new entries and checkpoints are written with."""
        if self.audit_active_id is None:
            raise KeyMaterialError(
                msg("The key ring has no audit key, so the audit log cannot be written."),
                hint=msg("Add one with `palermo keys rotate --audit-only`."),
            )
        return self.audit_keys[self.audit_active_id]

    def audit_key(self, key_id: str) -> AuditKey | None:
        return self.audit_keys.get(key_id)

    def with_new_active(self) -> KeyRing:
        """A new data pair and a new audit key, both active; every old key stays."""
        pair = new_pair()
        return KeyRing(
            active_id=pair.key_id,
            pairs={**self.pairs, pair.key_id: pair},
            audit_active_id=self.audit_active_id,
            audit_keys=dict(self.audit_keys),
        ).with_new_audit_key()

    def with_new_audit_key(self) -> KeyRing:
        """The same data keys and a new active audit key (old audit keys stay)."""
        key = new_audit_key()
        return KeyRing(
            active_id=self.active_id,
            pairs=dict(self.pairs),
            audit_active_id=key.key_id,
            audit_keys={**self.audit_keys, key.key_id: key},
        )

    def only_active(self) -> KeyRing:
        """Only the active data pair (audit keys all stay: old rows verify under them)."""
        return KeyRing(
            active_id=self.active_id,
            pairs={self.active_id: self.active},
            audit_active_id=self.audit_active_id,
            audit_keys=dict(self.audit_keys),
        )

    def to_json(self) -> str:
        def b64(raw: bytes) -> str:
            return base64.b64encode(raw).decode()

        content: dict[str, object] = {
            "active": self.active_id,
            "keys": {
                kid: {"data": b64(p.data_key), "index": b64(p.index_key)}
                for kid, p in self.pairs.items()
            },
        }
        if self.audit_keys:
            content["audit"] = {
                "active": self.audit_active_id,
                "keys": {
                    kid: {"mac": b64(k.mac_key), "sign": b64(k.sign_seed)}
                    for kid, k in self.audit_keys.items()
                },
            }
        return json.dumps(content, indent=2)

    @classmethod
    def from_json(cls, text: str, *, source: str) -> KeyRing:
        try:
            raw = json.loads(text)
            pairs = {
                kid: KeyPair(kid, base64.b64decode(v["data"]), base64.b64decode(v["index"]))
                for kid, v in raw["keys"].items()
            }
            audit = raw.get("audit") or {"active": None, "keys": {}}
            audit_keys = {
                kid: AuditKey(kid, base64.b64decode(v["mac"]), base64.b64decode(v["sign"]))
                for kid, v in audit["keys"].items()
            }
            ring = cls(
                active_id=raw["active"],
                pairs=pairs,
                audit_active_id=audit["active"],
                audit_keys=audit_keys,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyMaterialError(
                msg(
                    "The key material in {source} is not a valid Palermo key ring ({exc}).",
                    source=source,
                    exc=exc,
                ),
                hint=msg("Create one with `palermo keys init`."),
            ) from exc
        audit_ok = (ring.audit_active_id is None or ring.audit_active_id in audit_keys) and all(
            len(k.mac_key) == KEY_BYTES and len(k.sign_seed) == KEY_BYTES
            for k in audit_keys.values()
        )
        if (
            ring.active_id not in pairs
            or not audit_ok
            or any(
                len(p.data_key) != KEY_BYTES or len(p.index_key) != KEY_BYTES
                for p in pairs.values()
            )
        ):
            raise KeyMaterialError(
                msg(
                    "The key ring in {source} is incomplete or has keys of the wrong length.",
                    source=source,
                ),
                hint=msg("Create one with `palermo keys init`."),
            )
        return ring


def new_pair() -> KeyPair:
    return KeyPair(
        key_id=secrets.token_hex(4),
        data_key=secrets.token_bytes(KEY_BYTES),
        index_key=secrets.token_bytes(KEY_BYTES),
    )


def new_audit_key() -> AuditKey:
    return AuditKey(
        key_id="a" + secrets.token_hex(4),
        mac_key=secrets.token_bytes(KEY_BYTES),
        sign_seed=secrets.token_bytes(KEY_BYTES),
    )


def new_keyring() -> KeyRing:
    pair = new_pair()
    audit = new_audit_key()
    return KeyRing(
        active_id=pair.key_id,
        pairs={pair.key_id: pair},
        audit_active_id=audit.key_id,
        audit_keys={audit.key_id: audit},
    )


def load_keyring(path: Path, env_value: str | None = None) -> KeyRing:
    """Keys from ``PALERMO_KEYS`` (JSON or base64 of it) if set, else from ``path``."""
    if env_value:
        text = env_value
        if not env_value.lstrip().startswith("{"):
            try:
                text = base64.b64decode(env_value).decode()
            except ValueError as exc:
                raise KeyMaterialError(
                    msg("PALERMO_KEYS is neither JSON nor base64 of it."),
                    hint=msg("Print a valid value with `palermo keys init --print`."),
                ) from exc
        return KeyRing.from_json(text, source="PALERMO_KEYS")
    if not path.exists():
        raise KeyMaterialError(
            msg("No key file at {path}.", path=path),
            hint=msg("Create one with `palermo keys init`, or set PALERMO_KEYS."),
        )
    return KeyRing.from_json(path.read_text(), source=str(path))


def write_keyring(ring: KeyRing, path: Path, *, overwrite: bool = False) -> None:
    """Write atomically with owner-only permissions, so a crash never leaves half a key file."""
    if path.exists() and not overwrite:
        raise KeyMaterialError(
            msg("A key file already exists at {path}; refusing to overwrite it.", path=path),
            hint=msg(
                "Losing it makes every encrypted field unreadable. Use `palermo keys rotate`."
            ),
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(ring.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
