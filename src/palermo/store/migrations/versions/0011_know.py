"""know: the privacy-budget ledger and national action plans

``privacy_budget`` / ``privacy_charge`` hold the epsilon each (dataset, year) may spend
and every release charged to it (the database-backed PrivacyLedger); ``action_plan`` ->
``plan_objective`` -> ``plan_measure`` -> ``plan_indicator`` -> ``plan_indicator_value``
hold a national action plan and its monitoring. No personal data in any of them.

Revision ID: 0011_know
Revises: 0007
Create Date: 2026-12-01 14:31:18
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_know"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_plan")),
    )
    op.create_table(
        "privacy_budget",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset", sa.String(length=120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("epsilon", sa.Float(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_budget")),
        sa.UniqueConstraint("dataset", "year", name=op.f("uq_privacy_budget_dataset")),
    )
    op.create_table(
        "privacy_charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset", sa.String(length=120), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("epsilon", sa.Float(), nullable=False),
        sa.Column("release", sa.String(length=500), nullable=False),
        sa.Column("charged_by", sa.String(length=200), nullable=False),
        sa.Column("charged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_charge")),
    )
    with op.batch_alter_table("privacy_charge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_privacy_charge_dataset"), ["dataset"], unique=False)

    op.create_table(
        "plan_objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["action_plan.id"],
            name=op.f("fk_plan_objective_plan_id_action_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_objective")),
    )
    with op.batch_alter_table("plan_objective", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_objective_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("objective_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("responsible", sa.String(length=300), nullable=True),
        sa.Column("budget", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_plan_measure_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["objective_id"],
            ["plan_objective.id"],
            name=op.f("fk_plan_measure_objective_id_plan_objective"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_measure")),
    )
    with op.batch_alter_table("plan_measure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_measure_objective_id"), ["objective_id"], unique=False
        )

    op.create_table(
        "plan_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("query_name", sa.String(length=80), nullable=True),
        sa.Column("query_version", sa.Integer(), nullable=True),
        sa.Column("unit", sa.String(length=40), nullable=True),
        sa.Column("baseline", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("direction", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"],
            ["plan_measure.id"],
            name=op.f("fk_plan_indicator_measure_id_plan_measure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_indicator")),
    )
    with op.batch_alter_table("plan_indicator", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_indicator_measure_id"), ["measure_id"], unique=False
        )

    op.create_table(
        "plan_indicator_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("numerator", sa.Integer(), nullable=True),
        sa.Column("denominator", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["plan_indicator.id"],
            name=op.f("fk_plan_indicator_value_indicator_id_plan_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_indicator_value")),
        sa.UniqueConstraint(
            "indicator_id", "period", name=op.f("uq_plan_indicator_value_indicator_id")
        ),
    )
    with op.batch_alter_table("plan_indicator_value", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_indicator_value_indicator_id"), ["indicator_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_indicator_value", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_indicator_value_indicator_id"))

    op.drop_table("plan_indicator_value")
    with op.batch_alter_table("plan_indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_indicator_measure_id"))

    op.drop_table("plan_indicator")
    with op.batch_alter_table("plan_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_measure_objective_id"))

    op.drop_table("plan_measure")
    with op.batch_alter_table("plan_objective", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_objective_plan_id"))

    op.drop_table("plan_objective")
    with op.batch_alter_table("privacy_charge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_charge_dataset"))

    op.drop_table("privacy_charge")
    op.drop_table("privacy_budget")
    op.drop_table("action_plan")
