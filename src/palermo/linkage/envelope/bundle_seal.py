"""Seal and open exchange bundles: signed (JWS, Ed25519), then encrypted (JWE, X25519).

A bundle is a JWE compact serialisation (``alg`` ECDH-ES with the recipient's X25519
key, ``enc`` A256GCM, ``kid`` the recipient key's thumbprint) whose plaintext is a JWS
compact serialisation (``alg`` Ed25519, ``kid`` the sender key's thumbprint) of::

    {"palermo_bundle": 1,
     "header": {"bundle_id", "sender", "recipient", "created", "expires"},
     "body": {...}}

Signing inside the encryption means the header (who, to whom, until when) is covered
by the sender's signature, and only the recipient learns even who sent it. Both
layers come from joserfc; nothing here is a cipher of its own.

:func:`open_bundle` verifies, in order: it can be decrypted with this installation's
key (else it was for another installation, or altered), the signature is a known
peer's, the signed recipient is this installation, it has not expired, and the caller's
:class:`SeenIds` has not seen its id (replay). Any failure raises :class:`BundleRefused`
and returns nothing of the content.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

from joserfc import jwe, jws
from joserfc.errors import JoseError

from palermo.errors import PalermoError, ValidationFailed
from palermo.linkage.envelope.installation_keys import InstallationKeys, Peer

BUNDLE_VERSION = 1
CLOCK_SKEW = timedelta(minutes=5)
_JWS_ALG = "Ed25519"
_JWE_ALG, _JWE_ENC = "ECDH-ES", "A256GCM"

# joserfc bounds compact values to 64-128 KB by default, a guard sized for tokens: a
# bundle of a few dozen referrals or one .clk file is larger and was refused as damaged.
# Bundles get their own bound, checked before signing and again before opening.
MAX_BUNDLE_BYTES = 32 * 1024 * 1024  # of the signed JSON document
_MAX_SEALED = MAX_BUNDLE_BYTES * 4 // 3 * 4 // 3 + 64 * 1024  # two base64 layers, headers


class _BundleJWS(jws.JWSRegistry):
    max_payload_length = MAX_BUNDLE_BYTES


class _BundleJWE(jwe.JWERegistry):
    max_ciphertext_length = MAX_BUNDLE_BYTES * 4 // 3 + 16 * 1024


_JWS_REGISTRY = _BundleJWS(algorithms=[_JWS_ALG])
_JWE_REGISTRY = _BundleJWE(algorithms=[_JWE_ALG, _JWE_ENC])

Reason = Literal[
    "damaged", "misaddressed", "unknown_sender", "bad_signature", "expired", "replayed"
]


class BundleRefused(PalermoError):
    """A bundle that must not be imported; ``reason`` says why."""

    http_status = 422

    def __init__(self, message: str, *, reason: Reason, hint: str | None = None) -> None:
        super().__init__(message, hint=hint or "Nothing from this bundle was read or imported.")
        self.reason = reason


class SeenIds(Protocol):
    """The caller's record of bundle ids already imported (backed by the database)."""

    def has_seen(self, bundle_id: str) -> bool: ...


class MemorySeenIds:
    """A :class:`SeenIds` in memory, for notebooks and tests."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        self.ids = set(ids)

    def has_seen(self, bundle_id: str) -> bool:
        return bundle_id in self.ids

    def remember(self, bundle_id: str) -> None:
        self.ids.add(bundle_id)


@dataclass(frozen=True)
class BundleHeader:
    bundle_id: str
    sender: str
    recipient: str
    created: datetime
    expires: datetime

    def to_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["created"] = self.created.isoformat()
        data["expires"] = self.expires.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BundleHeader:
        return cls(
            str(data["bundle_id"]),
            str(data["sender"]),
            str(data["recipient"]),
            datetime.fromisoformat(data["created"]),
            datetime.fromisoformat(data["expires"]),
        )


@dataclass(frozen=True)
class OpenedBundle:
    header: BundleHeader
    body: dict[str, Any]


def seal_bundle(
    body: dict[str, Any],
    *,
    sender: InstallationKeys,
    recipient: Peer,
    valid_for: timedelta = timedelta(days=7),
    now: datetime | None = None,
    bundle_id: str | None = None,
) -> str:
    """Sign ``body`` (JSON-serialisable) as ``sender`` and encrypt it to ``recipient``."""
    created = now or datetime.now(UTC)
    header = BundleHeader(
        bundle_id or str(uuid.uuid4()), sender.name, recipient.name, created, created + valid_for
    )
    document = {"palermo_bundle": BUNDLE_VERSION, "header": header.to_dict(), "body": body}
    payload = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    encoded = payload.encode("utf-8")
    if len(encoded) > MAX_BUNDLE_BYTES:
        raise ValidationFailed(
            f"The bundle would hold {len(encoded) // 1024 // 1024} MiB, over the limit of "
            f"{MAX_BUNDLE_BYTES // 1024 // 1024} MiB.",
            hint="Send it in several bundles (fewer referrals or encodings in each).",
        )
    signed = jws.serialize_compact(
        {"alg": _JWS_ALG, "kid": sender.signing.thumbprint()},
        encoded,
        sender.signing,
        registry=_JWS_REGISTRY,
    )
    return jwe.encrypt_compact(
        {"alg": _JWE_ALG, "enc": _JWE_ENC, "kid": recipient.encryption_kid},
        signed.encode("ascii"),
        recipient.encryption,
        registry=_JWE_REGISTRY,
    )


def _protected_kid(bundle: str | bytes) -> str | None:
    """The ``kid`` of a compact JWE's protected header, read without trusting it."""
    text = bundle.decode("ascii", "replace") if isinstance(bundle, bytes) else bundle
    first = text.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)))
    except (ValueError, TypeError):
        return None
    kid = header.get("kid") if isinstance(header, dict) else None
    return kid if isinstance(kid, str) else None


