"""Code lists of the Prosecute pillar: offences, proceedings, investigations and why
cases drop out. Trials (hearings, verdicts, sentences, appeals, protection, compensation,
non-punishment, international cooperation) are in ``justice_trial``, the categories of
UNODC's reports in ``justice_reporting`` (kept apart for size); all are re-exported
here, and ``JUSTICE_LISTS`` names every one for the registry.

HTCDS has no criminal-justice lists, so every value here is Palermo's
(``extension=True``, snake_case codes). Where HTCDS already has the list it is reused,
never repeated: purposes of exploitation are ``type_of_exploitation``, sectors are
``forced_labour_industry`` (ISIC), recruitment channels are ``method_of_recruitment``
and ``websites_and_apps``, perpetrators' roles are ``role_in_process``, sex is derived
from ``gender``. The Palermo acts below are the five acts of article 3(a) of the
Protocol (in ``justice_reporting``), not HTCDS ``event_stage`` (recruitment, transit,
exploitation: stages of a journey, a different list).

``EXPLOITATION_TYPE_EXTENSIONS`` are two values HTCDS ``type_of_exploitation`` lacks
and UNODC reports count (forced criminal activity, benefit fraud), in the shape of
``vocab.extensions.EXTENSIONS``: to be appended there, not a list of their own.
"""

from __future__ import annotations

from palermo.vocab.enums import VocabEnum
from palermo.vocab.justice_reporting import (
    CitizenshipGroup,
    GlotipAgeGroup,
    GlotipForm,
    PalermoAct,
    PalermoMeans,
    ReportedSex,
    SherlocKeywordGroup,
    SuspectStage,
    TraffickingReach,
    VictimStage,
)
from palermo.vocab.justice_trial import (
    AdjournmentReason,
    AppealOutcome,
    AppealParty,
    CompensationPayer,
    CooperationKind,
    HearingOutcome,
    NonPunishmentOutcome,
    ProtectionMeasure,
    SentenceKind,
    Verdict,
)

# (python name, code, English, French), appended to HTCDS type_of_exploitation.
EXPLOITATION_TYPE_EXTENSIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "forced_criminality",
        "ForcedCriminality",
        "Forced criminal activity",
        "Activités criminelles forcées",
    ),
    ("benefit_fraud", "BenefitFraud", "Benefit fraud", "Fraude aux prestations sociales"),
)


class Offence(VocabEnum, list_name="justice_offence"):
    """Offence under investigation or charged; the article is configured per country."""

    trafficking_in_persons = (
        "trafficking_in_persons",
        "Trafficking in persons",
        "Traite des personnes",
        True,
    )
    child_trafficking = ("child_trafficking", "Trafficking in children", "Traite des enfants", True)
    smuggling_of_migrants = (
        "smuggling_of_migrants",
        "Smuggling of migrants",
        "Trafic illicite de migrants",
        True,
    )
    forced_labour = (
        "forced_labour",
        "Forced or compulsory labour",
        "Travail forcé ou obligatoire",
        True,
    )
    slavery_servitude = (
        "slavery_servitude",
        "Slavery or servitude",
        "Esclavage ou servitude",
        True,
    )
    exploitation_of_prostitution = (
        "exploitation_of_prostitution",
        "Exploitation of the prostitution of others",
        "Proxénétisme",
        True,
    )
    sexual_exploitation_of_children = (
        "sexual_exploitation_of_children",
        "Sexual exploitation of children",
        "Exploitation sexuelle des enfants",
        True,
    )
    forced_marriage = ("forced_marriage", "Forced marriage", "Mariage forcé", True)
    kidnapping = (
        "kidnapping",
        "Kidnapping or unlawful detention",
        "Enlèvement ou séquestration",
        True,
    )
    sexual_assault = (
        "sexual_assault",
        "Rape or sexual assault",
        "Viol ou agression sexuelle",
        True,
    )
    assault = ("assault", "Assault or bodily harm", "Violences volontaires", True)
    labour_law_violation = (
        "labour_law_violation",
        "Labour law violation",
        "Infraction au droit du travail",
        True,
    )
    document_fraud = ("document_fraud", "Document fraud", "Fraude documentaire", True)
    money_laundering = ("money_laundering", "Money laundering", "Blanchiment", True)
    organised_crime_participation = (
        "organised_crime_participation",
        "Participation in an organised criminal group",
        "Participation à un groupe criminel organisé",
        True,
    )
    corruption = ("corruption", "Corruption", "Corruption", True)
    obstruction_of_justice = (
        "obstruction_of_justice",
        "Obstruction of justice or intimidation of witnesses",
        "Entrave à la justice ou intimidation de témoins",
        True,
    )
    immigration_offence = (
        "immigration_offence",
        "Immigration offence (irregular entry, stay or work)",
        "Infraction à la législation sur les étrangers",
        True,
    )
    drug_offence = (
        "drug_offence",
        "Drug offence",
        "Infraction à la législation sur les stupéfiants",
        True,
    )
    property_offence = (
        "property_offence",
        "Theft or other property offence",
        "Vol ou autre atteinte aux biens",
        True,
    )
    prostitution_offence = (
        "prostitution_offence",
        "Prostitution-related offence",
        "Infraction liée à la prostitution",
        True,
    )
    begging_offence = ("begging_offence", "Begging offence", "Infraction de mendicité", True)
    benefit_fraud = ("benefit_fraud", "Benefit fraud", "Fraude aux prestations sociales", True)
    other = ("other", "Other offence", "Autre infraction", True)

    @property
    def is_trafficking(self) -> bool:
        """A trafficking-in-persons offence, the one UNODC's questionnaire counts."""
        return self in (Offence.trafficking_in_persons, Offence.child_trafficking)


