from alembic.autogenerate import compare_metadata
from alembic.command import downgrade
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from palermo.store import Store
from palermo.store.db import alembic_config, migrate
from palermo.store.models import Base


def test_migrations_match_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_downgrade_to_empty_and_back(store: Store) -> None:
    downgrade(alembic_config(store.engine), "base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    migrate(store.engine)
    assert "referral" in inspect(store.engine).get_table_names()


def test_sqlite_batch_migrations_keep_child_rows(tmp_path) -> None:  # noqa: ANN001
    """Rebuilding a parent table on SQLite must not cascade-delete its children."""
    from palermo import cases
    from palermo.cases.record.schemas import CaseCreate, EventData, PersonData
    from palermo.store import open_store
    from palermo.store.keys import new_keyring
    from tests.factories import make_agency_user

    store = open_store(url=f"sqlite:///{tmp_path / 'm.db'}", keyring=new_keyring())
    actor = make_agency_user(store)
    with store.session() as s:
        cases.open_case(
            s,
            data=CaseCreate(person=PersonData(given_name="X"), events=[EventData(type="Transit")]),
            actor=actor,
        )
    downgrade(alembic_config(store.engine), "0003")  # drops the columns 0004 added to case_record
    with store.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM trafficking_event")).scalar() == 1
    migrate(store.engine)
    store.engine.dispose()
