"""Ciphertexts are bound to their row: swapped values fail, and migration 0012a re-encrypts."""

from __future__ import annotations

import pytest
from alembic.command import downgrade
from sqlalchemy import select, text, update
from sqlalchemy.exc import StatementError

from palermo import cases
from palermo.cases.record.schemas import CaseCreate, EventData, PersonData
from palermo.errors import KeyMaterialError
from palermo.store import Store, migrate
from palermo.store.db import alembic_config
from palermo.store.models import Case, Person, TraffickingEvent
from palermo.store.models.case import external_id_digest
from tests.factories import as_fixture, make_agency_user


def _two_cases(store: Store) -> tuple[int, int]:
    actor = make_agency_user(store)
    ids = []
    with store.session() as s:
        for name, city in (("Ana", "Iasi"), ("Bogdan", "Cluj")):
            data = CaseCreate(
                person=PersonData(given_name=name, family_name="Lupu"),
                events=[EventData(type="Recruitment", country="RO", city=city)],
                external_id=f"REF-{name}",
            )
            ids.append(cases.open_case(s, data=data, actor=actor).victim_id)
    return ids[0], ids[1]


def test_swapped_name_ciphertexts_fail_to_decrypt(store: Store) -> None:
    first, second = _two_cases(store)
    with store.engine.begin() as conn:
        tokens = dict(conn.execute(text("SELECT id, given_name FROM person")).all())
        for row, other in ((first, second), (second, first)):
            conn.execute(
                text("UPDATE person SET given_name = :t WHERE id = :id"),
                {"t": tokens[other], "id": row},
            )
    for person_id in (first, second):
        with store.session() as s, pytest.raises(KeyMaterialError, match="another record"):
            s.get(Person, person_id)


def test_values_read_back_and_reload_after_expiry(store: Store) -> None:
    first, _second = _two_cases(store)
    with store.session() as s, as_fixture(s):
        person = s.get(Person, first)
        assert person is not None and person.given_name == "Ana"
        s.expire(person)
        assert person.family_name == "Lupu"  # reloaded from the row, opened again
        person.given_name = "Ana Maria"
    with store.session() as s:
        assert s.get(Person, first).given_name == "Ana Maria"  # type: ignore[union-attr]


def test_free_text_is_encrypted_and_external_ids_found_by_blind_index(store: Store) -> None:
    _two_cases(store)
    with store.engine.connect() as conn:
        cities = conn.execute(text("SELECT city FROM trafficking_event")).scalars().all()
        refs = conn.execute(text("SELECT external_id FROM case_record")).scalars().all()
    assert all(v.startswith("v2:") for v in [*cities, *refs])
    assert not any("Iasi" in v or "REF-" in v for v in [*cities, *refs])
    with store.session() as s:
        found = s.scalars(
            select(Case).where(Case.external_id_digest == external_id_digest(" REF-Bogdan "))
        ).all()
        assert [c.external_id for c in found] == ["REF-Bogdan"]
        assert {e.city for e in s.scalars(select(TraffickingEvent))} == {"Iasi", "Cluj"}


def test_a_write_that_bypasses_the_orm_is_refused(store: Store) -> None:
    first, _second = _two_cases(store)
    # A programming error, refused before anything is stored (SQLAlchemy wraps it).
    with store.session() as s, pytest.raises(StatementError, match="outside a row"):
        s.execute(update(Person).where(Person.id == first).values(given_name="Mallory"))


def test_migration_binds_old_ciphertexts_and_encrypts_clear_text(store: Store) -> None:
    first, _second = _two_cases(store)
    config = alembic_config(store.engine)
    downgrade(config, "0007")
    with store.engine.connect() as conn:
        old_name = conn.execute(
            text("SELECT given_name FROM person WHERE id = :id"), {"id": first}
        ).scalar()
        old_cities = conn.execute(text("SELECT city FROM trafficking_event")).scalars().all()
    assert old_name.startswith("v1:") and sorted(old_cities) == ["Cluj", "Iasi"]
    migrate(store.engine)
    with store.engine.connect() as conn:
        name = conn.execute(
            text("SELECT given_name FROM person WHERE id = :id"), {"id": first}
        ).scalar()
    assert name.startswith("v2:")
    with store.session() as s:
        assert s.get(Person, first).given_name == "Ana"  # type: ignore[union-attr]
        refs = s.scalars(
            select(Case.id).where(Case.external_id_digest == external_id_digest("REF-Ana"))
        ).all()
        assert len(refs) == 1
