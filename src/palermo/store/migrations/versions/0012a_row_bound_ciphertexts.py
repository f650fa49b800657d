"""ciphertexts bound to their row; the last free-text fields encrypted

Every encrypted value is re-encrypted with its row's primary key in the associated
data (``v1`` tokens named the column only, so two rows' values could be swapped). The
free text that was still stored in clear is encrypted: a journey step's city, the NRM
decision maker, who decided a case's trafficking status, and the case's external
reference, which gets a blind index for exact look-ups instead of its plain index.

Needs the key ring (``palermo db upgrade`` and the app load it before migrating).

Revision ID: 0012a_row_bound_ciphertexts
Revises: 0011_know
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0012a_row_bound_ciphertexts"
down_revision = "0009_linkage"
branch_labels = None
depends_on = None

# Encrypted before this revision: (table, column); context is "table.column".
ENCRYPTED = (
    ("tracing_request", "sought_given_name"),
    ("tracing_request", "sought_family_name"),
    ("tracing_request", "sought_aliases"),
    ("tracing_request", "separation_place"),
    ("tracing_request", "last_known_place"),
    ("case_record", "closure_reason"),
    ("case_record", "guardian_name"),
    ("case_record", "guardian_contact"),
    ("trafficking_event", "description"),
    ("perpetrator", "role_details"),
    ("case_comment", "body"),
    ("needs_assessment", "notes"),
    ("support_plan_item", "objectives"),
    ("support_plan_item", "action_plan"),
    ("referral", "note"),
    ("referral", "rejection_reason"),
    ("service_delivery", "outcome"),
    ("nrm_decision", "reasons"),
    ("recovery_period", "extension_reason"),
    ("case_status_change", "reason"),
    ("person", "given_name"),
    ("person", "middle_name"),
    ("person", "family_name"),
    ("person", "aliases"),
    ("person", "birth_date"),
    ("person", "identity_number"),
    ("person", "email"),
    ("person", "phone"),
    ("person", "address"),
    ("screening_assessment", "facts_json"),
    ("screening_assessment", "result_json"),
    ("consent", "guardian_name"),
    ("consent", "withdrawal_note"),
    ("consent_override", "reason"),
)
# Stored in clear before this revision: (table, column, former length, nullable).
NEWLY_ENCRYPTED = (
    ("trafficking_event", "city", 120, True),
    ("nrm_decision", "decision_maker", 200, False),
    ("case_record", "status_decided_by", 200, True),
    ("case_record", "external_id", 80, True),
)
BATCH = 2000


def _ring():  # noqa: ANN202 - a KeyRing, imported late so the migration loads without keys
    from palermo.store.fields import current_keyring

    return current_keyring()


def _rewrite(table: str, column: str, change: Callable[[int, str], str]) -> None:
    """Replace every non-null value of ``table.column`` with ``change(id, value)``."""
    conn = op.get_bind()
    t = sa.table(table, sa.column("id", sa.Integer), sa.column(column, sa.Text))
    last = 0
    while True:
        rows = conn.execute(
            sa.select(t.c.id, t.c[column])
            .where(t.c.id > last, t.c[column].is_not(None))
            .order_by(t.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(
            sa.update(t).where(t.c.id == sa.bindparam("rid")).values({column: sa.bindparam("v")}),
            [{"rid": row_id, "v": change(row_id, value)} for row_id, value in rows],
        )
        last = rows[-1][0]


def _digest(value: str) -> str:
    from palermo.store import crypto

    return crypto.blind_index(_ring(), value.strip(), kind="external_id")


def upgrade() -> None:
    from palermo.store import crypto

    for table, column, _length, _nullable in NEWLY_ENCRYPTED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.Text(), existing_nullable=_nullable)
    with op.batch_alter_table("case_record") as batch:
        batch.add_column(sa.Column("external_id_digest", sa.String(length=32), nullable=True))
        batch.drop_index("ix_case_record_external_id")
        batch.create_index(
            "ix_case_record_external_id_digest", ["external_id_digest"], unique=False
        )

    def bind(context: str) -> Callable[[int, str], str]:
        def change(row: int, token: str) -> str:
            if token.startswith("v2:"):  # already bound (a rerun after a crash)
                return token
            plain = crypto.decrypt_unbound(_ring(), token, context=context)
            return crypto.encrypt(_ring(), plain, context=context, row=row)

        return change

    def seal(context: str) -> Callable[[int, str], str]:
        return lambda row, plain: crypto.encrypt(_ring(), plain, context=context, row=row)

    for table, column in ENCRYPTED:
        _rewrite(table, column, bind(f"{table}.{column}"))
    conn = op.get_bind()
    t = sa.table(
        "case_record",
        sa.column("id", sa.Integer),
        sa.column("external_id", sa.Text),
        sa.column("external_id_digest", sa.String),
    )
    digests = [
        {"rid": row_id, "d": _digest(value)}
        for row_id, value in conn.execute(
            sa.select(t.c.id, t.c.external_id).where(t.c.external_id.is_not(None))
        ).all()
    ]
    if digests:
        conn.execute(
            sa.update(t)
            .where(t.c.id == sa.bindparam("rid"))
            .values(external_id_digest=sa.bindparam("d")),
            digests,
        )
    for table, column, _length, _nullable in NEWLY_ENCRYPTED:
        _rewrite(table, column, seal(f"{table}.{column}"))


def downgrade() -> None:
    from palermo.store import crypto

    def unbind(context: str) -> Callable[[int, str], str]:
        def change(row: int, token: str) -> str:
            plain = crypto.decrypt(_ring(), token, context=context, row=row)
            return crypto.encrypt_unbound(_ring(), plain, context=context)

        return change

    def open_(context: str) -> Callable[[int, str], str]:
        return lambda row, token: crypto.decrypt(_ring(), token, context=context, row=row)

    for table, column in ENCRYPTED:
        _rewrite(table, column, unbind(f"{table}.{column}"))
    for table, column, _length, _nullable in NEWLY_ENCRYPTED:
        _rewrite(table, column, open_(f"{table}.{column}"))
    with op.batch_alter_table("case_record") as batch:
        batch.drop_index("ix_case_record_external_id_digest")
        batch.drop_column("external_id_digest")
        batch.create_index("ix_case_record_external_id", ["external_id"], unique=False)
    for table, column, length, nullable in NEWLY_ENCRYPTED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=sa.String(length=length), existing_nullable=nullable)
