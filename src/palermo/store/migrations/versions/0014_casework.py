"""casework: tasks on a case, the receiver's case of a referral, indexes for owners

* ``case_task``: something to do on a case, by a day, by someone;
* ``referral_case_link``: the case a receiving agency opened (or linked) for a referral;
* ``case_record`` indexes on the owner ("My work") and on the victim (from the person
  index to the case, for searches and the duplicate check).

The phonetic and birth-year blind indexes are rows of ``person_index`` (new kinds, no new
column); ``palermo db reindex`` fills them in for persons recorded before this revision.

Revision ID: 0014_casework
Revises: 0011_know
Create Date: 2026-12-01 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_casework"
down_revision = "0013_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("assigned_to_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["assigned_to_id"],
            ["user_account.id"],
            name=op.f("fk_case_task_assigned_to_id_user_account"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
            name=op.f("fk_case_task_case_id_case_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_task")),
    )
    with op.batch_alter_table("case_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_task_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_case_task_assignee_due", ["assigned_to_id", "done_on", "due_on"], unique=False
        )

    op.create_table(
        "referral_case_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("linked_by", sa.String(length=200), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
            name=op.f("fk_referral_case_link_case_id_case_record"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
            name=op.f("fk_referral_case_link_referral_id_referral"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_case_link")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_referral_case_link_referral_id")),
    )
    with op.batch_alter_table("referral_case_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_case_link_case_id"), ["case_id"], unique=False
        )

    with op.batch_alter_table("case_record", schema=None) as batch_op:
        batch_op.create_index("ix_case_owner", ["owner_id", "status"], unique=False)
        batch_op.create_index("ix_case_victim", ["victim_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case_record", schema=None) as batch_op:
        batch_op.drop_index("ix_case_victim")
        batch_op.drop_index("ix_case_owner")
    with op.batch_alter_table("referral_case_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_case_link_case_id"))
    op.drop_table("referral_case_link")
    with op.batch_alter_table("case_task", schema=None) as batch_op:
        batch_op.drop_index("ix_case_task_assignee_due")
        batch_op.drop_index(batch_op.f("ix_case_task_case_id"))
    op.drop_table("case_task")
