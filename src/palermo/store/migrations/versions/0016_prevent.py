"""prevent: the licensed-agency registry, stored screenings of ad feeds, reported offers

Revision ID: 0016_prevent
Revises: 0012c_login_throttle
Create Date: 2026-12-01 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_prevent"
down_revision = "0012c_login_throttle"
branch_labels = None
depends_on = None


def _index(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column])


def upgrade() -> None:
    op.create_table(
        "agency_licence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("licence_number", sa.String(length=60), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_licence")),
        sa.UniqueConstraint("name_key", "country", name=op.f("uq_agency_licence_name_key")),
    )
    _index("agency_licence", "licence_number")
    op.create_table(
        "agency_licence_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("licence_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["licence_id"],
            ["agency_licence.id"],
            name=op.f("fk_agency_licence_change_licence_id_agency_licence"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_licence_change")),
    )
    _index("agency_licence_change", "licence_id")
    op.create_table(
        "ad_screening_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed", sa.String(length=200), nullable=False),
        sa.Column("ads", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("risks", sa.JSON(), nullable=False),
        sa.Column("versions", sa.JSON(), nullable=False),
        sa.Column("stored_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_screening_run")),
    )
    op.create_table(
        "screened_ad",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("ad_id", sa.String(length=200), nullable=False),
        sa.Column("risk", sa.String(length=20), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("site", sa.String(length=120), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("network_id", sa.String(length=40), nullable=True),
        sa.Column("mark", sa.String(length=20), nullable=False),
        sa.Column("marked_by", sa.String(length=200), nullable=True),
        sa.Column("marked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ad_screening_run.id"], name=op.f("fk_screened_ad_run_id_ad_screening_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screened_ad")),
        sa.UniqueConstraint("run_id", "ad_id", name=op.f("uq_screened_ad_run_id")),
    )
    for column in ("run_id", "risk", "network_id"):
        _index("screened_ad", column)
    op.create_table(
        "screened_ad_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ad_row_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["ad_row_id"],
            ["screened_ad.id"],
            name=op.f("fk_screened_ad_flag_ad_row_id_screened_ad"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screened_ad_flag")),
    )
    for column in ("ad_row_id", "code"):
        _index("screened_ad_flag", column)
    op.create_table(
        "ad_network",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("templates", sa.Integer(), nullable=False),
        sa.Column("template_pairs", sa.Integer(), nullable=False),
        sa.Column("contact_pairs", sa.Integer(), nullable=False),
        sa.Column("cities", sa.JSON(), nullable=False),
        sa.Column("sites", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ad_screening_run.id"], name=op.f("fk_ad_network_run_id_ad_screening_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ad_network")),
        sa.UniqueConstraint("run_id", "network_id", name=op.f("uq_ad_network_run_id")),
    )
    _index("ad_network", "run_id")
    op.create_table(
        "reported_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("contract", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("risk", sa.String(length=20), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("mark", sa.String(length=20), nullable=False),
        sa.Column("marked_by", sa.String(length=200), nullable=True),
        sa.Column("marked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reported_offer")),
    )
    _index("reported_offer", "risk")


def downgrade() -> None:
    for table in (
        "reported_offer",
        "ad_network",
        "screened_ad_flag",
        "screened_ad",
        "ad_screening_run",
        "agency_licence_change",
        "agency_licence",
    ):
        op.drop_table(table)
