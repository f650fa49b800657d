"""Small builders for tests: agencies, users and actors in a store."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy.orm import Session

from palermo.accounts import service as accounts
from palermo.store import Store, audit
from palermo.store.actor import Actor

PASSWORD = "correct horse battery"


def make_agency_user(
    store: Store,
    *,
    agency: str = "NGO North",
    role: str = "caseworker",
    username: str | None = None,
) -> Actor:
    with store.session() as session:
        system = Actor.system("test")
        from sqlalchemy import select

        from palermo.store.models import Agency

        existing = session.scalar(select(Agency).where(Agency.name == agency))
        agency_row = existing or accounts.create_agency(
            session, name=agency, type="NGO", country="NL", actor=system
        )
        user = accounts.create_user(
            session,
            username=username or f"{role}-{agency_row.id}",
            password=PASSWORD,
            role=role,
            agency_id=agency_row.id,
            actor=system,
        )
        return accounts.actor_of(user, origin="127.0.0.1")


TEST_FIXTURE = Actor.system("test-fixture")


def as_fixture(session: Session) -> AbstractContextManager[Session]:
    """For a test that writes rows directly (backdated history, hand-made records): the
    model-layer audit needs someone to attribute them to, here the test itself."""
    return audit.acting_as(session, TEST_FIXTURE)
