"""sign-in throttling per username and per address instead of account lock-out

Five wrong passwords from anyone used to lock an account for 15 minutes and end its
sessions: a denial of service anyone could trigger. Failures are now counted in
``login_throttle`` per username (a keyed hash, known or not) and per client address,
with growing delays; the account's own counters go.

Revision ID: 0012c_login_throttle
Revises: 0012b_keyed_audit_chain
Create Date: 2026-12-01 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012c_login_throttle"
down_revision = "0012b_keyed_audit_chain"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
        sa.Column("wait_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("locked_until")
        batch.drop_column("failed_logins")


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
    op.drop_table("login_throttle")
