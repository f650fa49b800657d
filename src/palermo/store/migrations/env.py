"""Alembic environment: runs against the engine handed in by palermo.store.db.migrate.

On SQLite, batch migrations copy a table and drop the original; with foreign keys on,
that DROP deletes the rows of every child table through ON DELETE CASCADE. So foreign
keys are switched off around the migration (a pragma SQLite only honours outside a
transaction) and the result is checked with PRAGMA foreign_key_check before they return.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from palermo.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    raise RuntimeError("Run migrations through `palermo db upgrade`, which supplies the engine.")


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if engine.dialect.name == "sqlite":
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                _run(connection)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"Migration left broken foreign keys: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
else:
    with engine.begin() as connection:
        _run(connection)
