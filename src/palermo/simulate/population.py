"""Draw the true victims of one chunk of the world, column by column with numpy.

Every draw is vectorised over the chunk. Multi-valued picklists are held as
bit masks over the HTCDS code tuples in :mod:`palermo.simulate.codes` (bit *j*
set means code *j*), which keeps a million victims cheap; :mod:`.frames` turns
them into lists of codes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from palermo.simulate import codes
from palermo.simulate.codes import COUNTRY_CULTURE, ORIGINS, TRANSIT
from palermo.simulate.nametable import name_table
from palermo.simulate.spec import WorldSpec

# Fine-grained kinds of exploitation (ground truth) and their HTCDS codes.
KIND_NAMES = ("sexual", "labour", "domestic_servitude", "begging", "criminality", "marriage")
KIND_CODES = (
    "SexualExploitation",
    "ForcedLabour",
    "Servitude",
    "ForcedBegging",
    "Other",
    "ForcedMarriage",
)
# P(kind) for adult women, adult men, children (a plausible pattern, not data).
KIND_P = np.array(
    [
        [0.58, 0.20, 0.10, 0.03, 0.04, 0.05],
        [0.06, 0.68, 0.05, 0.06, 0.14, 0.01],
        [0.30, 0.20, 0.10, 0.18, 0.18, 0.04],
    ]
)
LABOUR_INDUSTRIES = (
    "A_AgricultureForestryAndFishing",
    "F_Construction",
    "C_Manufacturing",
    "I_AccommodationAndFoodServiceActivities",
    "H_TransportationAndStorage",
    "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
    "S_OtherServiceActivities",
)
INDUSTRY_P = np.array(
    [
        [0.22, 0.05, 0.22, 0.25, 0.03, 0.08, 0.15],  # women
        [0.25, 0.28, 0.15, 0.12, 0.10, 0.06, 0.04],
    ]
)  # men
# Recruitment method probabilities per kind (rows KIND_NAMES, cols RECRUITMENT_METHOD).
RECRUIT_P = np.array(
    [
        [0.05, 0.02, 0.03, 0.25, 0.22, 0.00, 0.01, 0.12, 0.28, 0.02],
        [0.10, 0.01, 0.12, 0.12, 0.25, 0.02, 0.06, 0.12, 0.18, 0.02],
        [0.04, 0.01, 0.05, 0.10, 0.15, 0.01, 0.04, 0.35, 0.22, 0.03],
        [0.02, 0.01, 0.01, 0.05, 0.05, 0.00, 0.00, 0.55, 0.28, 0.03],
        [0.03, 0.05, 0.02, 0.25, 0.10, 0.00, 0.00, 0.20, 0.33, 0.02],
        [0.01, 0.02, 0.01, 0.15, 0.08, 0.00, 0.00, 0.60, 0.11, 0.02],
    ]
)
RECRUIT_P = RECRUIT_P / RECRUIT_P.sum(axis=1, keepdims=True)
ONLINE_METHODS = (3, 4)  # ThroughOnlineSocialNetworks, ThroughAnOnlineAdvertisement
# Apps most used per culture, as indices into WEBSITES_AND_APPS.
APPS = {
    "english": (0, 1, 2, 12),
    "romanian": (0, 4, 2),
    "nigerian": (0, 2, 1),
    "vietnamese": (0, 4, 12),
    "ukrainian": (3, 5, 1),
    "russian": (3, 5, 12),
    "arabic": (2, 0, 3),
    "thai": (7, 0, 12),
    "spanish": (2, 0, 1),
}
# P(control code) per kind; rows KIND_NAMES, cols CONTROL (16 codes).
CONTROL_P = np.array(
    [
        [
            0.45,
            0.30,
            0.25,
            0.45,
            0.40,
            0.35,
            0.40,
            0.55,
            0.30,
            0.10,
            0.15,
            0.50,
            0.20,
            0.25,
            0.35,
            0.02,
        ],
        [
            0.30,
            0.30,
            0.10,
            0.55,
            0.55,
            0.15,
            0.02,
            0.50,
            0.35,
            0.15,
            0.30,
            0.35,
            0.03,
            0.60,
            0.45,
            0.02,
        ],
        [
            0.25,
            0.35,
            0.10,
            0.20,
            0.45,
            0.25,
            0.10,
            0.55,
            0.30,
            0.25,
            0.35,
            0.50,
            0.01,
            0.70,
            0.55,
            0.02,
        ],
        [
            0.45,
            0.20,
            0.25,
            0.30,
            0.30,
            0.35,
            0.02,
            0.65,
            0.20,
            0.15,
            0.40,
            0.45,
            0.05,
            0.30,
            0.30,
            0.02,
        ],
        [
            0.55,
            0.30,
            0.35,
            0.40,
            0.35,
            0.35,
            0.03,
            0.45,
            0.20,
            0.10,
            0.20,
            0.50,
            0.25,
            0.20,
            0.30,
            0.03,
        ],
        [
            0.40,
            0.15,
            0.40,
            0.10,
            0.35,
            0.35,
            0.50,
            0.20,
            0.45,
            0.20,
            0.20,
            0.60,
            0.02,
            0.30,
            0.40,
            0.02,
        ],
    ]
)
WITHHOLDS_DOCUMENTS = codes.CONTROL.index("WithholdsDocuments")
THREATS_LAW = codes.CONTROL.index("ThreatsLawEnforcement")


@dataclass
class Victims:
    """True attributes of the victims of one chunk (arrays of equal length)."""

    index: np.ndarray  # global person number
    destination: np.ndarray  # object[str] ISO alpha-2, country of exploitation
    origin: np.ndarray  # object[str]
    transit: np.ndarray  # object[str|None]
    second_citizenship: np.ndarray  # object[str|None]
    culture: np.ndarray  # object[str]
    language: np.ndarray  # object[str], ISO 639-2
    female: np.ndarray  # bool
    gender: np.ndarray  # object[str], HTCDS prs_Gender
    child: np.ndarray  # bool, under 18 at identification
    kind: np.ndarray  # int, index into KIND_NAMES
    exploitation: np.ndarray  # bit mask over EXPLOITATION
    sex_exploitation: np.ndarray  # bit mask over SEX_EXPLOITATION
    industry: np.ndarray  # object[str|None]
    recruitment: np.ndarray  # bit mask over RECRUITMENT_METHOD
    apps: np.ndarray  # bit mask over WEBSITES_AND_APPS
    relationship: np.ndarray  # object[str]
    control: np.ndarray  # bit mask over CONTROL
    identified: np.ndarray  # datetime64[D]
    exploitation_start: np.ndarray  # datetime64[D]
    recruited: np.ndarray  # datetime64[D]
    birth: np.ndarray  # datetime64[D]
    age_trafficked: np.ndarray  # int
    given: np.ndarray  # name entry id
    family: np.ndarray  # name entry id
    document: np.ndarray  # object[str|None]
    visibility: np.ndarray  # float, latent, shared by all agencies

    def __len__(self) -> int:
        return len(self.index)


def _choice(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """One categorical draw per row of the probability matrix ``p``."""
    u = np.asarray(rng.random(p.shape[0]))[:, None]
    return np.minimum((np.cumsum(p, axis=1) < u).sum(axis=1), p.shape[1] - 1)


def _bits(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """Independent Bernoulli draws per row and column, packed as bit masks."""
    hits = rng.random(p.shape) < p
    return (hits.astype(np.int64) << np.arange(p.shape[1], dtype=np.int64)).sum(axis=1)


def draw_victims(spec: WorldSpec, rng: np.random.Generator, start: int, n: int) -> Victims:
    table = name_table()
    dests = np.asarray(spec.destinations, dtype=object)
    destination = dests[rng.integers(0, len(dests), n)]
    origin = np.empty(n, dtype=object)
    for dest in spec.destinations:
        rows = np.flatnonzero(destination == dest)
        names = list(ORIGINS[dest])
        weights = np.asarray([ORIGINS[dest][c] for c in names])
        origin[rows] = np.asarray(names, dtype=object)[
            rng.choice(len(names), size=len(rows), p=weights / weights.sum())
        ]
    cross = origin != destination
    transit = np.full(n, None, dtype=object)
    second = np.full(n, None, dtype=object)
    u_transit = rng.random(n)
    u_pick = rng.random(n)
    for country, options in TRANSIT.items():
        rows = np.flatnonzero((origin == country) & cross & (u_transit < 0.4))
        opts = np.asarray(options, dtype=object)
        picked = opts[(u_pick[rows] * len(opts)).astype(int)]
        transit[rows] = np.where(picked == destination[rows], None, picked)
    # Many Moldovans also hold Romanian citizenship.
    second[(origin == "MD") & (rng.random(n) < 0.3)] = "RO"
    culture = np.asarray([COUNTRY_CULTURE[c][0] for c in origin], dtype=object)
    language = np.asarray([COUNTRY_CULTURE[c][1] for c in origin], dtype=object)

    child = rng.random(n) < 0.22
    female = rng.random(n) < np.where(child, 0.55, 0.62)
    gender = np.where(female, "Feminine", "Masculine").astype(object)
    gender[rng.random(n) < 0.01] = "TransgenderFeminine"
    group = np.where(child, 2, np.where(female, 0, 1))
    kind = _choice(rng, KIND_P[group])
    code_index = np.asarray([codes.EXPLOITATION.index(c) for c in KIND_CODES])
    exploitation = np.int64(1) << code_index[kind]
    # A minority suffer a second form of exploitation.
    second_kind = _choice(rng, KIND_P[group])
    extra = rng.random(n) < 0.10
    exploitation |= np.where(extra, np.int64(1) << code_index[second_kind], 0)
    labour_bit = 1 << codes.EXPLOITATION.index("ForcedLabour")
    exploitation |= np.where(
        child & ((exploitation & labour_bit) > 0), 1 << codes.EXPLOITATION.index("ChildLabour"), 0
    )
    sexual = (exploitation & (1 << codes.EXPLOITATION.index("SexualExploitation"))) > 0
    sex_p = np.array([0.8, 0.15, 0.2, 0.25])
    sex_exploitation = np.where(sexual, _bits(rng, np.broadcast_to(sex_p, (n, 4))), 0)
    sex_exploitation = np.where(sexual & (sex_exploitation == 0), 1, sex_exploitation)
    industry = np.full(n, None, dtype=object)
    labour = (exploitation & labour_bit) > 0
    ind = np.asarray(LABOUR_INDUSTRIES, dtype=object)[_choice(rng, INDUSTRY_P[(~female) * 1])]
    industry[labour] = ind[labour]
    industry[kind == 2] = "T_ActivitiesOfHouseholdsAsEmployers"

    recruitment = np.int64(1) << _choice(rng, RECRUIT_P[kind])
    recruitment |= np.where(rng.random(n) < 0.08, np.int64(1) << _choice(rng, RECRUIT_P[kind]), 0)
    online = (recruitment & ((1 << ONLINE_METHODS[0]) | (1 << ONLINE_METHODS[1]))) > 0
    apps = np.zeros(n, dtype=np.int64)
    u_app = rng.random(n)
    for name, apps_of in APPS.items():
        rows = online & (culture == name)
        opts = np.asarray(apps_of)
        apps[rows] = np.int64(1) << opts[(u_app[rows] * len(opts)).astype(int)]
    relationship = np.asarray(codes.RELATIONSHIP, dtype=object)[
        _choice(rng, np.where(kind[:, None] == 5, [[0.6, 0.3, 0.1]], [[0.15, 0.45, 0.40]]))
    ]

    cp = CONTROL_P[kind].copy()
    cp[:, WITHHOLDS_DOCUMENTS] += np.where(cross, 0.25, -0.2)
    cp[:, THREATS_LAW] += np.where(cross, 0.2, -0.15)
    control = _bits(rng, np.clip(cp, 0.0, 1.0))
    control = np.where(control == 0, np.int64(1) << codes.CONTROL.index("FalsePromises"), control)

    first, last = spec.years
    span = (np.datetime64(f"{last + 1}-01-01") - np.datetime64(f"{first}-01-01")).astype(int)
    identified = np.datetime64(f"{first}-01-01") + rng.integers(0, span, n).astype("timedelta64[D]")
    months = np.clip(np.exp(rng.normal(2.2, 0.9, n)), 1, 120).astype(int)
    exploitation_start = identified - (months * 30.44).astype("timedelta64[D]")
    recruited = exploitation_start - rng.integers(0, 90, n).astype("timedelta64[D]")
    age = np.where(
        child, rng.integers(10, 18, n), np.minimum(18 + rng.gamma(2.0, 6.0, n).astype(int), 62)
    )
    birth = identified - (age * 365.25 + rng.integers(0, 365, n)).astype("timedelta64[D]")
    age_trafficked = np.maximum(((recruited - birth).astype(int) / 365.25).astype(int), 0)

    given = np.empty(n, dtype=np.int64)
    family = np.empty(n, dtype=np.int64)
    u_given = rng.random(n)
    u_family = rng.random(n)
    for name in np.unique(culture):
        in_culture = culture == name
        for sex_mask, kind_name in ((female, "female"), (~female, "male")):
            rows = in_culture & sex_mask
            pool = table.pools[(name, kind_name)]
            # Squaring the uniform makes the first names of a pool the commonest.
            given[rows] = pool[(u_given[rows] ** 2 * len(pool)).astype(int)]
        pool = table.pools[(name, "family")]
        family[in_culture] = pool[(u_family[in_culture] ** 1.5 * len(pool)).astype(int)]

    letters = rng.integers(0, 26, (n, 2))
    digits = rng.integers(0, 10_000_000, n)
    has_doc = rng.random(n) < 0.85
    document = np.asarray(
        [
            f"{chr(65 + a)}{chr(65 + b)}{d:07d}" if h else None
            for a, b, d, h in zip(letters[:, 0], letters[:, 1], digits, has_doc, strict=True)
        ],
        dtype=object,
    )
    visibility = rng.normal(0.0, 1.0, n) + 0.25 * np.log(months)

    return Victims(
        index=np.arange(start, start + n, dtype=np.int64),
        destination=destination,
        origin=origin,
        transit=transit,
        second_citizenship=second,
        culture=culture,
        language=language,
        female=female,
        gender=gender,
        child=child,
        kind=kind,
        exploitation=exploitation,
        sex_exploitation=sex_exploitation,
        industry=industry,
        recruitment=recruitment,
        apps=apps,
        relationship=relationship,
        control=control,
        identified=identified,
        exploitation_start=exploitation_start,
        recruited=recruited,
        birth=birth,
        age_trafficked=age_trafficked,
        given=given,
        family=family,
        document=document,
        visibility=visibility,
    )


def traits(v: Victims) -> dict[str, np.ndarray]:
    """0/1 traits that the capture model of :mod:`.agencies` weighs."""
    ex = v.exploitation
    return {
        "female": v.female.astype(float),
        "child": v.child.astype(float),
        "sexual": (v.kind == 0).astype(float),
        "labour": ((ex & (1 << codes.EXPLOITATION.index("ForcedLabour"))) > 0).astype(float),
        "servitude": (v.kind == 2).astype(float),
        "begging_crime": np.isin(v.kind, (3, 4)).astype(float),
        "marriage": (v.kind == 5).astype(float),
        "cross_border": (v.origin != v.destination).astype(float),
    }
