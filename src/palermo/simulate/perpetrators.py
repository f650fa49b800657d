"""Perpetrators: small networks that recruit, move and exploit the victims of a chunk.

Victims are grouped by (origin, destination); each group is served by networks
of about 25 victims. A network has one or more recruiters (from the origin
culture), transporters when the route crosses a border, and exploiters (from the
origin or the destination culture). Every victim is linked to one recruiter, one
transporter if any, and one exploiter of its network.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from palermo.simulate.codes import COUNTRY_CULTURE
from palermo.simulate.nametable import name_table
from palermo.simulate.population import Victims

RECRUITER, TRANSPORTER, EXPLOITER = "RecruiterOrIntermediary", "Transporter", "Exploiter"


def draw_perpetrators(
    v: Victims, rng: np.random.Generator, chunk: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(perpetrators, victim-perpetrator links) of one chunk, drawn per route group."""
    table = name_table()
    person_ids = np.asarray([f"P{i:08d}" for i in v.index.tolist()], dtype=object)
    homes, networks, roles = [], [], []
    link_person, link_perp, link_role = [], [], []
    n_perp = n_networks = 0
    pairs = sorted(set(zip(v.origin.tolist(), v.destination.tolist(), strict=True)))
    for origin, dest in pairs:
        rows = np.flatnonzero((v.origin == origin) & (v.destination == dest))
        n_net = max(1, len(rows) // 25)
        assign = rng.integers(0, n_net, len(rows))
        sizes = {
            RECRUITER: 1 + rng.poisson(0.7, n_net),
            TRANSPORTER: rng.poisson(1.0, n_net) * (origin != dest),
            EXPLOITER: 1 + rng.poisson(0.5, n_net),
        }
        for role, size in sizes.items():
            total = int(size.sum())
            net_of = np.repeat(np.arange(n_net), size)
            home = np.full(total, origin, dtype=object)
            if role == EXPLOITER:
                home[rng.random(total) < 0.5] = dest
            role_lists = [[role] for _ in range(total)]
            if role == RECRUITER:
                for i in np.flatnonzero(rng.random(total) < 0.2):
                    role_lists[i].append(EXPLOITER)  # recruiters often exploit too
            homes.append(home)
            networks.append(net_of + n_networks)
            roles.extend(role_lists)
            first = np.concatenate([[0], np.cumsum(size)[:-1]])
            has = size[assign] > 0
            pick = first[assign] + (rng.random(len(rows)) * size[assign]).astype(np.int64)
            link_person.append(person_ids[rows[has]])
            link_perp.append(n_perp + pick[has])
            link_role.append(np.full(int(has.sum()), role, dtype=object))
            n_perp += total
        n_networks += n_net
    home = np.concatenate(homes)
    culture = np.asarray([COUNTRY_CULTURE[c][0] for c in home], dtype=object)
    male = rng.random(n_perp) < 0.7
    given = np.empty(n_perp, dtype=np.int64)
    family = np.empty(n_perp, dtype=np.int64)
    u_given, u_family = rng.random(n_perp), rng.random(n_perp)
    for name in np.unique(culture):
        mine = culture == name
        for sex, kind in ((male, "male"), (~male, "female")):
            pool = table.pools[(name, kind)]
            given[mine & sex] = pool[(u_given[mine & sex] * len(pool)).astype(int)]
        pool = table.pools[(name, "family")]
        family[mine] = pool[(u_family[mine] * len(pool)).astype(int)]
    birth = np.datetime64("1965-01-01") + rng.integers(0, 35 * 365, n_perp).astype("timedelta64[D]")
    perp_ids = np.asarray([f"T{chunk:04d}-{i:06d}" for i in range(n_perp)], dtype=object)
    perpetrators = pl.DataFrame(
        {
            "perpetrator_id": perp_ids.tolist(),
            "network_id": [f"N{chunk:04d}-{k:05d}" for k in np.concatenate(networks).tolist()],
            "prs_FirstName": table.canonical[given].tolist(),
            "prs_SecondName": table.canonical[family].tolist(),
            "prs_Gender": np.where(male, "Masculine", "Feminine").tolist(),
            "prs_Birthdate": np.datetime_as_string(birth, unit="D").tolist(),
            "prs_Citizenship": home.tolist(),
            "per_RoleInProcess": [";".join(r) for r in roles],
        }
    ).with_columns(pl.col("prs_Citizenship", "per_RoleInProcess").str.split(";"))
    links = pl.DataFrame(
        {
            "person_id": np.concatenate(link_person).tolist(),
            "perpetrator_id": perp_ids[np.concatenate(link_perp)].tolist(),
            "per_RoleInProcess": np.concatenate(link_role).tolist(),
        },
        schema={
            "person_id": pl.String,
            "perpetrator_id": pl.String,
            "per_RoleInProcess": pl.String,
        },
    )
    return perpetrators, links
