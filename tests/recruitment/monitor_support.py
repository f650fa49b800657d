"""Users of a labour inspectorate and of an NGO, for the tests of the Prevent store side."""

from __future__ import annotations

from palermo.accounts import service as accounts
from palermo.store import Store
from palermo.store.actor import Actor
from tests.factories import make_agency_user


def inspectorate_user(
    store: Store, *, username: str, role: str = "caseworker", agency: str = "Inspectorate"
) -> Actor:
    """A user of an agency of type LabourInspectorate (made on first use)."""
    from sqlalchemy import select

    from palermo.store.models import Agency

    with store.session() as s:
        if s.scalar(select(Agency.id).where(Agency.name == agency)) is None:
            accounts.create_agency(
                s, name=agency, type="LabourInspectorate", country="NL", actor=Actor.system("t")
            )
    return make_agency_user(store, agency=agency, role=role, username=username)
