"""Portable column types: an encrypted text field that works the same on SQLite and PostgreSQL.

The key ring is process-wide: set once at start-up by ``palermo.store.db.open_store``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from palermo.errors import KeyMaterialError
from palermo.i18n import msg
from palermo.store import crypto
from palermo.store.keys import KeyRing

_keyring: KeyRing | None = None


def use_keyring(ring: KeyRing) -> None:
    global _keyring
    _keyring = ring


def current_keyring() -> KeyRing:
    if _keyring is None:
        raise KeyMaterialError(
            msg("No encryption keys are loaded."),
            hint=msg(
                "Run `palermo keys init`, or open the store through palermo.store.open_store()."
            ),
        )
    return _keyring


@dataclass(frozen=True)
class Bound:
    """A plaintext on its way into one row's column: what ``EncryptedText`` can encrypt.

    The ORM puts it in place just before the INSERT or UPDATE of a row whose primary key
    is known (``palermo.store.models.sealing``), and the plaintext back just after.
    """

    plain: str
    row: int


class EncryptedText(TypeDecorator[str]):
    """Text encrypted with AES-GCM, bound to its column (``context``, ``table.column``) and
    its row's primary key. Values are sealed and opened around the ORM's writes and loads
    (``palermo.store.models.sealing``); a bare string reaching the database here means a write
    that bypassed the ORM, and is refused rather than stored unbound."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if isinstance(value, Bound):
            return crypto.encrypt(
                current_keyring(), value.plain, context=self.context, row=value.row
            )
        raise KeyMaterialError(
            msg(
                "A value for {context} was written or compared outside a row's INSERT or UPDATE.",
                context=self.context,
            ),
            hint=msg("Encrypted fields are written through the ORM; search a blind index instead."),
        )

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        # Still the ciphertext: it is opened once the row's primary key is known (the
        # ORM's load event), since the key is part of what the value is bound to.
        return value
