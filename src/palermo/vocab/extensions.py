"""Palermo's own lists and the values Palermo adds to HTCDS lists.

Every value here has ``extension=True``: it is Palermo's, not IOM's, and an HTCDS
export must map or drop it. A value HTCDS already has is never repeated here (HTCDS
``NGO`` covers the "ngo" agency type; HTCDS ``hte_Type`` already is the
recruitment/transit/exploitation stage list, ``vic_ForcedLabourIndustry`` already is
ISIC Rev.4 sections A-U, ``cas_Status`` already is the case status); the tests check it.

Codes added to an HTCDS list follow that list's PascalCase style so one column never
mixes styles; lists that are Palermo's alone use snake_case codes.
"""

from __future__ import annotations

from palermo.vocab.enums import VocabEnum
from palermo.vocab.justice import EXPLOITATION_TYPE_EXTENSIONS

# Appended to the HTCDS org_Type list, which has no police, courts, prosecutors,
# labour inspectorates, shelters, hotlines or international organisations of its own:
# the agencies that refer and receive victims in a national referral mechanism.
# (python name, code, English, French)
AGENCY_TYPE_EXTENSIONS: tuple[tuple[str, str, str, str], ...] = (
    ("police", "Police", "Police", "Police"),
    ("border_police", "BorderPolice", "Border police", "Police aux frontières"),
    ("court", "Court", "Court", "Tribunal"),
    ("prosecutor", "Prosecutor", "Prosecutor's office", "Ministère public (parquet)"),
    (
        "labour_inspectorate",
        "LabourInspectorate",
        "Labour inspectorate",
        "Inspection du travail",
    ),
    ("shelter", "Shelter", "Shelter", "Centre d'hébergement"),
    ("hotline", "Hotline", "Hotline", "Ligne d'assistance téléphonique"),
    (
        "international_organisation",
        "InternationalOrganisation",
        "International organisation",
        "Organisation internationale",
    ),
)

EXTENSIONS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "agency_type": AGENCY_TYPE_EXTENSIONS,
    # Forms UNODC reports count that HTCDS lacks (forced criminality, benefit fraud).
    "type_of_exploitation": EXPLOITATION_TYPE_EXTENSIONS,
}


class UserRole(VocabEnum, list_name="user_role"):
    """What a Palermo account may do; permissions hang on these, not on free text."""

    admin = ("admin", "Administrator", "Administrateur ou administratrice", True)
    supervisor = ("supervisor", "Supervisor", "Superviseur ou superviseuse", True)
    caseworker = ("caseworker", "Caseworker", "Gestionnaire de cas", True)
    investigator = ("investigator", "Investigator", "Enquêteur ou enquêtrice", True)
    analyst = ("analyst", "Analyst", "Analyste", True)
    # An NGO following trials (§17): public stages and hearing dates, no personal data.
    trial_monitor = (
        "trial_monitor",
        "Trial monitor",
        "Observateur ou observatrice de procès",
        True,
    )
    # National scope: every agency's aggregates, the national action plan, and record
    # linkage across agencies (it reads no case).
    national_coordinator = (
        "national_coordinator",
        "National coordinator",
        "Coordinateur ou coordinatrice national(e)",
        True,
    )


class CaseClosureReason(VocabEnum, list_name="case_closure_reason"):
    """Why a case was closed. HTCDS keeps ``cas_ReasonForCaseClosure`` as free text;
    Palermo needs a list to count closures, and keeps the free text beside it."""

    goals_achieved = (
        "goals_achieved",
        "Support plan goals achieved",
        "Objectifs du plan d'accompagnement atteints",
        True,
    )
    referred_elsewhere = (
        "referred_elsewhere",
        "Referred to another organisation",
        "Orienté vers une autre organisation",
        True,
    )
    consent_withdrawn = (
        "consent_withdrawn",
        "Consent withdrawn by the person",
        "Consentement retiré par la personne",
        True,
    )
    lost_contact = ("lost_contact", "Contact lost", "Contact perdu", True)
    relocated = (
        "relocated",
        "Moved out of the service area",
        "Départ de la zone d'intervention",
        True,
    )
    returned_home = (
        "returned_home",
        "Returned to country of origin",
        "Retour dans le pays d'origine",
        True,
    )
    deceased = ("deceased", "Person deceased", "Personne décédée", True)
    duplicate = ("duplicate", "Duplicate record", "Dossier en double", True)
    other = ("other", "Other", "Autre", True)


PALERMO_LISTS: tuple[type[VocabEnum], ...] = (UserRole, CaseClosureReason)
