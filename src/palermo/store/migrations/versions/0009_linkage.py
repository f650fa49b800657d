"""cooperate: sharing agreements, linkage runs and the link table

Agreements between agencies (parties, purposes, field groups, legal basis, dates, who
signed); linkage runs on the store (state, progress, counts, model, report); and the
link table of case -> pseudonymous person key per run and threshold, deleted with the
case or the run.

Revision ID: 0009_linkage
Revises: 0011_know
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_linkage"
down_revision = "0008_justice"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sharing_agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("purposes", sa.JSON(), nullable=False),
        sa.Column("field_groups", sa.JSON(), nullable=False),
        sa.Column("legal_basis", sa.String(length=2000), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("signed_by", sa.String(length=500), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("ended_by", sa.String(length=200), nullable=True),
        sa.Column("end_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_sharing_agreement_created_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_agreement")),
    )
    op.create_table(
        "sharing_agreement_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_sharing_agreement_party_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["sharing_agreement.id"],
            name=op.f("fk_sharing_agreement_party_agreement_id_sharing_agreement"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sharing_agreement_party")),
        sa.UniqueConstraint(
            "agreement_id", "agency_id", name=op.f("uq_sharing_agreement_party_agreement_id")
        ),
    )
    with op.batch_alter_table("sharing_agreement_party", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sharing_agreement_party_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sharing_agreement_party_agreement_id"), ["agreement_id"], unique=False
        )
    op.create_table(
        "linkage_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("started_by", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("progress", sa.String(length=300), nullable=True),
        sa.Column("steps_done", sa.Integer(), nullable=False),
        sa.Column("steps_total", sa.Integer(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=True),
        sa.Column("persons", sa.Integer(), nullable=True),
        sa.Column("agencies", sa.Integer(), nullable=True),
        sa.Column("pairs", sa.Integer(), nullable=True),
        sa.Column("comparisons", sa.Integer(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=True),
        sa.Column("report_html", sa.Text(), nullable=True),
        sa.Column("error", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["user_account.id"],
            name=op.f("fk_linkage_run_started_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_run")),
    )
    op.create_table(
        "linked_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Float(), nullable=False),
        sa.Column("person_key", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
            name=op.f("fk_linked_record_case_id_case_record"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["linkage_run.id"],
            name=op.f("fk_linked_record_run_id_linkage_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linked_record")),
    )
    with op.batch_alter_table("linked_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_linked_record_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_linked_record_run_threshold_key",
            ["run_id", "threshold", "person_key"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("linked_record", schema=None) as batch_op:
        batch_op.drop_index("ix_linked_record_run_threshold_key")
        batch_op.drop_index(batch_op.f("ix_linked_record_case_id"))
    op.drop_table("linked_record")
    op.drop_table("linkage_run")
    with op.batch_alter_table("sharing_agreement_party", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sharing_agreement_party_agreement_id"))
        batch_op.drop_index(batch_op.f("ix_sharing_agreement_party_agency_id"))
    op.drop_table("sharing_agreement_party")
    op.drop_table("sharing_agreement")