def _decrypt(bundle: str | bytes, keys: InstallationKeys) -> bytes:
    if len(bundle) > _MAX_SEALED:
        raise BundleRefused(
            f"The bundle is larger than any bundle may be ({MAX_BUNDLE_BYTES // 1024 // 1024} "
            "MiB of content).",
            reason="damaged",
        )
    try:
        return jwe.decrypt_compact(bundle, keys.encryption, registry=_JWE_REGISTRY).plaintext or b""
    except (JoseError, ValueError, TypeError) as exc:
        kid = _protected_kid(bundle)
        if kid is not None and kid != keys.encryption.thumbprint():
            raise BundleRefused(
                f"This bundle is encrypted for another installation, not {keys.name}.",
                reason="misaddressed",
            ) from exc
        raise BundleRefused(
            "This bundle cannot be decrypted: it was altered or damaged on the way.",
            reason="damaged",
            hint="Ask the sender to send it again; nothing was imported.",
        ) from exc


def open_bundle(
    bundle: str | bytes,
    *,
    keys: InstallationKeys,
    peers: Iterable[Peer],
    seen: SeenIds,
    now: datetime | None = None,
) -> OpenedBundle:
    """Decrypt and verify a bundle for this installation; refuse it with a clear reason."""
    signed = _decrypt(bundle, keys)
    try:
        kid = jws.extract_compact(signed, registry=_JWS_REGISTRY).headers().get("kid")
    except (JoseError, ValueError, TypeError) as exc:
        raise BundleRefused("The bundle's signed content is malformed.", reason="damaged") from exc
    sender = next((p for p in peers if p.signing_kid == kid), None)
    if sender is None:
        raise BundleRefused(
            "The bundle is signed by a key that belongs to no known peer.",
            reason="unknown_sender",
            hint="Add the sending installation as a peer (its public keys) if you trust it.",
        )
    try:
        verified = jws.deserialize_compact(signed, sender.signing, registry=_JWS_REGISTRY)
        document = json.loads(verified.payload)
        header = BundleHeader.from_dict(document["header"])
        body = document["body"]
    except (JoseError, ValueError, KeyError, TypeError) as exc:
        raise BundleRefused(
            f"The signature of {sender.name} does not verify: the bundle was altered.",
            reason="bad_signature",
        ) from exc
    if document.get("palermo_bundle") != BUNDLE_VERSION or not isinstance(body, dict):
        raise BundleRefused("The bundle's format version is not supported.", reason="damaged")
    if header.sender != sender.name:
        raise BundleRefused(
            f"The bundle claims to come from {header.sender!r} but is signed by {sender.name!r}.",
            reason="bad_signature",
        )
    if header.recipient != keys.name:
        raise BundleRefused(
            f"The bundle is addressed to {header.recipient!r}, not to this installation "
            f"({keys.name}).",
            reason="misaddressed",
        )
    moment = now or datetime.now(UTC)
    if moment > header.expires:
        raise BundleRefused(
            f"The bundle expired at {header.expires.isoformat()}.",
            reason="expired",
            hint="Ask the sender for a fresh bundle; nothing was imported.",
        )
    if header.created > moment + CLOCK_SKEW:
        raise BundleRefused(
            f"The bundle is dated in the future ({header.created.isoformat()}).",
            reason="expired",
            hint="Check both installations' clocks.",
        )
    if seen.has_seen(header.bundle_id):
        raise BundleRefused(
            f"Bundle {header.bundle_id} was received before: a replay.",
            reason="replayed",
            hint="The same bundle twice changes nothing; it is refused the second time.",
        )
    return OpenedBundle(header, body)
