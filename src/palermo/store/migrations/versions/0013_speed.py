"""speed at 100,000 cases, and staged imports

Indexes for what users wait on (FINDINGS.md, performance at 98,000 cases): cases by
victim (name, birth date and document searches), an agency's cases newest first and
by day identified, and case codes covering their case id (filters and counts read the
index alone). ``import_staging`` records atomic imports, whose cases are staged in a
hidden agency and swapped in at the end.

Revision ID: 0013_speed
Revises: 0011_know
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_speed"
down_revision = "0015_crossborder"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_record", schema=None) as batch_op:
        batch_op.create_index("ix_case_record_victim_id", ["victim_id"], unique=False)
        batch_op.create_index("ix_case_agency_id_desc", ["agency_id", "id"], unique=False)
        batch_op.create_index(
            "ix_case_agency_identified", ["agency_id", "identified_on"], unique=False
        )
    with op.batch_alter_table("case_code", schema=None) as batch_op:
        batch_op.drop_index("ix_case_code_field_code")
        batch_op.create_index(
            "ix_case_code_field_code_case", ["field", "code", "case_id"], unique=False
        )
    op.create_table(
        "import_staging",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("staging_agency_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("started_by", sa.String(length=80), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_import_staging_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["staging_agency_id"],
            ["agency.id"],
            name=op.f("fk_import_staging_staging_agency_id_agency"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_staging")),
        sa.UniqueConstraint("staging_agency_id", name=op.f("uq_import_staging_staging_agency_id")),
    )
    with op.batch_alter_table("import_staging", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_staging_agency_id"), ["agency_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("import_staging", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_staging_agency_id"))
    op.drop_table("import_staging")
    with op.batch_alter_table("case_code", schema=None) as batch_op:
        batch_op.drop_index("ix_case_code_field_code_case")
        batch_op.create_index("ix_case_code_field_code", ["field", "code"], unique=False)
    with op.batch_alter_table("case_record", schema=None) as batch_op:
        batch_op.drop_index("ix_case_agency_identified")
        batch_op.drop_index("ix_case_agency_id_desc")
        batch_op.drop_index("ix_case_record_victim_id")
