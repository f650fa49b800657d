"""Categories of the reports the Prosecute pillar feeds: UNODC's Global Report
(forms of exploitation, age groups, sex, citizenship) and SHERLOC case law (the acts and
means of the Palermo definition, geographic reach, keyword groups).

These are reporting categories derived from recorded values (HTCDS codes for
exploitation and gender), never recorded instead of them. Every value is Palermo's
(``extension=True``).
"""

from __future__ import annotations

from palermo.vocab.enums import VocabEnum


class GlotipForm(VocabEnum, list_name="glotip_form_of_exploitation"):
    """Forms of exploitation as UNODC's Global Report counts detected victims.

    A reporting category, derived from the HTCDS ``type_of_exploitation`` codes of a
    victim (see ``palermo.justice.categories``); never recorded directly.
    """

    sexual_exploitation = (
        "sexual_exploitation",
        "Sexual exploitation",
        "Exploitation sexuelle",
        True,
    )
    forced_labour = ("forced_labour", "Forced labour", "Travail forcé", True)
    begging = ("begging", "Begging", "Mendicité", True)
    forced_criminal_activity = (
        "forced_criminal_activity",
        "Forced criminal activity",
        "Activités criminelles forcées",
        True,
    )
    illegal_adoption = (
        "illegal_adoption",
        "Illegal adoption and baby selling",
        "Adoption illégale et vente de bébés",
        True,
    )
    forced_marriage = ("forced_marriage", "Forced marriage", "Mariage forcé", True)
    child_soldiers = (
        "child_soldiers",
        "Child soldiers (armed groups)",
        "Enfants soldats (groupes armés)",
        True,
    )
    pornography = ("pornography", "Pornography", "Pornographie", True)
    benefit_fraud = ("benefit_fraud", "Benefit fraud", "Fraude aux prestations sociales", True)
    mixed = ("mixed", "Mixed forms", "Formes mixtes", True)
    organ_removal = ("organ_removal", "Organ removal", "Prélèvement d'organes", True)
    other = ("other", "Other forms", "Autres formes", True)
    unknown = ("unknown", "Form not recorded", "Forme non enregistrée", True)


class GlotipAgeGroup(VocabEnum, list_name="glotip_age_group"):
    """Age groups of UNODC's questionnaire."""

    child = ("child", "Children (under 18)", "Enfants (moins de 18 ans)", True)
    adult = ("adult", "Adults (18 and over)", "Adultes (18 ans et plus)", True)
    unknown = ("unknown", "Age unknown", "Âge inconnu", True)


class ReportedSex(VocabEnum, list_name="reported_sex"):
    """Sex as statistical tables report it, derived from HTCDS ``gender``."""

    female = ("female", "Female", "Féminin", True)
    male = ("male", "Male", "Masculin", True)
    other = ("other", "Other", "Autre", True)
    unknown = ("unknown", "Unknown", "Inconnu", True)


class CitizenshipGroup(VocabEnum, list_name="citizenship_group"):
    """Whether a person holds the citizenship of the reporting country."""

    national = ("national", "Nationals", "Nationaux", True)
    foreign = ("foreign", "Foreign citizens", "Ressortissants étrangers", True)
    unknown = ("unknown", "Citizenship unknown", "Nationalité inconnue", True)


class PalermoAct(VocabEnum, list_name="palermo_act"):
    """The acts of the trafficking definition (Palermo Protocol, art. 3(a))."""

    recruitment = ("recruitment", "Recruitment", "Recrutement", True)
    transportation = ("transportation", "Transportation", "Transport", True)
    transfer = ("transfer", "Transfer", "Transfert", True)
    harbouring = ("harbouring", "Harbouring", "Hébergement", True)
    receipt = ("receipt", "Receipt of persons", "Accueil de personnes", True)


class PalermoMeans(VocabEnum, list_name="palermo_means"):
    """The means of the trafficking definition (Palermo Protocol, art. 3(a))."""

    threat_of_force = ("threat_of_force", "Threat of force", "Menace de recours à la force", True)
    use_of_force = ("use_of_force", "Use of force", "Recours à la force", True)
    coercion = ("coercion", "Other forms of coercion", "Autres formes de contrainte", True)
    abduction = ("abduction", "Abduction", "Enlèvement", True)
    fraud = ("fraud", "Fraud", "Fraude", True)
    deception = ("deception", "Deception", "Tromperie", True)
    abuse_of_power = ("abuse_of_power", "Abuse of power", "Abus d'autorité", True)
    abuse_of_vulnerability = (
        "abuse_of_vulnerability",
        "Abuse of a position of vulnerability",
        "Abus d'une situation de vulnérabilité",
        True,
    )
    payments_to_controller = (
        "payments_to_controller",
        "Payments or benefits to a person having control over another",
        "Paiements ou avantages à une personne ayant autorité sur une autre",
        True,
    )


class TraffickingReach(VocabEnum, list_name="trafficking_reach"):
    """Form of trafficking by geographic reach, as SHERLOC classifies it."""

    domestic = ("domestic", "Domestic", "Interne", True)
    transnational = ("transnational", "Transnational", "Transnationale", True)


class SherlocKeywordGroup(VocabEnum, list_name="sherloc_keyword_group"):
    """Groups of keywords in an anonymised case-law summary."""

    acts = ("acts", "Acts", "Actes", True)
    means = ("means", "Means", "Moyens", True)
    purpose = ("purpose", "Purpose of exploitation", "Finalité d'exploitation", True)
    form_of_exploitation = (
        "form_of_exploitation",
        "Form of exploitation (UNODC)",
        "Forme d'exploitation (ONUDC)",
        True,
    )
    sector = ("sector", "Sector of exploitation", "Secteur d'exploitation", True)
    reach = ("reach", "Transnational or domestic", "Transnationale ou interne", True)
    international_cooperation = (
        "international_cooperation",
        "International cooperation",
        "Coopération internationale",
        True,
    )
    organised_criminal_group = (
        "organised_criminal_group",
        "Organised criminal group",
        "Groupe criminel organisé",
        True,
    )
    online_recruitment = ("online_recruitment", "Online recruitment", "Recrutement en ligne", True)
    means_of_control = (
        "means_of_control",
        "Means of control (HTCDS)",
        "Moyens de contrôle (HTCDS)",
        True,
    )


class VictimStage(VocabEnum, list_name="victim_funnel_stage"):
    """Stages of the victims' attrition funnel, in funnel order."""

    identified = ("identified", "Identified victims", "Victimes identifiées", True)
    investigation = ("investigation", "In an investigation", "Dans une enquête", True)
    prosecution = ("prosecution", "In a prosecution", "Dans des poursuites", True)
    conviction = (
        "conviction",
        "In a case with a conviction",
        "Dans une affaire avec condamnation",
        True,
    )


class SuspectStage(VocabEnum, list_name="suspect_funnel_stage"):
    """Stages of the suspects' attrition funnel, in funnel order."""

    suspected = ("suspected", "Suspects", "Suspects", True)
    prosecuted = ("prosecuted", "Prosecuted", "Poursuivis", True)
    convicted = ("convicted", "Convicted", "Condamnés", True)
