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


def draw_perpetrators(v: Victims, rng: np.random.Generator,
                      chunk: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(perpetrators, victim-perpetrator links) of one chunk."""
    table = name_table()
    people: dict[str, list] = {k: [] for k in ("perpetrator_id", "network_id", "culture",
                                               "country", "roles")}
    links: dict[str, list] = {"person_id": [], "perpetrator_id": [], "per_RoleInProcess": []}
    pairs = sorted(set(zip(v.origin.tolist(), v.destination.tolist(), strict=True)))
    network = 0
    for origin, dest in pairs:
        rows = np.flatnonzero((v.origin == origin) & (v.destination == dest))
        n_net = max(1, len(rows) // 25)
        assign = rng.integers(0, n_net, len(rows))
        for k in range(n_net):
            members = rows[assign == k]
            if len(members) == 0:
                continue
            net_id = f"N{chunk:04d}-{network:05d}"
            network += 1
            crew: dict[str, list[str]] = {RECRUITER: [], TRANSPORTER: [], EXPLOITER: []}
            sizes = {RECRUITER: 1 + rng.poisson(0.7),
                     TRANSPORTER: rng.poisson(1.0) if origin != dest else 0,
                     EXPLOITER: 1 + rng.poisson(0.5)}
            for role, size in sizes.items():
                for _ in range(size):
                    pid = f"T{chunk:04d}-{len(people['perpetrator_id']):06d}"
                    home = dest if role == EXPLOITER and rng.random() < 0.5 else origin
                    roles = [role]
                    if role == RECRUITER and rng.random() < 0.2:
                        roles.append(EXPLOITER)  # recruiters often exploit too
                    people["perpetrator_id"].append(pid)
                    people["network_id"].append(net_id)
                    people["culture"].append(COUNTRY_CULTURE[home][0])
                    people["country"].append(home)
                    people["roles"].append(roles)
                    crew[role].append(pid)
            for role, ids in crew.items():
                if not ids:
                    continue
                chosen = rng.integers(0, len(ids), len(members))
                links["person_id"].extend(f"P{i:08d}" for i in v.index[members].tolist())
                links["perpetrator_id"].extend(ids[c] for c in chosen.tolist())
                links["per_RoleInProcess"].extend([role] * len(members))
    n = len(people["perpetrator_id"])
    male = rng.random(n) < 0.7
    u_given, u_family = rng.random(n), rng.random(n)
    first, second = [], []
    for i, culture in enumerate(people["culture"]):
        pool = table.pools[(culture, "male" if male[i] else "female")]
        first.append(table.canonical[pool[int(u_given[i] * len(pool))]])
        fam = table.pools[(culture, "family")]
        second.append(table.canonical[fam[int(u_family[i] * len(fam))]])
    birth = np.datetime64("1965-01-01") + rng.integers(0, 35 * 365, n).astype("timedelta64[D]")
    perpetrators = pl.DataFrame({
        "perpetrator_id": people["perpetrator_id"],
        "network_id": people["network_id"],
        "prs_FirstName": first,
        "prs_SecondName": second,
        "prs_Gender": np.where(male, "Masculine", "Feminine").tolist(),
        "prs_Birthdate": np.datetime_as_string(birth, unit="D").tolist(),
        "prs_Citizenship": [[c] for c in people["country"]],
        "per_RoleInProcess": people["roles"],
    }, schema_overrides={"prs_Citizenship": pl.List(pl.String),
                         "per_RoleInProcess": pl.List(pl.String)})
    return perpetrators, pl.DataFrame(links, schema={k: pl.String for k in links})
