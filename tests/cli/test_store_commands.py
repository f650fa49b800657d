"""keys, users, audit: the commands an administrator runs on the server."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from palermo import clock
from palermo.cli import app
from palermo.config import get_settings

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    db = tmp_path / "palermo.db"
    monkeypatch.setenv("PALERMO_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("PALERMO_KEY_FILE", str(tmp_path / "palermo.keys"))
    monkeypatch.delenv("PALERMO_KEYS", raising=False)
    # The default sink: a file beside the key file.
    monkeypatch.delenv("PALERMO_AUDIT_CHECKPOINTS", raising=False)
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
    # The switch-over to keyed hashes, the agency and the user.
    assert ok.exit_code == 0 and "intact: 3 rows" in ok.output, ok.output
    with sqlite3.connect(env) as conn:
        conn.execute("UPDATE audit_entry SET action = 'read' WHERE id = 2")
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "Row 2 was changed after it was written" in broken.output


def test_audit_verify_catches_a_cut_tail_from_the_checkpoint_file(env: Path) -> None:
    _populate()
    assert run("audit", "checkpoint").exit_code == 0
    beside = env.parent / "audit-checkpoints.jsonl"
    assert beside.stat().st_mode & 0o077 == 0
    with sqlite3.connect(env) as conn:  # cut the last row and point the head at the one before
        last_hash = conn.execute("SELECT hash FROM audit_entry WHERE id = 2").fetchone()[0]
        conn.execute("DELETE FROM audit_entry WHERE id = 3")
        conn.execute("UPDATE audit_head SET last_id = 2, last_hash = ?", (last_hash,))
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1 and "rows 3 were removed" in broken.output.replace("–", "-")
    beside.unlink()
    gone = runner.invoke(app, ["audit", "verify"])
    assert gone.exit_code == 1 and "No signed checkpoint" in gone.output


def test_database_export_and_key_files_are_private(env: Path) -> None:
    _populate()
    out = env.parent / "export.csv"
    out.write_text("")
    out.chmod(0o644)  # an export over a world-readable file leaves it owner-only
    exported = run("cases", "export", "--agency", "1", "--out", str(out))
    assert exported.exit_code == 0, exported.output
    wal = env.with_name(env.name + "-wal")
    assert wal.exists()
    for path in (env, wal, env.parent / "palermo.keys", out):
        assert path.stat().st_mode & 0o077 == 0, path


def test_an_old_key_file_gets_an_audit_key(env: Path) -> None:
    import json

    assert run("keys", "init").exit_code == 0
    key_file = Path(get_settings().key_file)
    raw = json.loads(key_file.read_text())
    del raw["audit"]
    key_file.write_text(json.dumps(raw))
    refused = runner.invoke(app, ["db", "upgrade"])
    assert refused.exit_code != 0 and "no audit key" in str(refused.exception)
    assert run("keys", "rotate", "--audit-only").exit_code == 0
    assert "audit" in json.loads(key_file.read_text())
    assert run("db", "upgrade").exit_code == 0
    assert run("audit", "verify").exit_code == 0


def test_users_unlock_and_reset_password(env: Path) -> None:
    _populate()
    from palermo.accounts.service import authenticate
    from palermo.errors import AuthenticationFailed, TooManyAttempts
    from palermo.store import open_store

    store = open_store()
    with clock.frozen_clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC)):
        for _ in range(6):
            with store.session() as s:
                try:
                    authenticate(
                        s, username="ana", password="wrong-password", origin="198.51.100.7"
                    )
                except (AuthenticationFailed, TooManyAttempts):
                    s.commit()
        with pytest.raises(TooManyAttempts), store.session() as s:
            authenticate(s, username="ana", password="correct horse battery", origin="198.51.100.7")
        assert run("users", "unlock", "ana").exit_code == 0
        with store.session() as s:
            authenticate(s, username="ana", password="correct horse battery", origin="198.51.100.7")
        reset = run("users", "reset-password", "ana", "--password", "a new long password")
        assert reset.exit_code == 0 and "reset" in reset.output
        with pytest.raises(AuthenticationFailed), store.session() as s:
            authenticate(s, username="ana", password="correct horse battery", origin="198.51.100.7")
        with store.session() as s:
            authenticate(s, username="ana", password="a new long password", origin="198.51.100.7")
    store.close()


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
    verified = run("audit", "verify")
    assert verified.exit_code == 0, verified.output
    with sqlite3.connect(env) as conn:  # rows before and after verify under their own keys
        rows = conn.execute("SELECT action, key_id FROM audit_entry ORDER BY id").fetchall()
    switch = [i for i in range(1, len(rows)) if rows[i][1] != rows[i - 1][1]]
    # One switch of audit key, at the rotation's own entry; later rows (the search) keep it.
    assert len(switch) == 1 and rows[switch[0]][0] == "rotate", rows
    assert rows[-1][0] == "search" and rows[-1][1] == rows[switch[0]][1]


def test_users_token_prints_a_bearer_token(env: Path) -> None:
    _populate()
    result = run("users", "token", "ana")
    assert result.exit_code == 0 and result.output.strip().startswith("plm_")
