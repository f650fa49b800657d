"""Code lists of trials: hearings, verdicts, sentences, appeals, victims' protection,
compensation, non-punishment, and international cooperation. Part of the Prosecute
vocabulary (``vocab.justice``); every value is Palermo's (``extension=True``): HTCDS has
no criminal-justice lists.
"""

from __future__ import annotations

from palermo.vocab.enums import VocabEnum


class HearingOutcome(VocabEnum, list_name="justice_hearing_outcome"):
    """What happened at a scheduled hearing."""

    held = (
        "held",
        "Held, continued to a later date",
        "Tenue, renvoyée à une date ultérieure",
        True,
    )
    adjourned = ("adjourned", "Adjourned", "Ajournée", True)
    plea = ("plea", "Plea entered", "Plaidoyer enregistré", True)
    verdict = ("verdict", "Verdict delivered", "Jugement rendu", True)
    sentence = ("sentence", "Sentence pronounced", "Peine prononcée", True)
    cancelled = ("cancelled", "Cancelled", "Annulée", True)


class AdjournmentReason(VocabEnum, list_name="justice_adjournment_reason"):
    """Why a hearing did not go ahead as planned."""

    victim_witness_absent = (
        "victim_witness_absent",
        "Victim-witness absent",
        "Victime-témoin absente",
        True,
    )
    other_witness_absent = (
        "other_witness_absent",
        "Other witness absent",
        "Autre témoin absent",
        True,
    )
    defendant_absent = ("defendant_absent", "Defendant absent", "Prévenu absent", True)
    defence_counsel = (
        "defence_counsel",
        "Defence counsel absent or replaced",
        "Avocat de la défense absent ou remplacé",
        True,
    )
    interpreter_unavailable = (
        "interpreter_unavailable",
        "No interpreter available",
        "Aucun interprète disponible",
        True,
    )
    evidence_not_ready = ("evidence_not_ready", "Evidence not ready", "Preuves non prêtes", True)
    awaiting_foreign_evidence = (
        "awaiting_foreign_evidence",
        "Awaiting evidence from abroad",
        "Attente de preuves de l'étranger",
        True,
    )
    court_unavailable = (
        "court_unavailable",
        "Court or judge unavailable",
        "Juridiction ou juge indisponible",
        True,
    )
    health = ("health", "Illness of a party", "Maladie d'une partie", True)
    procedural_motion = (
        "procedural_motion",
        "Procedural motion to decide",
        "Demande procédurale à trancher",
        True,
    )
    other = ("other", "Other reason", "Autre motif", True)


class Verdict(VocabEnum, list_name="justice_verdict"):
    """Decision on one charge against one defendant."""

    convicted = ("convicted", "Convicted", "Condamné", True)
    plea_agreement = (
        "plea_agreement",
        "Convicted on a plea agreement",
        "Condamné sur accord de plaidoyer",
        True,
    )
    acquitted = ("acquitted", "Acquitted", "Acquitté", True)
    dismissed = (
        "dismissed",
        "Dismissed by the court",
        "Non-lieu ou rejet par la juridiction",
        True,
    )
    withdrawn = (
        "withdrawn",
        "Withdrawn by the prosecution",
        "Abandon des poursuites par le parquet",
        True,
    )

    @property
    def is_conviction(self) -> bool:
        """Convicted, with or without a plea agreement."""
        return self in (Verdict.convicted, Verdict.plea_agreement)


class SentenceKind(VocabEnum, list_name="justice_sentence_kind"):
    """Penalties and orders pronounced with a conviction."""

    custody = ("custody", "Custodial sentence", "Peine d'emprisonnement ferme", True)
    suspended_custody = (
        "suspended_custody",
        "Suspended custodial sentence",
        "Emprisonnement avec sursis",
        True,
    )
    fine = ("fine", "Fine", "Amende", True)
    confiscation = (
        "confiscation",
        "Confiscation of proceeds or instruments",
        "Confiscation des produits ou instruments",
        True,
    )
    asset_recovery = (
        "asset_recovery",
        "Asset recovery for victims",
        "Recouvrement d'avoirs au profit des victimes",
        True,
    )
    community_service = (
        "community_service",
        "Community service",
        "Travail d'intérêt général",
        True,
    )
    probation = ("probation", "Probation", "Mise à l'épreuve", True)
    expulsion = (
        "expulsion",
        "Expulsion or entry ban",
        "Expulsion ou interdiction du territoire",
        True,
    )
    occupational_ban = (
        "occupational_ban",
        "Ban from an occupation or business",
        "Interdiction d'exercer une activité",
        True,
    )
    other = ("other", "Other penalty", "Autre peine", True)


class AppealParty(VocabEnum, list_name="justice_appeal_party"):
    """Who lodged an appeal."""

    defendant = ("defendant", "Defendant", "Prévenu ou accusé", True)
    prosecution = ("prosecution", "Prosecution", "Ministère public", True)
    victim = ("victim", "Victim (civil party)", "Victime (partie civile)", True)


