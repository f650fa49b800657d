"""Needs assessment and the support plan: what the person needs, and the plan to meet it.

``ServiceType`` is the one list of kinds of support in Palermo: the HTCDS support plan
types (``spl_Type``) plus the services the Palermo conference named (§28) that HTCDS
does not list. Referrals and services delivered use the same list.
"""

from __future__ import annotations

from palermo.vocab import VocabEnum


class ServiceType(VocabEnum, list_name="service_type"):
    """A kind of support. HTCDS ``spl_Type`` codes first; ``extension`` marks Palermo's."""

    education = ("Education", "Education", "Éducation")
    financial = ("Financial", "Financial", "Aide financière")
    health = ("Health", "Health", "Santé")
    labour_exploitation_rehabilitation = (
        "LabourExploitationRehabilitation",
        "Labour exploitation rehabilitation",
        "Réadaptation après exploitation par le travail",
    )
    legal = ("Legal", "Legal", "Aide juridique")
    livelihood = ("Livelihood", "Livelihood", "Moyens de subsistance")
    rights_based_training = (
        "RightsBasedTraining",
        "Rights-based training",
        "Formation fondée sur les droits",
    )
    sexual_exploitation_rehabilitation = (
        "SexualExploitationRehabilitation",
        "Sexual exploitation rehabilitation",
        "Réadaptation après exploitation sexuelle",
    )
    social_care = ("SocialCare", "Social care", "Aide sociale")
    # Palermo extensions: the services of §28 of the conference report.
    shelter = ("shelter", "Shelter", "Hébergement", True)
    food = ("food", "Food", "Alimentation", True)
    family_tracing = ("family_tracing", "Family tracing", "Recherche familiale", True)
    psychological_support = (
        "psychological_support",
        "Psychological support",
        "Soutien psychologique",
        True,
    )
    health_care = ("health_care", "Health care", "Soins de santé", True)
    employment_help = ("employment_help", "Employment help", "Aide à l'emploi", True)
    legal_advice = ("legal_advice", "Legal advice", "Conseil juridique", True)
    interpretation = ("interpretation", "Interpretation", "Interprétation", True)
    return_and_reintegration = (
        "return_and_reintegration",
        "Return and reintegration",
        "Retour et réintégration",
        True,
    )
