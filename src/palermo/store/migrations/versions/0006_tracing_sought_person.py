"""tracing request: the sought person's gender and aliases

A relative nearly always knows whether they look for a woman or a man, and often
other names the person went by; the matcher uses both to tell namesakes apart.
``sought_aliases`` is encrypted at rest like the other names (stored as text).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tracing_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sought_gender", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("sought_aliases", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tracing_request", schema=None) as batch_op:
        batch_op.drop_column("sought_aliases")
        batch_op.drop_column("sought_gender")
