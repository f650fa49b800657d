"""Key material for field encryption and blind indexes.

A key ring holds one or more key pairs, each with an id: a 256-bit AES-GCM key for
data and a 256-bit HMAC key for blind indexes. One pair is active; older pairs stay
readable so that ``palermo keys rotate`` can re-encrypt without losing a record.
Keys live in a file outside the database (mode 0600) or in ``PALERMO_KEYS``.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from palermo.errors import KeyMaterialError
from palermo.i18n import msg

KEY_BYTES = 32


@dataclass(frozen=True)
class KeyPair:
    key_id: str
    data_key: bytes
    index_key: bytes


@dataclass
class KeyRing:
    active_id: str
    pairs: dict[str, KeyPair] = field(default_factory=dict)

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

    def with_new_active(self) -> KeyRing:
        pair = new_pair()
        return KeyRing(active_id=pair.key_id, pairs={**self.pairs, pair.key_id: pair})

    def only_active(self) -> KeyRing:
        return KeyRing(active_id=self.active_id, pairs={self.active_id: self.active})

    def to_json(self) -> str:
        return json.dumps(
            {
                "active": self.active_id,
                "keys": {
                    kid: {
                        "data": base64.b64encode(p.data_key).decode(),
                        "index": base64.b64encode(p.index_key).decode(),
                    }
                    for kid, p in self.pairs.items()
                },
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str, *, source: str) -> KeyRing:
        try:
            raw = json.loads(text)
            pairs = {
                kid: KeyPair(kid, base64.b64decode(v["data"]), base64.b64decode(v["index"]))
                for kid, v in raw["keys"].items()
            }
            ring = cls(active_id=raw["active"], pairs=pairs)
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyMaterialError(
                msg(
                    "The key material in {source} is not a valid Palermo key ring ({exc}).",
                    source=source,
                    exc=exc,
                ),
                hint=msg("Create one with `palermo keys init`."),
            ) from exc
        if ring.active_id not in pairs or any(
            len(p.data_key) != KEY_BYTES or len(p.index_key) != KEY_BYTES for p in pairs.values()
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


def new_keyring() -> KeyRing:
    pair = new_pair()
    return KeyRing(active_id=pair.key_id, pairs={pair.key_id: pair})


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
