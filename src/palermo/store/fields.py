"""Portable column types: an encrypted text field that works the same on SQLite and PostgreSQL.

The key ring is process-wide: set once at start-up by ``palermo.store.db.open_store``.
"""

from __future__ import annotations

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


class EncryptedText(TypeDecorator[str]):
    """Text encrypted with AES-GCM; ``context`` (table.column) is bound as associated data."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str) -> None:
        super().__init__()
        self.context = context

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return crypto.encrypt(current_keyring(), str(value), context=self.context)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return crypto.decrypt(current_keyring(), value, context=self.context)
