"""The keyed audit chain and its signed checkpoints: each way of rewriting the log quietly
is detected and named."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import select, text

from palermo.store import Store, make_engine, migrate, open_store
from palermo.store.actor import Actor
from palermo.store.audit import ChainReport, record, verify_chain
from palermo.store.audit.chain import GENESIS, canonical
from palermo.store.audit.checkpoints import parse, sign
from palermo.store.fields import use_keyring
from palermo.store.keys import KeyRing, new_keyring
from palermo.store.models import AuditEntry

ANA = Actor(user_id=1, username="ana", agency_id=1, role="caseworker", origin="127.0.0.1")


def _fill(store: Store, n: int = 5) -> None:
    with store.session() as session:
        for i in range(n):
            record(session, actor=ANA, action="read", entity="case", entity_id=i, fields=["x"])


def _verify(store: Store, ring: KeyRing | None = None) -> ChainReport:
    """As ``palermo audit verify`` does: with the checkpoints written so far."""
    assert store.checkpoints is not None
    store.checkpoints.flush()
    found, _damaged = parse(store.checkpoints.sink.read() or [])
    with store.session() as session:
        return verify_chain(session, ring=ring, checkpoints=found)


def _kinds(report: ChainReport) -> list[str]:
    return [f.kind for f in report.findings]


def _rows(store: Store) -> list[AuditEntry]:
    with store.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _sha_rewrite(store: Store, first: int, *, renumber_from: int | None = None) -> None:
    """What someone with database access but no key can do: change rows (or delete one and
    renumber the rest), then recompute every later hash with plain SHA-256, the only hash
    they can compute, and move the head."""
    with store.engine.begin() as conn:
        if renumber_from is not None:
            conn.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": renumber_from})
            conn.execute(
                text("UPDATE audit_entry SET id = id - 1 WHERE id > :id"), {"id": renumber_from}
            )
    rows = _rows(store)
    prev = GENESIS
    with store.engine.begin() as conn:
        for entry in rows:
            if entry.id >= first:
                entry.actor = "mallory" if entry.id == first else entry.actor
                entry.prev_hash = prev
                entry.hash = hashlib.sha256(canonical(entry)).hexdigest()
                conn.execute(
                    text("UPDATE audit_entry SET actor = :a, prev_hash = :p, hash = :h "
                         "WHERE id = :id"),
                    {"a": entry.actor, "p": entry.prev_hash, "h": entry.hash, "id": entry.id},
                )  # fmt: skip
            prev = entry.hash
        conn.execute(
            text("UPDATE audit_head SET last_id = :i, last_hash = :h"),
            {"i": rows[-1].id, "h": prev},
        )


def test_intact_chain_verifies_with_its_checkpoints(store: Store) -> None:
    _fill(store)
    report = _verify(store)
    # The first row is the switch-over to keyed hashes written by migration 0012b.
    assert report.intact and report.rows == 6, report.findings
    assert report.checkpoints >= 1 and report.uncovered == 0


def test_edited_row_is_named(store: Store) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_entry SET actor = 'mallory' WHERE id = 3"))
    report = _verify(store)
    assert not report.intact and report.first_broken_id == 3
    assert _kinds(report) == ["edited"]
    assert "Row 3 was changed" in report.findings[0].message


def test_recomputed_chain_is_detected(store: Store) -> None:
    _fill(store)
    _sha_rewrite(store, 3)
    report = _verify(store)
    assert not report.intact
    assert report.findings[0].kind == "recomputed"
    assert (report.findings[0].first_id, report.findings[0].last_id) == (3, 6)
    assert "rewritten" in _kinds(report)  # and the checkpoint's row no longer matches


def test_delete_and_renumber_is_detected(store: Store) -> None:
    _fill(store)
    _sha_rewrite(store, 3, renumber_from=3)
    report = _verify(store)
    assert not report.intact
    assert report.findings[0].kind == "recomputed" and report.findings[0].first_id == 3
    truncated = [f for f in report.findings if f.kind == "truncated"]
    assert truncated and truncated[0].last_id == 6  # the checkpoint knew of row 6


def test_deleted_middle_row_is_named(store: Store) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    report = _verify(store)
    assert not report.intact and report.first_broken_id == 2
    assert _kinds(report) == ["missing"]


def test_truncated_tail_is_detected_by_the_head_row(store: Store) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE id >= 4"))
    report = _verify(store)
    assert not report.intact and report.first_broken_id == 4


def test_truncation_with_the_head_moved_back_is_caught_by_the_checkpoint(store: Store) -> None:
    _fill(store)
    with store.engine.begin() as conn:
        kept = conn.execute(text("SELECT hash FROM audit_entry WHERE id = 3")).scalar()
        conn.execute(text("DELETE FROM audit_entry WHERE id >= 4"))
        conn.execute(text("UPDATE audit_head SET last_id = 3, last_hash = :h"), {"h": kept})
    with store.session() as session:
        assert verify_chain(session).intact  # the chain alone cannot tell
    report = _verify(store)
    assert _kinds(report) == ["truncated"]
    assert "rows 4–6 were removed" in report.findings[0].message


def test_rewrite_with_the_key_is_caught_by_a_remote_checkpoint(store: Store) -> None:
    """Someone holding the key file can recompute a valid chain, and sign checkpoints too;
    a checkpoint kept out of their reach (syslog on another machine) still catches it."""
    _fill(store)
    assert store.checkpoints is not None
    store.checkpoints.flush()
    kept_elsewhere, _ = parse(store.checkpoints.sink.read() or [])
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_entry WHERE id > 1"))
        conn.execute(
            text("UPDATE audit_head SET last_id = 1, last_hash = (SELECT hash FROM audit_entry)")
        )
    _fill(store, 5)  # five new rows with the key, in place of the old ones
    with store.session() as session:
        report = verify_chain(session, checkpoints=kept_elsewhere)
    assert not report.intact and _kinds(report) == ["rewritten"]


def test_forged_checkpoint_is_named(store: Store) -> None:
    _fill(store)
    chain = _rows(store)[0].hash  # the switch-over row names the log
    forged = sign(new_keyring(), chain=chain, last_id=99, last_hash="0" * 64)
    forged = type(forged)(**{**forged.__dict__, "key_id": store.keyring.audit.key_id})
    with store.session() as session:
        report = verify_chain(session, checkpoints=[forged])
    assert "forged_checkpoint" in _kinds(report)


def test_missing_checkpoints_are_not_taken_as_intact(store: Store) -> None:
    _fill(store)
    with store.session() as session:
        report = verify_chain(session, checkpoints=[], sink="/nowhere")
    assert not report.intact and _kinds(report) == ["no_checkpoint"]


def test_rows_verify_under_the_audit_key_they_were_written_with(
    database_url: str, keyring: KeyRing
) -> None:
    store = open_store(url=database_url, keyring=keyring)
    _fill(store, 2)
    store.close()
    rotated = keyring.with_new_audit_key()
    store = open_store(url=database_url, keyring=rotated)
    _fill(store, 2)
    assert _verify(store).intact
    keys = {row.key_id for row in _rows(store)}
    assert keys == {keyring.audit.key_id, rotated.audit.key_id}
    without_old = KeyRing(
        active_id=rotated.active_id,
        pairs=rotated.pairs,
        audit_active_id=rotated.audit_active_id,
        audit_keys={rotated.audit.key_id: rotated.audit},
    )
    assert "unknown_key" in _kinds(_verify(store, ring=without_old))
    store.close()


def test_rows_from_before_the_switch_verify_and_unkeyed_rows_after_it_do_not(
    database_url: str, keyring: KeyRing
) -> None:
    use_keyring(keyring)
    engine = make_engine(database_url)
    migrate(engine, "0012a_row_bound_ciphertexts")
    prev = GENESIS
    with engine.begin() as conn:  # three rows as the plain SHA-256 chain wrote them
        for i in range(1, 4):
            entry = AuditEntry(id=i, at=datetime(2026, 1, i), actor_id=1,
                               actor="ana", agency_id=1, action="read", entity="case",
                               entity_id=i, fields=[], origin=None, outcome="ok",
                               prev_hash=prev)  # fmt: skip
            entry.hash = hashlib.sha256(canonical(entry)).hexdigest()
            conn.execute(
                text(
                    "INSERT INTO audit_entry (id, at, actor_id, actor, agency_id, action, "
                    "entity, entity_id, fields, origin, outcome, prev_hash, hash) VALUES "
                    "(:id, :at, 1, 'ana', 1, 'read', 'case', :id, '[]', NULL, 'ok', :p, :h)"
                ),
                {"id": i, "at": entry.at, "p": prev, "h": entry.hash},
            )
            prev = entry.hash
        conn.execute(text("UPDATE audit_head SET last_id = 3, last_hash = :h"), {"h": prev})
    engine.dispose()
    store = open_store(url=database_url, keyring=keyring)  # 0012b: the switch-over row
    _fill(store, 2)
    report = _verify(store)
    assert report.intact and report.rows == 6, report.findings
    marker = _rows(store)[3]
    assert (marker.action, marker.entity_id, marker.key_id) == (
        "audit_scheme",
        3,
        keyring.audit.key_id,
    )
    row = _rows(store)[5]
    row.key_id = None  # pass row 6 off as an old, unkeyed one, with a matching plain hash
    with store.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit_entry SET key_id = NULL, hash = :h WHERE id = 6"),
            {"h": hashlib.sha256(canonical(row)).hexdigest()},
        )
        conn.execute(text("UPDATE audit_head SET last_hash = :h"),
                     {"h": hashlib.sha256(canonical(row)).hexdigest()})  # fmt: skip
    report = _verify(store)
    assert "unkeyed" in _kinds(report) and report.findings[0].first_id == 6
    store.close()


def test_rolled_back_change_leaves_no_entry(store: Store) -> None:
    _fill(store, 2)
    actor = Actor.system("t")
    try:
        with store.session() as session:
            record(session, actor=actor, action="delete", entity="case", entity_id=9)
            raise RuntimeError("abort")
    except RuntimeError:
        pass
    report = _verify(store)
    assert report.intact and report.rows == 3
