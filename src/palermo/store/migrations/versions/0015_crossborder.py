"""cross-border exchange: peers, bundles sent and received, referrals between installations

Revision ID: 0015_crossborder
Revises: 0011_know
Create Date: 2026-12-01 15:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_crossborder"
down_revision = "0011_know"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_peer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("public_jwks", sa.JSON(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.String(length=200), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_exchange_peer_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_peer")),
        sa.UniqueConstraint("name", name=op.f("uq_exchange_peer_name")),
    )
    with op.batch_alter_table("exchange_peer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_peer_agency_id"), ["agency_id"])
    op.create_table(
        "exchange_bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.String(length=64), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("contents", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"], ["exchange_peer.id"], name=op.f("fk_exchange_bundle_peer_id_exchange_peer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_bundle")),
        sa.UniqueConstraint("bundle_id", name=op.f("uq_exchange_bundle_bundle_id")),
    )
    with op.batch_alter_table("exchange_bundle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_bundle_peer_id"), ["peer_id"])
    op.create_table(
        "crossborder_referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exchange_key", sa.String(length=200), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("peer_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("last_bundle_id", sa.String(length=64), nullable=False),
        sa.Column("news_sent", sa.String(length=64), nullable=True),
        sa.Column("services_seen", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["exchange_peer.id"],
            name=op.f("fk_crossborder_referral_peer_id_exchange_peer"),
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral.id"],
            name=op.f("fk_crossborder_referral_referral_id_referral"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crossborder_referral")),
        sa.UniqueConstraint("exchange_key", name=op.f("uq_crossborder_referral_exchange_key")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_crossborder_referral_referral_id")),
    )
    with op.batch_alter_table("crossborder_referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crossborder_referral_peer_id"), ["peer_id"])


def downgrade() -> None:
    op.drop_table("crossborder_referral")
    op.drop_table("exchange_bundle")
    op.drop_table("exchange_peer")
