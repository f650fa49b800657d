"""Synthetic name pools for the naming cultures of the simulated world.

Common given and family names of each culture (``data/name_pools.txt``,
commonest first), written the way a person of that culture would write them; no
entry refers to a real person. Cultures whose names are written in another
script list the native form in the pools and are rendered to Latin letters by
:mod:`palermo.simulate.scripts`; Arabic and Thai names carry their romanisations
explicitly, first the most common one, because one-to-one transliteration tables
do not produce the spellings agencies really use. Nicknames come from the table
the linker uses too (:mod:`palermo.vocab.names`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from palermo.vocab.names import nicknames_of_culture

# Naming culture -> (script, family name written first).
_CULTURES: dict[str, tuple[str, bool]] = {
    "english": ("latin", False),
    "romanian": ("latin", False),
    "nigerian": ("latin", False),
    "vietnamese": ("latin", True),
    "ukrainian": ("cyrillic_uk", False),
    "russian": ("cyrillic_ru", False),
    "arabic": ("explicit", False),
    "thai": ("explicit", False),
    "spanish": ("latin", False),
}


@dataclass(frozen=True)
class Culture:
    """Name pools of one naming culture.

    ``script`` says how names are rendered: ``latin`` (native Latin letters,
    variants drop diacritics), ``cyrillic_uk`` / ``cyrillic_ru`` (transliteration
    schemes), or ``explicit`` (each entry is ``native|Latin1|Latin2...``).
    ``family_first`` marks cultures that write the family name first, where
    agencies swap given and family names more often.
    """

    name: str
    script: str
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    family_first: bool = False

    @property
    def nicknames(self) -> dict[str, tuple[str, ...]]:
        """Native given name -> its diminutives, from the shared table in ``palermo.vocab``."""
        return nicknames_of_culture(self.name)


@cache
def _pools() -> dict[tuple[str, str], tuple[str, ...]]:
    text = resources.files("palermo.simulate").joinpath("data/name_pools.txt").read_text("utf-8")
    pools: dict[tuple[str, str], list[str]] = {}
    current: tuple[str, str] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            culture, kind = line.strip("[]").split()
            current = (culture, kind)
            pools[current] = []
            continue
        assert current is not None, "name_pools.txt: entries before the first section"
        explicit = _CULTURES[current[0]][0] == "explicit"
        pools[current].extend([line] if explicit else line.split())
    return {key: tuple(dict.fromkeys(entries)) for key, entries in pools.items()}


def _culture(name: str) -> Culture:
    script, family_first = _CULTURES[name]
    pools = _pools()
    return Culture(
        name,
        script,
        pools[(name, "female")],
        pools[(name, "male")],
        pools[(name, "family")],
        family_first,
    )


CULTURES: dict[str, Culture] = {name: _culture(name) for name in _CULTURES}
