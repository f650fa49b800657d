"""audit head row exists from the start

Creating it on the first append raced when two first appends ran at once on
PostgreSQL; with the row in place, SELECT ... FOR UPDATE serialises every append.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 13:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.execute(
        sa.text(
            "INSERT INTO audit_head (id, last_id, last_hash) "
            "SELECT 1, 0, :genesis WHERE NOT EXISTS (SELECT 1 FROM audit_head WHERE id = 1)"
        ).bindparams(genesis=GENESIS)
    )


def downgrade() -> None:
    # Rows of the audit log are never removed by a migration; the head stays consistent.
    pass
