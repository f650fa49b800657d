"""Alembic environment: runs against the engine handed in by palermo.store.db.migrate."""

from __future__ import annotations

from alembic import context

from palermo.store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    raise RuntimeError("Run migrations through `palermo db upgrade`, which supplies the engine.")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
