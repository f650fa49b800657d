"""Simulated families for family tracing: relatives, tracing requests and ground truth.

For a share of a world's victims, :func:`simulate_families` draws relatives
(parent, sibling, spouse, child) whose names follow the victim's culture (a shared
family name where the culture passes it on), with ages, a home town, the date and
place of separation and a last known place. It then writes what tracing sees:

* ``requests``: tracing requests filed by victims looking for a relative and by
  relatives looking for a victim, describing the sought person the way a relative
  would (another transliteration, a nickname, an approximate birth year, a place
  spelled differently);
* ``persons``: the persons in the agencies' registers — every agency record of a
  victim (from :func:`palermo.simulate.iter_world`) and the relatives who came
  forward somewhere;
* ``person_pairs`` / ``request_pairs``: the true matches.

Names, spellings and noise come from the simulator's own pools and noise functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from palermo.simulate.nametable import name_table
from palermo.simulate.noise import noisy_birthdates, noisy_names
from palermo.simulate.scripts import renderings
from palermo.simulate.spec import NoiseSpec, WorldSpec
from palermo.simulate.world import iter_world

RELATIONSHIPS = ("parent", "sibling", "spouse", "child")
RECIPROCAL = {"parent": "child", "child": "parent", "sibling": "sibling", "spouse": "spouse"}
# Cultures where a spouse keeps their own family name.
SPOUSE_KEEPS_NAME = frozenset({"vietnamese", "arabic", "spanish"})
_L, _UK, _RU, _X = "latin", "cyrillic_uk", "cyrillic_ru", "explicit"
# Towns people come from, in the script of the country (public place names).
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "GB": ((_L, "London"), (_L, "Manchester"), (_L, "Birmingham"), (_L, "Leeds")),
    "IE": ((_L, "Dublin"), (_L, "Cork")),
    "US": ((_L, "Houston"), (_L, "Atlanta"), (_L, "Newark")),
    "RO": ((_L, "București"), (_L, "Iași"), (_L, "Constanța"), (_L, "Timișoara")),
    "MD": ((_L, "Chișinău"), (_L, "Bălți"), (_L, "Cahul")),
    "NG": ((_L, "Lagos"), (_L, "Benin City"), (_L, "Ibadan"), (_L, "Enugu")),
    "GH": ((_L, "Accra"), (_L, "Kumasi")),
    "VN": ((_L, "Hà Tĩnh"), (_L, "Nghệ An"), (_L, "Hải Phòng"), (_L, "Quảng Bình")),
    "UA": ((_UK, "Київ"), (_UK, "Одеса"), (_UK, "Харків"), (_UK, "Львів"), (_UK, "Житомир")),
    "RU": ((_RU, "Москва"), (_RU, "Самара"), (_RU, "Ростов"), (_RU, "Казань")),
    "BY": ((_RU, "Минск"), (_RU, "Гомель"), (_RU, "Брест")),
    "SY": ((_X, "حلب|Aleppo|Halab"), (_X, "دمشق|Damascus|Dimashq"), (_X, "حمص|Homs|Hims")),
    "EG": ((_X, "القاهرة|Cairo|Al-Qahira"), (_X, "الإسكندرية|Alexandria|Iskandariya")),
    "MA": ((_X, "طنجة|Tangier|Tanger|Tanja"), (_X, "الدار البيضاء|Casablanca|Dar el Beida")),
    "IQ": ((_X, "بغداد|Baghdad|Bagdad"), (_X, "الموصل|Mosul|Mossoul")),
    "LY": ((_X, "طرابلس|Tripoli|Tarabulus"), (_X, "بنغازي|Benghazi|Bengasi")),
    "ES": ((_L, "Madrid"), (_L, "Almería"), (_L, "Málaga")),
    "MX": ((_L, "Tenancingo"), (_L, "Puebla"), (_L, "Tlaxcala")),
    "CO": ((_L, "Bogotá"), (_L, "Medellín"), (_L, "Cali")),
    "VE": ((_L, "Caracas"), (_L, "Maracaibo")),
    "HN": ((_L, "Tegucigalpa"), (_L, "San Pedro Sula")),
    "TH": ((_X, "เชียงราย|Chiang Rai|Chiangrai"), (_X, "อุดรธานี|Udon Thani|Udonthani")),
}
# How a relative describes someone from memory: spellings, nicknames, swapped names.
DESCRIBED = NoiseSpec(
    name_variant=0.5, nickname=0.3, name_typo=0.05, name_swap=0.06, name_missing=0.03
)


@dataclass(frozen=True)
class FamilySpec:
    """Shares of the family simulation (all per victim or per relative)."""

    share: float = 0.35  # victims with relatives in the simulation
    second_relative: float = 0.3  # of those, victims with two relatives
    victim_files: float = 0.6  # victim files a request for each relative
    relative_files: float = 0.5  # relative files a request for the victim
    relative_recorded: float = 0.4  # relative is in some agency's register
    place_recorded: float = 0.3  # a victim's record notes the home town
    age_unknown: float = 0.1  # a request gives no birth year
    gender_unknown: float = 0.02  # a request does not say the sought person's gender


@dataclass(frozen=True)
class FamilyWorld:
    persons: list[dict]
    requests: list[dict]
    person_pairs: frozenset[tuple[str, str]]  # (request_id, record_id)
    request_pairs: frozenset[tuple[str, str]]  # (request_id, request_id), both directions
    relatives: list[dict]


def _spell(rng: np.random.Generator, place: tuple[str, str], variant: float) -> str:
    forms = renderings(place[1], place[0])
    return forms[int(rng.integers(len(forms)))] if rng.random() < variant else forms[0]


def _entry_ids() -> dict[tuple[str, str, str], int]:
    table = name_table()
    ids: dict[tuple[str, str, str], int] = {}
    for (culture, kind), pool in table.pools.items():
        for eid in pool:
            ids.setdefault((culture, kind, table.canonical[eid]), int(eid))
    return ids


def _gender(code: str | None) -> str | None:
    return {"Feminine": "female", "TransgenderFeminine": "female", "Masculine": "male"}.get(
        code or ""
    )


class _Draw:
    """The relatives of one world, drawn victim by victim from one seeded stream."""

    def __init__(self, spec: WorldSpec, fam: FamilySpec) -> None:
        self.spec, self.fam = spec, fam
        self.rng = np.random.default_rng([spec.seed, 7, 4242])
        # Draws added later come from their own stream, so the rest of the world stays as it was.
        self.extra = np.random.default_rng([spec.seed, 7, 4243])
        self.table = name_table()
        self.ids = _entry_ids()
        self.relatives: list[dict] = []
        # Spanish families by the father's family name (the first of the two).
        self.lines: dict[str, list[int]] = {}
        for e in self.table.pools[("spanish", "family")]:
            self.lines.setdefault(self.table.canonical[e].split(" ")[0], []).append(int(e))

    def _given(self, culture: str, female: bool) -> int:
        pool = self.table.pools[(culture, "female" if female else "male")]
        return int(pool[int(self.rng.random() ** 2 * len(pool))])

    def _family(self, culture: str, victim_family: int, relationship: str) -> int:
        pool = self.table.pools[(culture, "family")]
        if relationship == "spouse" and culture in SPOUSE_KEEPS_NAME:
            return int(pool[int(self.rng.random() ** 1.5 * len(pool))])
        if culture == "spanish" and relationship in ("parent", "child"):
            # Children carry the father's first family name; draw a family on that line.
            first = self.table.canonical[victim_family].split(" ")[0]
            line = self.lines[first]
            return line[int(self.rng.integers(len(line)))]
        return victim_family

    def victim(self, person: dict) -> None:
        rng, culture = self.rng, person["name_culture"]
        origin = person["hte_Country__Recruitment"]
        female = _gender(person["prs_Gender"]) == "female"
        kind = "female" if female else "male"
        given = self.ids.get((culture, kind, person["prs_FirstName"]))
        if given is None:
            given = self.ids[(culture, "male" if female else "female", person["prs_FirstName"])]
        family = self.ids[(culture, "family", person["prs_SecondName"])]
        birth = np.datetime64(person["prs_Birthdate"])
        recruited = np.datetime64(person["plm_IdentificationDate"]) - 365
        age = int((recruited - birth) // np.timedelta64(1, "D")) // 365
        home = PLACES[origin][int(rng.integers(len(PLACES[origin])))]
        feasible = ["parent", "sibling"] + (["spouse", "child"] if age >= 24 else [])
        count = 2 if rng.random() < self.fam.second_relative else 1
        for relationship in rng.choice(feasible, size=min(count, len(feasible)), replace=False):
            rel = str(relationship)
            rel_female = (not female) if rel == "spouse" else bool(rng.random() < 0.5)
            years = {
                "parent": -rng.integers(20, 41),
                "sibling": rng.choice([-1, 1]) * rng.integers(1, 13),
                "spouse": rng.integers(-8, 9),
                "child": rng.integers(18, max(19, age - 2)),
            }[rel]
            rel_birth = birth + int(years * 365.25 + rng.integers(0, 365))
            places = PLACES.get(origin, ())
            last = home if rng.random() < 0.7 else places[int(rng.integers(len(places)))]
            self.relatives.append(
                {
                    "relative_id": f"R{len(self.relatives) + 1:06d}",
                    "person_id": person["person_id"],
                    "relationship": rel,  # what the relative is to the victim
                    "culture": culture,
                    "female": rel_female,
                    "given": self._given(culture, rel_female),
                    "family": self._family(culture, family, rel),
                    "birth": rel_birth,
                    "home": home,
                    "origin": origin,
                    "last_known": last,
                    "separated_on": str(recruited),
                    "victim_given": given,
                    "victim_family": family,
                    "victim_birth": birth,
                    "victim_female": female,
                    "destination": person["hte_Country__Exploitation"],
                }
            )


def _year(day: np.datetime64) -> int:
    return int(str(day)[:4])


def _names(draw: _Draw, rows: list[dict], who: str, noise: NoiseSpec) -> tuple[list, list]:
    """Written names of the relatives (``who`` 'relative') or victims of ``rows``."""
    if not rows:
        return [], []
    prefix = "" if who == "relative" else "victim_"
    given = np.asarray([r[prefix + "given"] for r in rows], dtype=np.int64)
    family = np.asarray([r[prefix + "family"] for r in rows], dtype=np.int64)
    first = np.asarray([draw.table.family_first[r["culture"]] for r in rows])
    g, f = noisy_names(draw.rng, draw.table, given, family, first, noise, 1.0)
    return list(g), list(f)


def _estimate(draw: _Draw, birth: np.datetime64) -> int | None:
    if draw.rng.random() < draw.fam.age_unknown:
        return None
    return _year(birth) + int(np.round(draw.rng.normal(0.0, 1.2)))


def _requests(draw: _Draw, rels: list[dict], by_victim: bool) -> list[dict]:
    spec = draw.spec
    share = draw.fam.victim_files if by_victim else draw.fam.relative_files
    rows = [r for r in rels if draw.rng.random() < share]
    req_who, sought_who = ("victim", "relative") if by_victim else ("relative", "victim")
    rg, rf = _names(draw, rows, req_who, spec.noise)
    sg, sf = _names(draw, rows, sought_who, DESCRIBED)
    out = []
    for k, r in enumerate(rows):
        rng = draw.rng
        victim_truth = f"V{r['person_id']}"
        if by_victim:
            last, sought_birth, sought_female = r["last_known"], r["birth"], r["female"]
            requester_birth, relationship = r["victim_birth"], r["relationship"]
            requester_female = r["victim_female"]
        else:
            towns = PLACES.get(r["destination"], ())
            last = towns[int(rng.integers(len(towns)))] if towns and rng.random() < 0.5 else None
            sought_birth, sought_female = r["victim_birth"], r["victim_female"]
            requester_birth, relationship = r["birth"], RECIPROCAL[r["relationship"]]
            requester_female = r["female"]
        # A relative almost always knows whether they look for a woman or a man.
        known = draw.extra.random() >= draw.fam.gender_unknown
        out.append(
            {
                "filed_by": "victim" if by_victim else "relative",
                "requester_given_name": rg[k],
                "requester_family_name": rf[k],
                "requester_birth_year": _year(requester_birth),
                "requester_gender": "female" if requester_female else "male",
                "requester_country": r["origin"],
                "sought_given_name": sg[k],
                "sought_family_name": sf[k],
                "sought_birth_year": _estimate(draw, sought_birth),
                "sought_gender": ("female" if sought_female else "male") if known else None,
                "sought_country": r["origin"],
                "relationship": relationship,  # what the sought person is to the requester
                "separated_on": r["separated_on"],
                "separation_place": _spell(rng, r["home"], 0.5),
                "last_known_place": _spell(rng, last, 0.5) if last else None,
                "requester_truth": victim_truth if by_victim else r["relative_id"],
                "sought_truth": r["relative_id"] if by_victim else victim_truth,
            }
        )
    return out


def simulate_families(spec: WorldSpec, fam: FamilySpec | None = None) -> FamilyWorld:
    """Families, tracing requests, register persons and true pairs for ``spec`` (seeded)."""
    fam = fam or FamilySpec()
    draw = _Draw(spec, fam)
    persons: list[dict] = []
    for chunk in iter_world(spec):
        homes: dict[str, tuple[str, str]] = {}
        for person in chunk.persons.to_dicts():
            if draw.rng.random() < fam.share and person["hte_Country__Recruitment"] in PLACES:
                before = len(draw.relatives)
                draw.victim(person)
                if len(draw.relatives) > before:
                    homes[person["person_id"]] = draw.relatives[-1]["home"]
        records = chunk.records.with_columns(chunk.truth["person_id"]).to_dicts()
        for rec in records:
            home = homes.get(rec["person_id"])
            noted = home is not None and draw.rng.random() < fam.place_recorded
            persons.append(
                {
                    "record_id": rec["record_id"],
                    "agency_id": rec["agency_id"],
                    "given_name": rec["prs_FirstName"],
                    "family_name": rec["prs_SecondName"],
                    "birth_date": rec["prs_Birthdate"],
                    "gender": _gender(rec["prs_Gender"]),
                    "place": _spell(draw.rng, home, 0.4) if noted and home else None,
                    "country": rec["hte_Country__Recruitment"],
                    "truth": f"V{rec['person_id']}",
                }
            )
    rels = draw.relatives
    seen = [r for r in rels if draw.rng.random() < fam.relative_recorded]
    given, family = _names(draw, seen, "relative", spec.noise)
    births = noisy_birthdates(
        draw.rng, np.asarray([r["birth"] for r in seen], dtype="datetime64[D]"), spec.noise, 1.0
    )
    for k, r in enumerate(seen):
        persons.append(
            {
                "record_id": f"T-{k + 1:07d}",
                "agency_id": f"A{int(draw.rng.integers(spec.agencies)) + 1:02d}",
                "given_name": given[k],
                "family_name": family[k],
                "birth_date": births[k],
                "gender": "female" if r["female"] else "male",
                "place": _spell(draw.rng, r["last_known"], 0.4),
                "country": r["origin"],
                "truth": r["relative_id"],
            }
        )
    requests = _requests(draw, rels, True) + _requests(draw, rels, False)
    for k, req in enumerate(requests):
        req["request_id"] = f"Q{k + 1:06d}"
    by_truth: dict[str, list[str]] = {}
    for p in persons:
        by_truth.setdefault(p["truth"], []).append(p["record_id"])
    by_requester: dict[str, list[str]] = {}
    for q in requests:
        by_requester.setdefault(q["requester_truth"], []).append(q["request_id"])
    person_pairs = {
        (q["request_id"], rid) for q in requests for rid in by_truth.get(q["sought_truth"], ())
    }
    request_pairs = {
        (q["request_id"], other)
        for q in requests
        for other in by_requester.get(q["sought_truth"], ())
        if other != q["request_id"]
    }
    return FamilyWorld(persons, requests, frozenset(person_pairs), frozenset(request_pairs), rels)
