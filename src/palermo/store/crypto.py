"""Field encryption (AES-256-GCM) and keyed blind indexes (HMAC-SHA256).

Ciphertexts are text: ``v2:<key id>:<base64 nonce+ciphertext>``. The column and the
row's primary key are bound as associated data, so a value copied into another column,
or swapped with another row's, fails to decrypt (``v1`` values, bound to the column only,
are read by the migration that re-encrypts them and refused everywhere else).
Blind indexes normalise before hashing so that exact search forgives case, accents
and spacing, but nothing else: they reveal equality, never the value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from palermo.errors import KeyMaterialError
from palermo.i18n import msg
from palermo.store.keys import KeyRing

_PREFIX = "v2"
_LEGACY_PREFIX = "v1"
_NONCE_BYTES = 12


def _associated(context: str, row: int) -> bytes:
    # The column and the row's primary key: a value copied into another column, or into
    # the same column of another row (two persons' names swapped), fails to decrypt.
    return f"{context}#{row}".encode()


def _seal(ring: KeyRing, prefix: str, plaintext: str, associated: bytes) -> str:
    pair = ring.active
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(pair.data_key).encrypt(nonce, plaintext.encode(), associated)
    return f"{prefix}:{pair.key_id}:{base64.b64encode(nonce + sealed).decode()}"


def encrypt(ring: KeyRing, plaintext: str, *, context: str, row: int) -> str:
    """Encrypt ``plaintext`` for column ``context`` (``table.column``) of row ``row``."""
    return _seal(ring, _PREFIX, plaintext, _associated(context, row))


def decrypt(ring: KeyRing, token: str, *, context: str, row: int) -> str:
    """The plaintext of a value of column ``context`` in row ``row``."""
    return _open(ring, token, context=context, associated=_associated(context, row))


def encrypt_unbound(ring: KeyRing, plaintext: str, *, context: str) -> str:
    """The version-1 form, bound to the column only: for migrations, never for new data."""
    return _seal(ring, _LEGACY_PREFIX, plaintext, context.encode())


def decrypt_unbound(ring: KeyRing, token: str, *, context: str) -> str:
    """Read a version-1 value (before migration 0012a bound ciphertexts to their rows)."""
    return _open(ring, token, context=context, associated=context.encode(), prefix=_LEGACY_PREFIX)


def _open(
    ring: KeyRing, token: str, *, context: str, associated: bytes, prefix: str = _PREFIX
) -> str:
    try:
        found, key_id, body = token.split(":", 2)
    except ValueError:
        raise KeyMaterialError(
            msg("A stored value in {context} is not a Palermo ciphertext.", context=context)
        ) from None
    if found == _LEGACY_PREFIX and prefix == _PREFIX:
        raise KeyMaterialError(
            msg(
                "A value in {context} was encrypted before values were bound to their rows.",
                context=context,
            ),
            hint=msg("Run `palermo db upgrade` to re-encrypt it."),
        )
    if found != prefix:
        raise KeyMaterialError(
            msg(
                "Unknown ciphertext version {prefix!r} in {context}.",
                prefix=found,
                context=context,
            )
        )
    try:
        raw = base64.b64decode(body, validate=True)
    except ValueError:
        raise KeyMaterialError(
            msg("A stored value in {context} is damaged (not base64).", context=context)
        ) from None
    if len(raw) < _NONCE_BYTES + 16:
        raise KeyMaterialError(
            msg("A stored value in {context} is damaged (too short).", context=context)
        )
    try:
        plain = AESGCM(ring.get(key_id).data_key).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], associated
        )
    except InvalidTag:
        raise KeyMaterialError(
            msg(
                "A value in {context} failed authentication: it was altered, moved from "
                "another record, or the key is wrong.",
                context=context,
            ),
            hint=msg(
                "Check that PALERMO_KEYS or the key file is the one this database was made with."
            ),
        ) from None
    return plain.decode()


def normalise_name(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", stripped).split())


def normalise_document(value: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", value).upper()


def blind_index(ring: KeyRing, value: str, *, kind: str) -> str:
    """Keyed hash of a normalised value; ``kind`` separates name, birth date and document."""
    digest = hmac.new(ring.active.index_key, f"{kind}\x00{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def name_tokens(*parts: str | None) -> set[str]:
    """Each name part and the whole name, so 'Popescu' and 'Maria Popescu' both find her."""
    clean = [normalise_name(p) for p in parts if p and normalise_name(p)]
    tokens = set()
    for part in clean:
        tokens.add(part)
        tokens.update(part.split())
    if len(clean) > 1:
        tokens.add(" ".join(clean))
        tokens.add(" ".join(reversed(clean)))
    return tokens
