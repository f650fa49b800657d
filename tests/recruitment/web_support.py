"""What the tests of the public check share: an offer with known flags, a table count."""

from __future__ import annotations

from sqlalchemy import func, select

from palermo.store import Store
from palermo.store.models import Base

RISKY_AD = (
    "Girls wanted for hostess work in Dubai, aged 18-25, send photo. No experience needed, "
    "visa arranged, processing fee of $500 before departure. WhatsApp only. Hurry, leave "
    "next week!"
)
RISKY_AD_FR = (
    "Jeunes femmes recherchées pour travail d'hôtesse à Dubaï, envoyez une photo. Aucune "
    "expérience requise, visa arrangé, frais de dossier de 500 euros avant le départ. "
    "Uniquement par WhatsApp. Urgent, départ la semaine prochaine !"
)


def row_counts(store: Store) -> dict[str, int]:
    """The number of rows of every table (audit log included)."""
    with store.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
