"""Re-encrypt every encrypted field and rebuild every blind index under a new key."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, Text, select, type_coerce, update
from sqlalchemy.orm import Session

from palermo.store import crypto
from palermo.store.blind_index import reindex
from palermo.store.fields import EncryptedText, use_keyring
from palermo.store.keys import KeyRing
from palermo.store.models import Base, Case, Person
from palermo.store.models.case import external_id_digest


def encrypted_columns() -> list[tuple[str, str, str]]:
    """(table, column, context) of every encrypted column in the schema."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, EncryptedText):
                found.append((table.name, column.name, column.type.context))
    return found


def reencrypt(
    engine: Engine,
    *,
    old: KeyRing,
    new: KeyRing,
    progress: Callable[[str, int], None] | None = None,
) -> int:
    """Rewrite all ciphertexts under ``new.active`` in one transaction; returns values rewritten."""
    rewritten = 0
    with Session(engine) as session, session.begin():
        for table_name, column_name, context in encrypted_columns():
            table = Base.metadata.tables[table_name]
            raw = type_coerce(table.c[column_name], Text)
            rows = session.execute(
                select(table.c.id, raw.label("v")).where(table.c[column_name].is_not(None))
            ).all()
            for row_id, token in rows:
                plain = crypto.decrypt(old, token, context=context, row=row_id)
                sealed = crypto.encrypt(new, plain, context=context, row=row_id)
                session.execute(
                    update(table)
                    .where(table.c.id == row_id)
                    .values({column_name: type_coerce(sealed, Text)})
                )
                rewritten += 1
            if progress:
                progress(f"{table_name}.{column_name}", len(rows))
        # Blind indexes are keyed hashes: they must be recomputed with the new index key.
        use_keyring(new)
        for person in session.scalars(select(Person)):
            reindex(person)
        for case in session.scalars(select(Case).where(Case.external_id_digest.is_not(None))):
            case.external_id_digest = external_id_digest(case.external_id or "")
        session.flush()
    return rewritten


def rebuild_blind_indexes(engine: Engine, *, ring: KeyRing) -> int:
    """Recompute every person's blind index rows under ``ring``; returns persons reindexed.

    A migration cannot compute keyed hashes (it has no key), so persons recorded before a
    revision that adds an index kind (``0014_casework``: phonetic, birth year) get its rows
    from this, in one transaction.
    """
    with Session(engine) as session, session.begin():
        use_keyring(ring)
        persons = list(session.scalars(select(Person)))
        for person in persons:
            reindex(person)
        session.flush()
    return len(persons)
