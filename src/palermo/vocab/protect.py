"""Protect's own lists: consent, services, referrals, the NRM and family tracing.

Every value is Palermo's (``extension=True``) except the HTCDS support-plan types at the
head of ``ServiceType``. Services import these enums; code compares against members,
never against string literals.
"""

from __future__ import annotations

from palermo.vocab.enums import VocabEnum


class ConsentPurpose(VocabEnum, list_name="consent_purpose"):
    """What a consent allows. ``words`` (below) say it inside a sentence."""

    interview = ("interview", "Interview", "Entretien", True)
    services = ("services", "Services", "Services", True)
    referral = ("referral", "Referral to another agency", "Orientation vers une autre agence", True)
    sharing = ("sharing", "Sharing with a named agency", "Partage avec une agence nommée", True)
    statistics = ("statistics", "Anonymous statistics", "Statistiques anonymes", True)
    family_tracing = ("family_tracing", "Family tracing", "Recherche familiale", True)
    law_enforcement = (
        "law_enforcement",
        "Cooperation with law enforcement",
        "Coopération avec les forces de l'ordre",
        True,
    )


class InformedOf(VocabEnum, list_name="consent_informed_of"):
    """The HTCDS consent checklist: what the person was told before consenting."""

    purpose = ("purpose", "Purpose of the data collection", "Finalité de la collecte", True)
    data_uses = ("data_uses", "How the data will be used", "Usage des données", True)
    research_use = (
        "research_use",
        "Possible use for research",
        "Utilisation possible pour la recherche",
        True,
    )
    right_to_access = (
        "right_to_access",
        "Right to see their data",
        "Droit d'accès à ses données",
        True,
    )
    retention_period = (
        "retention_period",
        "How long the data is kept",
        "Durée de conservation des données",
        True,
    )
    how_to_withdraw = (
        "how_to_withdraw",
        "How to withdraw consent",
        "Comment retirer son consentement",
        True,
    )


class ConsentGiver(VocabEnum, list_name="consent_given_by"):
    person = ("person", "The person", "La personne", True)
    guardian = ("guardian", "A guardian", "Un tuteur", True)


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


class ReferralState(VocabEnum, list_name="referral_state"):
    """Where a referral stands: in progress, then accepted or rejected, then done; or revoked."""

    in_progress = ("in_progress", "Waiting for an answer", "En attente de réponse", True)
    accepted = ("accepted", "Accepted", "Acceptée", True)
    rejected = ("rejected", "Rejected", "Refusée", True)
    done = ("done", "Done", "Terminée", True)
    revoked = ("revoked", "Revoked", "Retirée", True)


class ShareGroup(VocabEnum, list_name="share_group"):
    """A group of a case's fields that a referral can share with the receiving agency."""

    identity = ("identity", "Names and aliases", "Noms et alias", True)
    birth_date = ("birth_date", "Birth date", "Date de naissance", True)
    document = (
        "document",
        "Identity document number",
        "Numéro de pièce d'identité",
        True,
    )
    contact = ("contact", "Contact details", "Coordonnées", True)
    profile = ("profile", "Gender, language and age", "Genre, langue et âge", True)
    guardian = ("guardian", "Guardian (children)", "Tuteur (enfants)", True)
    citizenship = ("citizenship", "Citizenship", "Nationalité", True)
    exploitation = ("exploitation", "Exploitation", "Exploitation", True)
    means_of_control = ("means_of_control", "Means of control", "Moyens de contrôle", True)
    journey = (
        "journey",
        "Journey (places and dates)",
        "Parcours (lieux et dates)",
        True,
    )
    needs = (
        "needs",
        "Needs and support plan",
        "Besoins et plan d'accompagnement",
        True,
    )


class NrmStage(VocabEnum, list_name="nrm_stage"):
    """The stage of a national referral mechanism decision."""

    reasonable_grounds = (
        "reasonable_grounds",
        "Reasonable grounds",
        "Motifs raisonnables",
        True,
    )
    conclusive_grounds = (
        "conclusive_grounds",
        "Conclusive grounds",
        "Motifs concluants",
        True,
    )
    reconsideration = ("reconsideration", "Reconsideration", "Réexamen", True)


class NrmResult(VocabEnum, list_name="nrm_result"):
    """The result of an NRM decision; ``requested`` is a reconsideration asked for."""

    positive = ("positive", "Positive", "Positive", True)
    negative = ("negative", "Negative", "Négative", True)
    requested = ("requested", "Requested", "Demandé", True)


class NrmStep(VocabEnum, list_name="nrm_deadline_step"):
    """A step of the NRM with a deadline set per country."""

    reasonable_grounds = (
        "reasonable_grounds",
        "Reasonable-grounds decision",
        "Décision sur les motifs raisonnables",
        True,
    )
    conclusive_grounds = (
        "conclusive_grounds",
        "Conclusive-grounds decision",
        "Décision sur les motifs concluants",
        True,
    )
    recovery_period_end = (
        "recovery_period_end",
        "End of the recovery and reflection period",
        "Fin du délai de rétablissement et de réflexion",
        True,
    )


class DeadlineState(VocabEnum, list_name="nrm_deadline_state"):
    """Where a deadline stands on a given day."""

    done = ("done", "Done", "Fait", True)
    pending = ("pending", "Pending", "À venir", True)
    near = ("near", "Due soon", "Échéance proche", True)
    missed = ("missed", "Missed", "Dépassé", True)


class TracingRelationship(VocabEnum, list_name="tracing_relationship"):
    """What the sought person is to the person looking for them."""

    parent = ("parent", "Parent", "Parent", True)
    child = ("child", "Child", "Enfant", True)
    sibling = ("sibling", "Sibling", "Frère ou sœur", True)
    spouse = ("spouse", "Spouse", "Conjoint", True)
    other = ("other", "Other relative", "Autre proche", True)


class TracingDecision(VocabEnum, list_name="tracing_decision"):
    """A case worker's verification of a proposed tracing match."""

    confirmed = ("confirmed", "Confirmed", "Confirmée", True)
    rejected = ("rejected", "Rejected", "Rejetée", True)


class ConsentStatus(VocabEnum, list_name="consent_status"):
    """Where a consent stands on a given day."""

    valid = ("valid", "Valid", "Valide", True)
    withdrawn = ("withdrawn", "Withdrawn", "Retiré", True)
    expired = ("expired", "Expired", "Expiré", True)
    future = ("future", "Not yet in force", "Pas encore en vigueur", True)


# Lists that extend an HTCDS picklist (their non-extension values are HTCDS codes).
HTCDS_BASED: dict[str, tuple[str, ...]] = {"service_type": ("spl_Type",)}

PROTECT_LISTS: tuple[type[VocabEnum], ...] = (
    ConsentPurpose,
    InformedOf,
    ConsentGiver,
    ConsentStatus,
    ServiceType,
    ReferralState,
    ShareGroup,
    NrmStage,
    NrmResult,
    NrmStep,
    DeadlineState,
    TracingRelationship,
    TracingDecision,
)
