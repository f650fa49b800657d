"""The store: SQLAlchemy models, encrypted fields, blind indexes, audit log, migrations."""

from palermo.store.actor import Actor
from palermo.store.db import Store, make_engine, migrate, open_store

__all__ = ["Actor", "Store", "make_engine", "migrate", "open_store"]
