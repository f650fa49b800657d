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
