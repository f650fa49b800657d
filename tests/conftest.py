"""Fixtures shared by every test package."""

from __future__ import annotations

from pathlib import Path

import pytest

# One definition of the browser fixtures for the whole run: a second session-scoped
# Chromium (a conftest re-exporting them) would start Playwright twice in one process.
pytest_plugins = ["tests.browser_support"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    """``../shared/reference`` beside the checkout, as DESIGN.md lays it out."""
    if not SHARED_REFERENCE.is_dir():
        pytest.fail(f"Reference material not found at {SHARED_REFERENCE}; clone beside shared/.")
    return SHARED_REFERENCE


# --- databases -----------------------------------------------------------------------------

import os  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Iterator  # noqa: E402

# Signed audit checkpoints go beside the key file by default; tests open stores with keys
# in memory, so their checkpoints go to a file of the test run instead of ./var.
os.environ.setdefault(
    "PALERMO_AUDIT_CHECKPOINTS", str(Path(tempfile.mkdtemp()) / "audit-checkpoints.jsonl")
)

from sqlalchemy import text  # noqa: E402

from palermo.store import Store, open_store  # noqa: E402
from palermo.store.keys import KeyRing, new_keyring  # noqa: E402

IN_CI = bool(os.environ.get("CI"))
POSTGRES_URL = os.environ.get("PALERMO_TEST_POSTGRES_URL")


def _worker_postgres_url(url: str) -> str:
    """One database per pytest-xdist worker (``palermo_test_gw0``...), created on first use,
    so parallel workers never drop each other's schema."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    from sqlalchemy.engine import make_url

    from palermo.store.db import make_engine

    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = make_engine(base.set(database="postgres").render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _reset_postgres(url: str) -> None:
    from palermo.store.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to an empty database: SQLite in a temp dir, and PostgreSQL when configured."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'palermo.db'}"
    if not POSTGRES_URL:
        if IN_CI:
            pytest.fail("CI must run the PostgreSQL tests: PALERMO_TEST_POSTGRES_URL is not set.")
        pytest.skip("PostgreSQL tests need PALERMO_TEST_POSTGRES_URL (see .ci/run).")
    url = _worker_postgres_url(POSTGRES_URL)
    _reset_postgres(url)
    return url


@pytest.fixture
def keyring() -> KeyRing:
    return new_keyring()


@pytest.fixture
def store(database_url: str, keyring: KeyRing) -> Iterator[Store]:
    """A migrated, empty store on each database engine."""
    s = open_store(url=database_url, keyring=keyring)
    yield s
    s.close()
