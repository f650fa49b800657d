"""From the simulated world's records to the justice pillar's references: each identified
victim's first record becomes a :class:`~palermo.justice.records.VictimRef`, and some
victims are themselves charged for what their exploitation made them do (non-punishment
cases). Used by :mod:`palermo.simulate.justice`.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from typing import Any

import numpy as np
import polars as pl

from palermo.justice.records import VictimRef
from palermo.justice.remedies import NonPunishmentCase
from palermo.simulate.world import WorldChunk
from palermo.vocab.justice import DropOutReason, NonPunishmentOutcome, Offence

_VICTIM_CHARGE_OUTCOMES = (
    (NonPunishmentOutcome.not_prosecuted, 0.35),
    (NonPunishmentOutcome.charges_withdrawn, 0.2),
    (NonPunishmentOutcome.acquitted, 0.15),
    (NonPunishmentOutcome.convicted, 0.2),
    (NonPunishmentOutcome.conviction_quashed, 0.1),
)
# (kind of exploitation or "cross_border", chance, offences the victim may be charged with)
_VICTIM_CHARGES = (
    ("criminality", 0.25, (Offence.drug_offence, Offence.property_offence)),
    ("begging", 0.10, (Offence.begging_offence,)),
    ("sexual", 0.03, (Offence.prostitution_offence,)),
    ("cross_border", 0.03, (Offence.immigration_offence, Offence.document_fraud)),
)


def seeded(seed: int, world_seed: int, key: str) -> np.random.Generator:
    """A random stream of its own for ``key`` (a network, a person): order-independent."""
    digest = hashlib.blake2b(f"{seed}:{world_seed}:{key}".encode(), digest_size=8).digest()
    return np.random.default_rng(int.from_bytes(digest, "little"))


def pick(rng: np.random.Generator, options: tuple[tuple[Any, float], ...]) -> Any:
    """One of ``(value, weight)`` options."""
    p = np.array([w for _, w in options])
    return options[int(rng.choice(len(options), p=p / p.sum()))][0]


def first_records(chunk: WorldChunk, as_of: date) -> pl.DataFrame:
    """Each identified person's earliest record (the case the justice system knows)."""
    records = chunk.records.with_columns(person_id=chunk.truth["person_id"])
    return (
        records.filter(pl.col("plm_IdentificationDate") <= as_of.isoformat())
        .sort("person_id", "plm_IdentificationDate", "record_id")
        .unique(subset="person_id", keep="first", maintain_order=True)
    )


def age_on(birth: str | None, on: date) -> int | None:
    """Completed years on ``on`` from a recorded birth date (or year); None if unknown."""
    if not birth:
        return None
    if len(birth) == 4:
        return max(on.year - int(birth), 0)
    born = date.fromisoformat(birth)
    return max(on.year - born.year - ((on.month, on.day) < (born.month, born.day)), 0)


def victim_ref(row: dict[str, Any], reason: DropOutReason | None) -> VictimRef:
    """The victim reference of a simulator record (HTCDS names)."""
    identified = date.fromisoformat(row["plm_IdentificationDate"])
    return VictimRef(
        victim_id=row["record_id"],
        identified_on=identified,
        gender=row["prs_Gender"],
        age=age_on(row["prs_Birthdate"], identified),
        citizenship=tuple(row["prs_Citizenship"] or ()),
        exploitation=tuple(row["vic_TypeOfExploitation"] or ()),
        sex_exploitation=tuple(row["vic_TypeOfSexExploitation"] or ()),
        industry=row["vic_ForcedLabourIndustry"],
        means_of_control=tuple(row["vic_MethodsOfControl"] or ()),
        recruitment=tuple(row["vic_MethodOfRecruitment"] or ()),
        recruitment_apps=tuple(row["vic_RecruitmentWebsitesAndApps"] or ()),
        origin=row["hte_Country__Recruitment"],
        exploited_in=row["hte_Country__Exploitation"],
        agency_id=row["agency_id"],
        not_reported_reason=reason,
    )


def victim_charge(
    rng: np.random.Generator, row: dict[str, Any], kind: str, cross: bool, as_of: date
) -> NonPunishmentCase | None:
    """A charge brought against the victim of ``row`` (true ``kind`` of exploitation,
    ``cross``-border or not), or None. Charges come up to six months before
    identification or shortly after it."""
    for trigger, chance, offences in _VICTIM_CHARGES:
        if not (trigger == kind or (trigger == "cross_border" and cross)):
            continue
        if rng.random() >= chance:
            continue
        identified = date.fromisoformat(row["plm_IdentificationDate"])
        charged = identified + timedelta(days=int(rng.integers(-180, 60)))
        if charged > as_of:
            return None
        raised = max(identified, charged) + timedelta(days=int(rng.integers(0, 20)))
        decided = charged + timedelta(days=int(rng.integers(30, 300)))
        outcome = pick(rng, _VICTIM_CHARGE_OUTCOMES)
        done = decided <= as_of
        return NonPunishmentCase(
            f"NPC-{row['record_id']}",
            row["record_id"],
            offences[int(rng.integers(len(offences)))],
            charged,
            raised if raised <= as_of else None,
            outcome if done else None,
            decided if done else None,
        )
    return None