class AppealOutcome(VocabEnum, list_name="justice_appeal_outcome"):
    """Decision of the appellate court."""

    upheld = ("upheld", "Decision upheld", "Décision confirmée", True)
    sentence_reduced = ("sentence_reduced", "Sentence reduced", "Peine réduite", True)
    sentence_increased = ("sentence_increased", "Sentence increased", "Peine aggravée", True)
    conviction_overturned = (
        "conviction_overturned",
        "Conviction overturned",
        "Condamnation infirmée",
        True,
    )
    acquittal_overturned = (
        "acquittal_overturned",
        "Acquittal overturned (convicted on appeal)",
        "Acquittement infirmé (condamnation en appel)",
        True,
    )
    retrial_ordered = ("retrial_ordered", "Retrial ordered", "Renvoi pour un nouveau procès", True)
    withdrawn = ("withdrawn", "Appeal withdrawn", "Désistement d'appel", True)
    inadmissible = ("inadmissible", "Appeal inadmissible", "Appel irrecevable", True)


class ProtectionMeasure(VocabEnum, list_name="justice_protection_measure"):
    """Measures protecting a victim who takes part in proceedings."""

    anonymity = (
        "anonymity",
        "Anonymity (identity withheld)",
        "Anonymat (identité non divulguée)",
        True,
    )
    screen = ("screen", "Screen in the courtroom", "Paravent dans la salle d'audience", True)
    video_link = ("video_link", "Testimony by video link", "Témoignage par visioconférence", True)
    closed_hearing = ("closed_hearing", "Hearing in camera", "Audience à huis clos", True)
    pre_recorded_testimony = (
        "pre_recorded_testimony",
        "Pre-recorded testimony",
        "Témoignage préenregistré",
        True,
    )
    relocation = ("relocation", "Relocation", "Relogement sécurisé", True)
    police_protection = ("police_protection", "Police protection", "Protection policière", True)
    child_friendly_interview = (
        "child_friendly_interview",
        "Child-friendly interview room",
        "Salle d'audition adaptée aux enfants",
        True,
    )
    single_interview = (
        "single_interview",
        "Single recorded interview of the child",
        "Audition unique et enregistrée de l'enfant",
        True,
    )
    intermediary = (
        "intermediary",
        "Intermediary or child specialist",
        "Intermédiaire ou spécialiste de l'enfance",
        True,
    )
    guardian_present = (
        "guardian_present",
        "Guardian or legal representative present",
        "Présence du tuteur ou représentant légal",
        True,
    )

    @property
    def for_children(self) -> bool:
        """One of the special measures for child victims."""
        return self in _CHILD_MEASURES


_CHILD_MEASURES = frozenset(
    {
        ProtectionMeasure.child_friendly_interview,
        ProtectionMeasure.single_interview,
        ProtectionMeasure.intermediary,
        ProtectionMeasure.guardian_present,
    }
)


class CompensationPayer(VocabEnum, list_name="justice_compensation_payer"):
    """Who pays compensation ordered for a victim."""

    defendant = ("defendant", "Defendant", "Condamné", True)
    state_fund = ("state_fund", "State compensation fund", "Fonds public d'indemnisation", True)
    confiscated_assets = (
        "confiscated_assets",
        "From confiscated assets",
        "Sur les avoirs confisqués",
        True,
    )
    employer = ("employer", "Employer (back pay)", "Employeur (arriérés de salaire)", True)
    other = ("other", "Other payer", "Autre payeur", True)


class NonPunishmentOutcome(VocabEnum, list_name="justice_non_punishment_outcome"):
    """What became of a charge brought against a victim for an act compelled by trafficking."""

    not_prosecuted = (
        "not_prosecuted",
        "Not prosecuted (non-punishment applied)",
        "Non poursuivie (principe de non-sanction appliqué)",
        True,
    )
    charges_withdrawn = ("charges_withdrawn", "Charges withdrawn", "Poursuites abandonnées", True)
    acquitted = (
        "acquitted",
        "Acquitted on the trafficking defence",
        "Relaxée au titre de la traite subie",
        True,
    )
    conviction_quashed = ("conviction_quashed", "Conviction quashed", "Condamnation annulée", True)
    convicted = ("convicted", "Convicted", "Condamnée", True)


class CooperationKind(VocabEnum, list_name="justice_cooperation_kind"):
    """International cooperation used in an investigation or a trial."""

    mla_request_sent = (
        "mla_request_sent",
        "Mutual legal assistance request sent",
        "Demande d'entraide judiciaire envoyée",
        True,
    )
    mla_request_received = (
        "mla_request_received",
        "Mutual legal assistance request received",
        "Demande d'entraide judiciaire reçue",
        True,
    )
    joint_investigation_team = (
        "joint_investigation_team",
        "Joint investigation team",
        "Équipe commune d'enquête",
        True,
    )
    extradition_request = (
        "extradition_request",
        "Extradition request",
        "Demande d'extradition",
        True,
    )
    international_arrest_warrant = (
        "international_arrest_warrant",
        "International or European arrest warrant",
        "Mandat d'arrêt international ou européen",
        True,
    )
    interpol_red_notice = (
        "interpol_red_notice",
        "INTERPOL Red Notice",
        "Notice rouge d'INTERPOL",
        True,
    )
    interpol_yellow_notice = (
        "interpol_yellow_notice",
        "INTERPOL Yellow Notice (missing person)",
        "Notice jaune d'INTERPOL (personne disparue)",
        True,
    )
    police_information_exchange = (
        "police_information_exchange",
        "Police-to-police information exchange",
        "Échange d'informations entre polices",
        True,
    )
    transfer_of_proceedings = (
        "transfer_of_proceedings",
        "Transfer of proceedings",
        "Transfert de procédure",
        True,
    )
    other = ("other", "Other cooperation", "Autre coopération", True)
