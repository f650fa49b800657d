"""audit log chained by keyed hashes, with the switch-over marked in the chain

Each row now records the audit key its HMAC-SHA256 hash was made with (``key_id``);
rows written before keep their plain SHA-256 hash and no key id, and verify as they
were written. This migration appends the first keyed row, an ``audit_scheme`` entry
whose ``entity_id`` is the number of the last unkeyed row: after it, a row without a key
is refused, so no one can pass rewritten rows off as old ones. Its hash names the log
(``audit_head.chain_id``) in the checkpoints signed outside the database.

Needs the key ring's audit key (``palermo keys rotate --audit-only`` adds one).
Downgrading drops the key ids: keyed rows then no longer verify with the old code.

Revision ID: 0012b_keyed_audit_chain
Revises: 0012a_row_bound_ciphertexts
Create Date: 2026-12-01 16:00:00
"""

from __future__ import annotations

import hashlib
import hmac
from typing import cast

import sqlalchemy as sa
from alembic import op

revision = "0012b_keyed_audit_chain"
down_revision = "0012a_row_bound_ciphertexts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from palermo.store.audit.chain import SCHEME_ACTION, canonical
    from palermo.store.fields import current_keyring
    from palermo.store.models import AuditEntry, utcnow

    with op.batch_alter_table("audit_entry") as batch:
        batch.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
    with op.batch_alter_table("audit_head") as batch:
        batch.add_column(sa.Column("chain_id", sa.String(length=64), nullable=True))

    conn = op.get_bind()
    head = conn.execute(sa.text("SELECT last_id, last_hash FROM audit_head WHERE id = 1")).one()
    key = current_keyring().audit
    marker = AuditEntry(
        id=head.last_id + 1,
        at=utcnow(),
        actor_id=None,
        actor="system:migration",
        agency_id=None,
        action=SCHEME_ACTION,
        entity="audit_log",
        entity_id=head.last_id,  # the last row with a plain hash
        fields=["hmac-sha256"],
        origin="cli",
        outcome="ok",
        prev_hash=head.last_hash,
        key_id=key.key_id,
    )
    marker.hash = hmac.new(key.mac_key, canonical(marker), hashlib.sha256).hexdigest()
    table = cast(sa.Table, AuditEntry.__table__)
    conn.execute(sa.insert(table).values({c.name: getattr(marker, c.name) for c in table.columns}))
    conn.execute(
        sa.text(
            "UPDATE audit_head SET last_id = :id, last_hash = :h, chain_id = :h WHERE id = 1"
        ).bindparams(id=marker.id, h=marker.hash)
    )


def downgrade() -> None:
    # Rows are never removed by a migration; the marker stays, as an ordinary row.
    with op.batch_alter_table("audit_head") as batch:
        batch.drop_column("chain_id")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("key_id")
