"""Field encryption (AES-256-GCM) and keyed blind indexes (HMAC-SHA256).

Ciphertexts are text: ``v1:<key id>:<base64 nonce+ciphertext>``. The column name is
bound as associated data, so a value copied into another column fails to decrypt.
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

_PREFIX = "v1"
_NONCE_BYTES = 12


def encrypt(ring: KeyRing, plaintext: str, *, context: str) -> str:
    pair = ring.active
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(pair.data_key).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{_PREFIX}:{pair.key_id}:{base64.b64encode(nonce + sealed).decode()}"


def decrypt(ring: KeyRing, token: str, *, context: str) -> str:
    try:
        prefix, key_id, body = token.split(":", 2)
    except ValueError:
        raise KeyMaterialError(
            msg("A stored value in {context} is not a Palermo ciphertext.", context=context)
        ) from None
    if prefix != _PREFIX:
        raise KeyMaterialError(
            msg(
                "Unknown ciphertext version {prefix!r} in {context}.",
                prefix=prefix,
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
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode()
        )
    except InvalidTag:
        raise KeyMaterialError(
            msg(
                "A value in {context} failed authentication: it was altered or the key is wrong.",
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
