"""tracing match: proposals go with the person or request they are about

Deleting a case whose victim (or tracing request) had been proposed as a candidate
for another request failed on the foreign keys of ``tracing_match``; a proposal
about a deleted record means nothing, so the database now deletes it too.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

from alembic import op

from palermo.store.models.base import NAMING

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PERSON_FK = "fk_tracing_match_candidate_person_id_person"
REQUEST_FK = "fk_tracing_match_candidate_request_id_tracing_request"


def _recreate(ondelete: str | None) -> None:
    # SQLite cannot alter a foreign key: batch mode copies the table.
    with op.batch_alter_table("tracing_match", schema=None, naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint(PERSON_FK, type_="foreignkey")
        batch_op.drop_constraint(REQUEST_FK, type_="foreignkey")
        batch_op.create_foreign_key(
            PERSON_FK, "person", ["candidate_person_id"], ["id"], ondelete=ondelete
        )
        batch_op.create_foreign_key(
            REQUEST_FK, "tracing_request", ["candidate_request_id"], ["id"], ondelete=ondelete
        )


def upgrade() -> None:
    _recreate("CASCADE")


def downgrade() -> None:
    _recreate(None)