TRAFFICKING_OFFENCES: frozenset[Offence] = frozenset(o for o in Offence if o.is_trafficking)


class ProceedingKind(VocabEnum, list_name="justice_proceeding_kind"):
    """Type of proceedings, as SHERLOC classifies decisions."""

    criminal = ("criminal", "Criminal", "Pénale", True)
    civil = ("civil", "Civil", "Civile", True)
    administrative = ("administrative", "Administrative", "Administrative", True)


class ProceedingStage(VocabEnum, list_name="justice_proceeding_stage"):
    """Where a defendant's proceedings stand, in the order a case moves through them."""

    investigation = ("investigation", "Under investigation", "Enquête en cours", True)
    charged = ("charged", "Charged", "Mis en accusation", True)
    first_instance = (
        "first_instance",
        "Trial at first instance",
        "Procès en première instance",
        True,
    )
    appeal = ("appeal", "On appeal", "En appel", True)
    final = ("final", "Final decision", "Décision définitive", True)

    @property
    def rank(self) -> int:
        return list(ProceedingStage).index(self)


class InvestigationOutcome(VocabEnum, list_name="justice_investigation_outcome"):
    """How an investigation ended; an open investigation has none."""

    charges_filed = ("charges_filed", "Charges filed", "Poursuites engagées", True)
    closed_no_charges = ("closed_no_charges", "Closed without charges", "Classée sans suite", True)
    suspended = (
        "suspended",
        "Suspended (can be reopened)",
        "Suspendue (réouverture possible)",
        True,
    )
    transferred = (
        "transferred",
        "Transferred to another jurisdiction",
        "Transférée à une autre juridiction",
        True,
    )
    merged = ("merged", "Merged into another investigation", "Jointe à une autre enquête", True)


class DropOutReason(VocabEnum, list_name="justice_drop_out_reason"):
    """Why a victim's case went no further (recorded where it stopped)."""

    victim_declined_to_report = (
        "victim_declined_to_report",
        "Victim did not wish to report",
        "La victime n'a pas souhaité porter plainte",
        True,
    )
    victim_withdrew = (
        "victim_withdrew",
        "Victim withdrew from the proceedings",
        "La victime s'est retirée de la procédure",
        True,
    )
    victim_unreachable = (
        "victim_unreachable",
        "Victim unreachable or left the country",
        "Victime injoignable ou partie du pays",
        True,
    )
    fear_of_reprisal = ("fear_of_reprisal", "Fear of reprisal", "Crainte de représailles", True)
    insufficient_evidence = (
        "insufficient_evidence",
        "Insufficient evidence",
        "Preuves insuffisantes",
        True,
    )
    suspect_not_identified = (
        "suspect_not_identified",
        "Suspect not identified",
        "Auteur non identifié",
        True,
    )
    suspect_abroad = (
        "suspect_abroad",
        "Suspect abroad or a fugitive",
        "Auteur à l'étranger ou en fuite",
        True,
    )
    statute_of_limitations = ("statute_of_limitations", "Time-barred", "Prescription", True)
    reclassified = (
        "reclassified",
        "Reclassified as another offence",
        "Requalifiée en une autre infraction",
        True,
    )
    charges_withdrawn = (
        "charges_withdrawn",
        "Charges withdrawn by the prosecution",
        "Abandon des poursuites",
        True,
    )
    dismissed = ("dismissed", "Dismissed by the court", "Rejet par la juridiction", True)
    acquitted = ("acquitted", "Defendant acquitted", "Acquittement", True)
    defendant_deceased = ("defendant_deceased", "Defendant deceased", "Décès de l'auteur", True)
    other = ("other", "Other reason", "Autre motif", True)
    not_recorded = ("not_recorded", "Reason not recorded", "Motif non enregistré", True)


JUSTICE_LISTS: tuple[type[VocabEnum], ...] = (
    Offence,
    ProceedingKind,
    ProceedingStage,
    InvestigationOutcome,
    DropOutReason,
    CooperationKind,
    HearingOutcome,
    AdjournmentReason,
    Verdict,
    SentenceKind,
    AppealParty,
    AppealOutcome,
    ProtectionMeasure,
    CompensationPayer,
    NonPunishmentOutcome,
    GlotipForm,
    GlotipAgeGroup,
    ReportedSex,
    CitizenshipGroup,
    PalermoAct,
    PalermoMeans,
    TraffickingReach,
    SherlocKeywordGroup,
    VictimStage,
    SuspectStage,
)
"""Every Prosecute list, for ``vocab.extensions.PALERMO_LISTS`` to register."""

__all__ = [
    "EXPLOITATION_TYPE_EXTENSIONS",
    "JUSTICE_LISTS",
    "TRAFFICKING_OFFENCES",
    "AdjournmentReason",
    "AppealOutcome",
    "AppealParty",
    "CitizenshipGroup",
    "CompensationPayer",
    "CooperationKind",
    "DropOutReason",
    "GlotipAgeGroup",
    "GlotipForm",
    "HearingOutcome",
    "InvestigationOutcome",
    "NonPunishmentOutcome",
    "Offence",
    "PalermoAct",
    "PalermoMeans",
    "ProceedingKind",
    "ProceedingStage",
    "ProtectionMeasure",
    "ReportedSex",
    "SentenceKind",
    "SherlocKeywordGroup",
    "SuspectStage",
    "TraffickingReach",
    "Verdict",
    "VictimStage",
]
