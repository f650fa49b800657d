"""justice: victims linked to the justice system, suspects, investigations, proceedings,
charges, verdicts, sentences, hearings, appeals, compensation and payments, victims'
participation, charges against victims, SHERLOC classification and case-law summaries

Revision ID: 0008_justice
Revises: 0011_know (main's head when merged; the lead re-chains)
Create Date: 2026-12-01 14:32:16.213874
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_justice"
down_revision = "0014_casework"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "justice_investigation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("prosecutor_agency_id", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("offences", sa.JSON(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("drop_out_reason", sa.String(length=40), nullable=True),
        sa.Column("organised_criminal_group", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_justice_investigation_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["prosecutor_agency_id"],
            ["agency.id"],
            name=op.f("fk_justice_investigation_prosecutor_agency_id_agency"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_investigation")),
    )
    with op.batch_alter_table("justice_investigation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_investigation_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_investigation_prosecutor_agency_id"),
            ["prosecutor_agency_id"],
            unique=False,
        )

    op.create_table(
        "justice_case_law_summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("case_reference", sa.String(length=120), nullable=False),
        sa.Column("facts_summary", sa.Text(), nullable=False),
        sa.Column("commentary", sa.Text(), nullable=True),
        sa.Column("written_by", sa.String(length=200), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["justice_investigation.id"],
            name=op.f("fk_justice_case_law_summary_investigation_id_justice_investigation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_case_law_summary")),
        sa.UniqueConstraint(
            "investigation_id", name=op.f("uq_justice_case_law_summary_investigation_id")
        ),
    )
    op.create_table(
        "justice_cooperation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["justice_investigation.id"],
            name=op.f("fk_justice_cooperation_investigation_id_justice_investigation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_cooperation")),
    )
    with op.batch_alter_table("justice_cooperation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_cooperation_investigation_id"),
            ["investigation_id"],
            unique=False,
        )

    op.create_table(
        "justice_sherloc_classification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.Integer(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=200), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["justice_investigation.id"],
            name=op.f("fk_justice_sherloc_classification_investigation_id_justice_investigation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_sherloc_classification")),
        sa.UniqueConstraint(
            "investigation_id", name=op.f("uq_justice_sherloc_classification_investigation_id")
        ),
    )
    op.create_table(
        "justice_suspect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("citizenship", sa.JSON(), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("named_on", sa.Date(), nullable=False),
        sa.Column("age_when_named", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_justice_suspect_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_justice_suspect_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_suspect")),
    )
    with op.batch_alter_table("justice_suspect", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_suspect_agency_id"), ["agency_id"], unique=False
        )

    op.create_table(
        "justice_investigation_suspect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.Integer(), nullable=False),
        sa.Column("suspect_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["justice_investigation.id"],
            name=op.f("fk_justice_investigation_suspect_investigation_id_justice_investigation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["suspect_id"],
            ["justice_suspect.id"],
            name=op.f("fk_justice_investigation_suspect_suspect_id_justice_suspect"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_investigation_suspect")),
        sa.UniqueConstraint(
            "investigation_id",
            "suspect_id",
            name=op.f("uq_justice_investigation_suspect_investigation_id"),
        ),
    )
    with op.batch_alter_table("justice_investigation_suspect", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_investigation_suspect_investigation_id"),
            ["investigation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_justice_investigation_suspect_suspect_id"), ["suspect_id"], unique=False
        )

    op.create_table(
        "justice_not_reported",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
            name=op.f("fk_justice_not_reported_case_id_case_record"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_not_reported")),
        sa.UniqueConstraint("case_id", name=op.f("uq_justice_not_reported_case_id")),
    )
    op.create_table(
        "justice_proceeding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("court_agency_id", sa.Integer(), nullable=True),
        sa.Column("defendant_id", sa.Integer(), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=False),
        sa.Column("court_case_number", sa.String(length=80), nullable=True),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_justice_proceeding_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["court_agency_id"],
            ["agency.id"],
            name=op.f("fk_justice_proceeding_court_agency_id_agency"),
        ),
        sa.ForeignKeyConstraint(
            ["defendant_id"],
            ["justice_suspect.id"],
            name=op.f("fk_justice_proceeding_defendant_id_justice_suspect"),
        ),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["justice_investigation.id"],
            name=op.f("fk_justice_proceeding_investigation_id_justice_investigation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_proceeding")),
    )
    with op.batch_alter_table("justice_proceeding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_proceeding_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_proceeding_court_agency_id"), ["court_agency_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_proceeding_defendant_id"), ["defendant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_proceeding_investigation_id"), ["investigation_id"], unique=False
        )

    op.create_table(
        "justice_appeal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("lodged_on", sa.Date(), nullable=False),
        sa.Column("by", sa.String(length=30), nullable=False),
        sa.Column("court", sa.String(length=200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["justice_proceeding.id"],
            name=op.f("fk_justice_appeal_proceeding_id_justice_proceeding"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_appeal")),
    )
    with op.batch_alter_table("justice_appeal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_appeal_proceeding_id"), ["proceeding_id"], unique=False
        )

    op.create_table(
        "justice_charge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("offence", sa.String(length=40), nullable=False),
        sa.Column("article", sa.String(length=120), nullable=True),
        sa.Column("charged_on", sa.Date(), nullable=False),
        sa.Column("verdict", sa.String(length=30), nullable=True),
        sa.Column("verdict_on", sa.Date(), nullable=True),
        sa.Column("drop_out_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["justice_proceeding.id"],
            name=op.f("fk_justice_charge_proceeding_id_justice_proceeding"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_charge")),
    )
    with op.batch_alter_table("justice_charge", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_charge_proceeding_id"), ["proceeding_id"], unique=False
        )

    op.create_table(
        "justice_hearing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("adjournment_reason", sa.String(length=40), nullable=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["justice_proceeding.id"],
            name=op.f("fk_justice_hearing_proceeding_id_justice_proceeding"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_hearing")),
    )
    with op.batch_alter_table("justice_hearing", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_justice_hearing_held_on"), ["held_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_justice_hearing_proceeding_id"), ["proceeding_id"], unique=False
        )

    op.create_table(
        "justice_victim_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("override_id", sa.Integer(), nullable=True),
        sa.Column("linked_on", sa.Date(), nullable=False),
        sa.Column("linked_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_justice_victim_link_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case_record.id"], name=op.f("fk_justice_victim_link_case_id_case_record")
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"], ["consent.id"], name=op.f("fk_justice_victim_link_consent_id_consent")
        ),
        sa.ForeignKeyConstraint(
            ["override_id"],
            ["consent_override.id"],
            name=op.f("fk_justice_victim_link_override_id_consent_override"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
            name=op.f("fk_justice_victim_link_referral_id_referral"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_victim_link")),
        sa.UniqueConstraint("agency_id", "case_id", name=op.f("uq_justice_victim_link_agency_id")),
    )
    with op.batch_alter_table("justice_victim_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_victim_link_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_victim_link_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "justice_charge_victim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("charge_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["charge_id"],
            ["justice_charge.id"],
            name=op.f("fk_justice_charge_victim_charge_id_justice_charge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["justice_victim_link.id"],
            name=op.f("fk_justice_charge_victim_link_id_justice_victim_link"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_charge_victim")),
        sa.UniqueConstraint(
            "charge_id", "link_id", name=op.f("uq_justice_charge_victim_charge_id")
        ),
    )
    with op.batch_alter_table("justice_charge_victim", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_charge_victim_charge_id"), ["charge_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_charge_victim_link_id"), ["link_id"], unique=False
        )

    op.create_table(
        "justice_compensation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.String(length=24), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payer", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["justice_victim_link.id"],
            name=op.f("fk_justice_compensation_link_id_justice_victim_link"),
        ),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["justice_proceeding.id"],
            name=op.f("fk_justice_compensation_proceeding_id_justice_proceeding"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_compensation")),
    )
    with op.batch_alter_table("justice_compensation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_compensation_link_id"), ["link_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_compensation_proceeding_id"), ["proceeding_id"], unique=False
        )

    op.create_table(
        "justice_investigation_victim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["justice_investigation.id"],
            name=op.f("fk_justice_investigation_victim_investigation_id_justice_investigation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["justice_victim_link.id"],
            name=op.f("fk_justice_investigation_victim_link_id_justice_victim_link"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_investigation_victim")),
        sa.UniqueConstraint(
            "investigation_id",
            "link_id",
            name=op.f("uq_justice_investigation_victim_investigation_id"),
        ),
    )
    with op.batch_alter_table("justice_investigation_victim", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_investigation_victim_investigation_id"),
            ["investigation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_justice_investigation_victim_link_id"), ["link_id"], unique=False
        )

    op.create_table(
        "justice_non_punishment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("offence", sa.String(length=40), nullable=False),
        sa.Column("charged_on", sa.Date(), nullable=False),
        sa.Column("trafficking_raised_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_justice_non_punishment_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case_record.id"],
            name=op.f("fk_justice_non_punishment_case_id_case_record"),
        ),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["justice_victim_link.id"],
            name=op.f("fk_justice_non_punishment_link_id_justice_victim_link"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_non_punishment")),
    )
    with op.batch_alter_table("justice_non_punishment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_non_punishment_agency_id"), ["agency_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_non_punishment_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "justice_participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("witness", sa.Boolean(), nullable=False),
        sa.Column("testified", sa.Boolean(), nullable=False),
        sa.Column("civil_party", sa.Boolean(), nullable=False),
        sa.Column("protection", sa.JSON(), nullable=False),
        sa.Column("support_person", sa.Boolean(), nullable=False),
        sa.Column("withdrew_on", sa.Date(), nullable=True),
        sa.Column("withdrawal_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["link_id"],
            ["justice_victim_link.id"],
            name=op.f("fk_justice_participation_link_id_justice_victim_link"),
        ),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["justice_proceeding.id"],
            name=op.f("fk_justice_participation_proceeding_id_justice_proceeding"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_participation")),
        sa.UniqueConstraint(
            "proceeding_id", "link_id", name=op.f("uq_justice_participation_proceeding_id")
        ),
    )
    with op.batch_alter_table("justice_participation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_participation_link_id"), ["link_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_justice_participation_proceeding_id"), ["proceeding_id"], unique=False
        )

    op.create_table(
        "justice_sentence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("charge_id", sa.Integer(), nullable=False),
        sa.Column("sentenced_on", sa.Date(), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("custody_months", sa.Integer(), nullable=True),
        sa.Column("suspended_months", sa.Integer(), nullable=True),
        sa.Column("fine_amount", sa.String(length=24), nullable=True),
        sa.Column("fine_currency", sa.String(length=3), nullable=True),
        sa.Column("confiscated_amount", sa.String(length=24), nullable=True),
        sa.Column("confiscated_currency", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(
            ["charge_id"],
            ["justice_charge.id"],
            name=op.f("fk_justice_sentence_charge_id_justice_charge"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_sentence")),
        sa.UniqueConstraint("charge_id", name=op.f("uq_justice_sentence_charge_id")),
    )
    op.create_table(
        "justice_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("compensation_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.String(length=24), nullable=False),
        sa.Column("by", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["compensation_id"],
            ["justice_compensation.id"],
            name=op.f("fk_justice_payment_compensation_id_justice_compensation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_justice_payment")),
    )
    with op.batch_alter_table("justice_payment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_justice_payment_compensation_id"), ["compensation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("justice_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_payment_compensation_id"))

    op.drop_table("justice_payment")
    op.drop_table("justice_sentence")
    with op.batch_alter_table("justice_participation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_participation_proceeding_id"))
        batch_op.drop_index(batch_op.f("ix_justice_participation_link_id"))

    op.drop_table("justice_participation")
    with op.batch_alter_table("justice_non_punishment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_non_punishment_case_id"))
        batch_op.drop_index(batch_op.f("ix_justice_non_punishment_agency_id"))

    op.drop_table("justice_non_punishment")
    with op.batch_alter_table("justice_investigation_victim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_investigation_victim_link_id"))
        batch_op.drop_index(batch_op.f("ix_justice_investigation_victim_investigation_id"))

    op.drop_table("justice_investigation_victim")
    with op.batch_alter_table("justice_compensation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_compensation_proceeding_id"))
        batch_op.drop_index(batch_op.f("ix_justice_compensation_link_id"))

    op.drop_table("justice_compensation")
    with op.batch_alter_table("justice_charge_victim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_charge_victim_link_id"))
        batch_op.drop_index(batch_op.f("ix_justice_charge_victim_charge_id"))

    op.drop_table("justice_charge_victim")
    with op.batch_alter_table("justice_victim_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_victim_link_case_id"))
        batch_op.drop_index(batch_op.f("ix_justice_victim_link_agency_id"))

    op.drop_table("justice_victim_link")
    with op.batch_alter_table("justice_hearing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_hearing_proceeding_id"))
        batch_op.drop_index(batch_op.f("ix_justice_hearing_held_on"))

    op.drop_table("justice_hearing")
    with op.batch_alter_table("justice_charge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_charge_proceeding_id"))

    op.drop_table("justice_charge")
    with op.batch_alter_table("justice_appeal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_appeal_proceeding_id"))

    op.drop_table("justice_appeal")
    with op.batch_alter_table("justice_proceeding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_proceeding_investigation_id"))
        batch_op.drop_index(batch_op.f("ix_justice_proceeding_defendant_id"))
        batch_op.drop_index(batch_op.f("ix_justice_proceeding_court_agency_id"))
        batch_op.drop_index(batch_op.f("ix_justice_proceeding_agency_id"))

    op.drop_table("justice_proceeding")
    op.drop_table("justice_not_reported")
    with op.batch_alter_table("justice_investigation_suspect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_investigation_suspect_suspect_id"))
        batch_op.drop_index(batch_op.f("ix_justice_investigation_suspect_investigation_id"))

    op.drop_table("justice_investigation_suspect")
    with op.batch_alter_table("justice_suspect", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_suspect_agency_id"))

    op.drop_table("justice_suspect")
    op.drop_table("justice_sherloc_classification")
    with op.batch_alter_table("justice_cooperation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_cooperation_investigation_id"))

    op.drop_table("justice_cooperation")
    op.drop_table("justice_case_law_summary")
    with op.batch_alter_table("justice_investigation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_justice_investigation_prosecutor_agency_id"))
        batch_op.drop_index(batch_op.f("ix_justice_investigation_agency_id"))

    op.drop_table("justice_investigation")
