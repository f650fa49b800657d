"""Exchange bundles between Palermo installations: signed, encrypted, verified on opening.

Pure functions, no database and no CLI: :func:`seal_bundle` signs a JSON body with
the sending installation's Ed25519 key (JWS) and encrypts the result to the receiving
installation's X25519 key (JWE, ECDH-ES + A256GCM), both with joserfc;
:func:`open_bundle` refuses a tampered, misaddressed, expired or replayed bundle with
:class:`BundleRefused`. Replay detection asks the caller's :class:`SeenIds` (the store
will back it with a table of imported bundle ids); the caller remembers an id once it
has imported the bundle.
"""

from __future__ import annotations

from palermo.linkage.envelope.bundle_seal import (
    BundleHeader,
    BundleRefused,
    MemorySeenIds,
    OpenedBundle,
    SeenIds,
    open_bundle,
    seal_bundle,
)
from palermo.linkage.envelope.installation_keys import InstallationKeys, Peer

__all__ = [
    "BundleHeader",
    "BundleRefused",
    "InstallationKeys",
    "MemorySeenIds",
    "OpenedBundle",
    "Peer",
    "SeenIds",
    "open_bundle",
    "seal_bundle",
]
