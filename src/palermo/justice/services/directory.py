"""Which justice agencies there are (for the forms that name one): names and types only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.justice.services.visibility import JUSTICE_AGENCY_TYPES
from palermo.store.actor import Actor
from palermo.store.models import Agency


@dataclass(frozen=True)
class AgencyRow:
    id: int
    name: str
    type: str
    country: str


def justice_agencies(session: Session, *, actor: Actor, kind: str | None = None) -> list[AgencyRow]:
    """Police forces, prosecutor's offices and courts (``kind``: one agency type), by
    country then name; the actor's own agency first when it is one of them."""
    types = {kind} if kind else JUSTICE_AGENCY_TYPES
    rows = session.scalars(
        select(Agency).where(Agency.type.in_(types)).order_by(Agency.country, Agency.name)
    )
    found = [AgencyRow(a.id, a.name, a.type, a.country) for a in rows]
    return sorted(found, key=lambda a: a.id != actor.agency_id)
