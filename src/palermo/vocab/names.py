"""Nicknames and aliases of given names: which diminutives stand for which name.

The table (``data/nicknames.csv``, one row per name and alias) is shared by the
linker, which treats a diminutive as agreeing with its name, and by the
simulator, which writes diminutives into its synthetic records. Each cell lists
the spellings of one name separated by ``|``, the native form first: Latin and
Cyrillic names need only the native form (transliteration gives the rest),
Arabic and Thai names carry the romanisations agencies actually write.
A deployment extends the file with the diminutives its case workers meet.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class AliasGroup:
    """A given name of one naming culture and the nicknames that stand for it."""

    culture: str
    name: tuple[str, ...]  # spellings, native first
    aliases: tuple[tuple[str, ...], ...]  # each alias's spellings, native first

    @property
    def key(self) -> str:
        """Stable id of the group: culture and native form of the name."""
        return f"{self.culture}:{self.name[0]}"


def _spellings(cell: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in cell.split("|") if s.strip())


@cache
def alias_groups() -> tuple[AliasGroup, ...]:
    """Every name with nicknames, in file order."""
    text = resources.files("palermo.vocab").joinpath("data/nicknames.csv").read_text("utf-8")
    names: dict[tuple[str, str], tuple[str, ...]] = {}
    aliases: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for row in csv.DictReader(text.splitlines()):
        name = _spellings(row["name"])
        key = (row["culture"].strip(), name[0])
        names.setdefault(key, name)
        aliases.setdefault(key, []).append(_spellings(row["alias"]))
    return tuple(
        AliasGroup(culture, names[(culture, native)], tuple(aliases[(culture, native)]))
        for culture, native in names
    )


def nicknames_of_culture(culture: str) -> dict[str, tuple[str, ...]]:
    """Native form of each name -> its aliases as ``native|Latin...`` entries."""
    return {
        g.name[0]: tuple("|".join(a) for a in g.aliases)
        for g in alias_groups()
        if g.culture == culture
    }
