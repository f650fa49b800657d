"""Flat numpy tables of every name entry, so noise is drawn for whole chunks at once.

Each name entry (a given or family name of one culture, or a nickname) has an
integer id. For every id the table holds its canonical spelling, a slice of all
its spellings in ``spellings`` and a slice of its nicknames' ids in ``nicks``;
drawing a spelling variant for a million records is then a few array operations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from palermo.simulate.names import CULTURES, Culture
from palermo.simulate.scripts import renderings

KINDS = ("female", "male", "family")


@dataclass(frozen=True)
class NameTable:
    canonical: np.ndarray  # object[str], per entry
    spellings: np.ndarray  # object[str], all spellings, grouped by entry
    spell_start: np.ndarray  # int64, per entry
    spell_count: np.ndarray  # int64, per entry
    nicks: np.ndarray  # int64, nickname entry ids, grouped by entry
    nick_start: np.ndarray
    nick_count: np.ndarray
    pools: dict[tuple[str, str], np.ndarray]  # (culture, kind) -> entry ids to draw from
    family_first: dict[str, bool]


class _Builder:
    def __init__(self) -> None:
        self.canonical: list[str] = []
        self.spellings: list[str] = []
        self.spell_start: list[int] = []
        self.spell_count: list[int] = []
        self.nick_ids: list[list[int]] = []

    def add(self, native: str, script: str) -> int:
        forms = renderings(native, script)
        self.canonical.append(forms[0])
        self.spell_start.append(len(self.spellings))
        self.spell_count.append(len(forms))
        self.spellings.extend(forms)
        self.nick_ids.append([])
        return len(self.canonical) - 1


def _native_key(entry: str) -> str:
    return entry.split("|")[0]


def _family_entries(culture: Culture) -> list[str]:
    if culture.name != "spanish":
        return list(culture.family)
    # Two family names, father's then mother's.
    return [f"{a} {b}" for a in culture.family for b in culture.family if a != b]


@cache
def name_table() -> NameTable:
    """Build (once) the table of every culture's names."""
    b = _Builder()
    pools: dict[tuple[str, str], np.ndarray] = {}
    for culture in CULTURES.values():
        for kind in KINDS:
            entries = _family_entries(culture) if kind == "family" else list(getattr(culture, kind))
            ids = []
            for entry in entries:
                eid = b.add(entry, culture.script)
                for nick in culture.nicknames.get(_native_key(entry), ()):
                    b.nick_ids[eid].append(b.add(nick, culture.script))
                ids.append(eid)
            pools[(culture.name, kind)] = np.asarray(ids, dtype=np.int64)
    nick_start: list[int] = []
    nick_count: list[int] = []
    flat: list[int] = []
    for ids in b.nick_ids:
        nick_start.append(len(flat))
        nick_count.append(len(ids))
        flat.extend(ids)
    return NameTable(
        canonical=np.asarray(b.canonical, dtype=object),
        spellings=np.asarray(b.spellings, dtype=object),
        spell_start=np.asarray(b.spell_start, dtype=np.int64),
        spell_count=np.asarray(b.spell_count, dtype=np.int64),
        nicks=np.asarray(flat, dtype=np.int64),
        nick_start=np.asarray(nick_start, dtype=np.int64),
        nick_count=np.asarray(nick_count, dtype=np.int64),
        pools=pools,
        family_first={c.name: c.family_first for c in CULTURES.values()},
    )
