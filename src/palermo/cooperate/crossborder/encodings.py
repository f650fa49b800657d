"""PPRL encodings (``.clk`` files) carried in a bundle to a peer, such as a linkage unit.

A ``.clk`` file holds record ids and hardened Bloom-filter bits, no names
(``palermo.linkage.pprl``). It is checked with ``read_clk`` before it is packed (a file
made under no schema, or altered, is refused), carried as base64 with its SHA-256, and
handed back to the receiver, checked again, to write where it wants: the database keeps
only the count in the bundle's entry.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from palermo.errors import ValidationFailed
from palermo.i18n import msg
from palermo.linkage.pprl import read_clk


@dataclass(frozen=True)
class ReceivedEncoding:
    name: str
    data: bytes
    fingerprint: str  # of the encoding schema the file was made under
    records: int


def _check(data: bytes, name: str) -> tuple[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "check.clk"
        path.write_bytes(data)
        clks = read_clk(path)
    if not clks.record_ids:
        raise ValidationFailed(msg("The encodings file {name} holds no records.", name=name))
    return clks.fingerprint, len(clks)


def attach_encodings(paths: list[Path]) -> list[dict[str, Any]]:
    """The ``.clk`` files as bundle items, each checked first."""
    items = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationFailed(
                msg("Cannot read the encodings file {name}.", name=str(path))
            ) from exc
        fingerprint, records = _check(data, path.name)
        items.append(
            {
                "name": path.name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "fingerprint": fingerprint,
                "records": records,
                "data": base64.b64encode(data).decode("ascii"),
            }
        )
    return items


def received_encodings(items: list[dict[str, Any]]) -> tuple[ReceivedEncoding, ...]:
    """The encodings a bundle carries, each checked against its digest and its schema."""
    found = []
    for item in items:
        name = Path(str(item["name"])).name  # never a path chosen by the sender
        data = base64.b64decode(str(item["data"]), validate=True)
        if hashlib.sha256(data).hexdigest() != item["sha256"]:
            raise ValidationFailed(msg("The encodings file {name} is damaged.", name=name))
        fingerprint, records = _check(data, name)
        found.append(ReceivedEncoding(name, data, fingerprint, records))
    return tuple(found)
