"""Who each agency finds in a chunk, and the noisy records it keeps of them."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from palermo.simulate import codes
from palermo.simulate.agencies import Agency
from palermo.simulate.nametable import name_table
from palermo.simulate.noise import (
    blank,
    drop_codes,
    noisy_birthdates,
    noisy_documents,
    noisy_names,
)
from palermo.simulate.population import Victims, traits
from palermo.simulate.spec import WorldSpec

LIST_COLUMNS = (
    "prs_Citizenship",
    "vic_MethodOfRecruitment",
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_TypeOfSexExploitation",
)


def capture(agencies: tuple[Agency, ...], v: Victims, rng: np.random.Generator) -> np.ndarray:
    """Boolean matrix (victims x agencies): who each agency finds."""
    x = traits(v)
    found = np.zeros((len(v), len(agencies)), dtype=bool)
    u = rng.random((len(v), len(agencies)))
    for j, agency in enumerate(agencies):
        model = agency.model
        eligible = v.destination == agency.country
        if agency.kind == "border_police":
            eligible &= x["cross_border"] > 0
        logit = model.base + model.loading * v.visibility
        for trait, beta in model.betas.items():
            logit = logit + beta * x[trait]
        found[:, j] = eligible & (u[:, j] < 1.0 / (1.0 + np.exp(-logit)))
    return found


def decode_masks(column: str, names: tuple[str, ...]) -> pl.Expr:
    """Polars expression: bit-mask column to ';'-joined codes (null when empty).

    Runs in polars, not Python, because this is the hot path of the simulator.
    """
    mask = pl.col(column)
    parts = [pl.when((mask & (1 << j)) != 0).then(pl.lit(name)) for j, name in enumerate(names)]
    joined = pl.concat_str(parts, separator=";", ignore_nulls=True)
    return pl.when(mask == 0).then(None).otherwise(joined).alias(column)


def agency_frame(
    spec: WorldSpec,
    agency: Agency,
    v: Victims,
    rows: np.ndarray,
    rng: np.random.Generator,
    *,
    lists: bool = True,
) -> pl.DataFrame:
    """The records ``agency`` keeps of victims ``rows`` (without record_id), plus person_id."""
    table = name_table()
    noise = spec.noise
    scale = agency.model.noise
    miss = min(1.0, noise.field_missing * scale)
    n = len(rows)
    family_first = np.isin(v.culture[rows], [c for c, f in table.family_first.items() if f])
    first, second = noisy_names(
        rng, table, v.given[rows], v.family[rows], family_first, noise, scale
    )
    drop = min(1.0, noise.code_drop * scale)

    def picklist(masks: np.ndarray, names: tuple[str, ...]) -> tuple[np.ndarray, tuple]:
        kept = drop_codes(rng, masks[rows], len(names), drop)
        kept[rng.random(n) < miss] = 0
        return kept, names

    citizenship = blank(rng, citizenships(v)[rows], miss)
    # Each agency meets the victim at its own time around the identification date.
    identified = v.identified[rows] + rng.integers(-30, 120, n).astype("timedelta64[D]")
    status = np.where(
        rng.random(n) < agency.model.actual_share,
        codes.TRAFFICKING_STATUS[1],
        codes.TRAFFICKING_STATUS[0],
    )
    age = blank(rng, v.age_trafficked[rows], miss)
    return frame_from_columns(
        {
            "agency_id": [agency.agency_id] * n,
            "prs_FirstName": first,
            "prs_SecondName": second,
            "prs_Birthdate": noisy_birthdates(rng, v.birth[rows], noise, scale),
            "prs_Gender": blank(rng, v.gender[rows], miss),
            "prs_Citizenship": citizenship,
            "prs_IdentityNumber": noisy_documents(rng, v.document[rows], noise, scale),
            "prs_PrimaryLanguage": blank(rng, v.language[rows], miss),
            "vic_TraffickingStatus": status,
            "vic_TraffickingStatusDecisionMakingOrg": [agency.model.decision_org] * n,
            "vic_AgeWhenTrafficked": age,
            "vic_RelationshipToTrafficker": blank(rng, v.relationship[rows], miss),
            "vic_MethodOfRecruitment": picklist(v.recruitment, codes.RECRUITMENT_METHOD),
            "vic_RecruitmentWebsitesAndApps": picklist(v.apps, codes.WEBSITES_AND_APPS),
            "vic_MethodsOfControl": picklist(v.control, codes.CONTROL),
            "vic_TypeOfExploitation": picklist(v.exploitation, codes.EXPLOITATION),
            "vic_TypeOfSexExploitation": picklist(v.sex_exploitation, codes.SEX_EXPLOITATION),
            "vic_ForcedLabourIndustry": blank(rng, v.industry[rows], miss),
            "hte_Country__Recruitment": blank(rng, v.origin[rows], miss),
            "hte_Date__Recruitment": blank(rng, v.recruited[rows], 2 * miss),
            "hte_Country__Transit": blank(rng, v.transit[rows], 2 * miss),
            "hte_Country__Exploitation": v.destination[rows],
            "hte_Date__Exploitation": blank(rng, v.exploitation_start[rows], 2 * miss),
            "plm_IdentificationDate": identified,
            "plm_IdentificationYear": identified.astype("datetime64[Y]").astype(np.int64) + 1970,
            "person_id": v.index[rows],
        },
        SCHEMA,
        lists=lists,
    )


def citizenships(v: Victims) -> np.ndarray:
    """prs_Citizenship of each victim as ';'-joined ISO codes."""
    both = v.second_citizenship != None  # noqa: E711
    out = v.origin.copy()
    out[both] = v.origin[both] + ";" + v.second_citizenship[both]
    return out


def frame_from_columns(
    columns: dict[str, Any], schema: dict[str, Any], *, lists: bool = True
) -> pl.DataFrame:
    """Polars frame from numpy/list columns.

    List columns arrive as ';'-joined strings or as ``(bit masks, codes)`` pairs
    (building polars lists from Python lists is slow) and are split here unless
    ``lists`` is false (the file form); object arrays of str/None go via lists.
    """
    masks = {k: c for k, c in columns.items() if isinstance(c, tuple)}
    data = {
        k: c[0]
        if k in masks
        else c.tolist()
        if isinstance(c, np.ndarray) and c.dtype == object
        else c
        for k, c in columns.items()
    }
    dates = [k for k, c in columns.items() if isinstance(c, np.ndarray) and c.dtype.kind == "M"]
    ids = [
        k
        for k, c in columns.items()
        if k == "person_id" and isinstance(c, np.ndarray) and c.dtype.kind == "i"
    ]
    flat = {
        k: pl.Int64
        if k in masks or k in ids
        else pl.Date
        if k in dates
        else pl.String
        if isinstance(t, pl.List)
        else t
        for k, t in schema.items()
    }
    frame = pl.DataFrame(data, schema=flat)
    # Dates and person ids are formatted in polars: much faster than Python strings.
    frame = frame.with_columns(
        *(pl.col(k).dt.to_string("%Y-%m-%d") for k in dates),
        *(pl.concat_str(pl.lit("P"), pl.col(k).cast(pl.String).str.zfill(8)).alias(k) for k in ids),
    )
    if masks:
        frame = frame.with_columns(decode_masks(k, names) for k, (_, names) in masks.items())
    if not lists:
        return frame
    return frame.with_columns(
        pl.col(k).str.split(";") for k, t in schema.items() if isinstance(t, pl.List)
    )


SCHEMA: dict[str, Any] = {
    "agency_id": pl.String,
    "prs_FirstName": pl.String,
    "prs_SecondName": pl.String,
    "prs_Birthdate": pl.String,
    "prs_Gender": pl.String,
    "prs_Citizenship": pl.List(pl.String),
    "prs_IdentityNumber": pl.String,
    "prs_PrimaryLanguage": pl.String,
    "vic_TraffickingStatus": pl.String,
    "vic_TraffickingStatusDecisionMakingOrg": pl.String,
    "vic_AgeWhenTrafficked": pl.Int64,
    "vic_RelationshipToTrafficker": pl.String,
    "vic_MethodOfRecruitment": pl.List(pl.String),
    "vic_RecruitmentWebsitesAndApps": pl.List(pl.String),
    "vic_MethodsOfControl": pl.List(pl.String),
    "vic_TypeOfExploitation": pl.List(pl.String),
    "vic_TypeOfSexExploitation": pl.List(pl.String),
    "vic_ForcedLabourIndustry": pl.String,
    "hte_Country__Recruitment": pl.String,
    "hte_Date__Recruitment": pl.String,
    "hte_Country__Transit": pl.String,
    "hte_Country__Exploitation": pl.String,
    "hte_Date__Exploitation": pl.String,
    "plm_IdentificationDate": pl.String,
    "plm_IdentificationYear": pl.Int64,
    "person_id": pl.String,
}
