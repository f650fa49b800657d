"""Cooperate's own lists: what a sharing agreement is for, and where a linkage run stands.

Every value is Palermo's (``extension=True``). Services compare against members, never
against string literals.
"""

from __future__ import annotations

from palermo.vocab.enums import VocabEnum


class AgreementPurpose(VocabEnum, list_name="agreement_purpose"):
    """What agencies agreed to share their records for, in a sharing agreement."""

    linkage = (
        "linkage",
        "Record linkage (one person across agencies)",
        "Appariement des dossiers (une personne d'une agence à l'autre)",
        True,
    )
    statistics = ("statistics", "Statistics", "Statistiques", True)
    referral = ("referral", "Referral", "Orientation", True)
    case_transfer = ("case_transfer", "Case transfer", "Transfert de dossier", True)


class LinkRunState(VocabEnum, list_name="link_run_state"):
    """Where a linkage run on the store stands."""

    queued = ("queued", "Queued", "En attente", True)
    running = ("running", "Running", "En cours", True)
    done = ("done", "Done", "Terminé", True)
    failed = ("failed", "Failed", "Échec", True)


COOPERATE_LISTS: tuple[type[VocabEnum], ...] = (AgreementPurpose, LinkRunState)
