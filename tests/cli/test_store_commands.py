"""keys, users, audit: the commands an administrator runs on the server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from palermo.cli import app
from palermo.config import get_settings

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "palermo.db"
    monkeypatch.setenv("PALERMO_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("PALERMO_KEY_FILE", str(tmp_path / "palermo.keys"))
    monkeypatch.delenv("PALERMO_KEYS", raising=False)
    get_settings.cache_clear()
    yield db
    get_settings.cache_clear()


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def _populate() -> None:
    assert run("keys", "init").exit_code == 0
    assert run("agencies", "add", "NGO North", "--type", "NGO", "--country", "NL").exit_code == 0
    added = run(
        "users",
        "add",
        "ana",
        "--agency",
        "1",
        "--role",
        "caseworker",
        "--password",
        "correct horse battery",
    )
    assert added.exit_code == 0, added.output


def test_audit_verify_passes_then_names_the_altered_row(env: Path) -> None:
    _populate()
    ok = run("audit", "verify")
    assert ok.exit_code == 0 and "intact: 2 rows" in ok.output
    with sqlite3.connect(env) as conn:
        conn.execute("UPDATE audit_entry SET action = 'read' WHERE id = 2")
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "row 2" in broken.output


def test_keys_init_refuses_to_overwrite(env: Path) -> None:
    assert run("keys", "init").exit_code == 0
    again = runner.invoke(app, ["keys", "init"])
    assert again.exit_code != 0
    assert "refusing to overwrite" in str(again.exception or again.output)


def test_keys_rotate_keeps_every_record_readable(env: Path) -> None:
    _populate()
    from palermo.cases import find_cases, open_case
    from palermo.cases.record.schemas import CaseCreate, CaseQuery, PersonData
    from palermo.store import open_store
    from palermo.store.actor import Actor

    actor = Actor(user_id=1, username="ana", agency_id=1, role="caseworker")
    with open_store().session() as s:
        open_case(
            s,
            data=CaseCreate(person=PersonData(given_name="Zara", family_name="Noor")),
            actor=actor,
        )
    old_key = Path(get_settings().key_file).read_text()
    rotated = run("keys", "rotate")
    assert rotated.exit_code == 0 and "re-encrypted" in rotated.output
    assert Path(get_settings().key_file).read_text() != old_key
    with sqlite3.connect(env) as conn:
        token = conn.execute("SELECT given_name FROM person").fetchone()[0]
    assert "Zara" not in token
    with open_store().session() as s:
        page = find_cases(s, query=CaseQuery(name="Zara Noor"), actor=actor)
    assert [i.name for i in page.items] == ["Zara Noor"]
    assert run("audit", "verify").exit_code == 0


def test_users_token_prints_a_bearer_token(env: Path) -> None:
    _populate()
    result = run("users", "token", "ana")
    assert result.exit_code == 0 and result.output.strip().startswith("plm_")
