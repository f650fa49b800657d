"""SQLAlchemy models of the store. Import from here so that every table is registered."""

# Encrypted fields are sealed and opened around the ORM's writes and loads of every model.
from palermo.store.models import sealing  # noqa: F401, I001
from palermo.store.models.accounts import Agency, ApiToken, LoginThrottle, User, WebSession
from palermo.store.models.audit import AuditEntry, AuditHead
from palermo.store.models.base import Base, utcnow
from palermo.store.models.case import Case, CaseCode, CaseComment, Perpetrator, TraffickingEvent
from palermo.store.models.case_history import CaseStatusChange
from palermo.store.models.casework import CaseTask, ReferralCaseLink
from palermo.store.models.consent import Consent, ConsentOverride
from palermo.store.models.cooperate import (
    AgreementParty,
    LinkageRun,
    LinkedRecord,
    SharingAgreement,
)
from palermo.store.models.crossborder import CrossBorderReferral, ExchangeBundle, ExchangePeer
from palermo.store.models.exchange import ImportStaging
from palermo.store.models.justice import (
    InvestigationSuspect,
    InvestigationVictim,
    JusticeCooperation,
    JusticeInvestigation,
    JusticeNotReported,
    JusticeSuspect,
    JusticeVictimLink,
    SherlocClassificationRow,
)
from palermo.store.models.justice_trial import (
    CaseLawSummaryRow,
    ChargeVictim,
    JusticeAppeal,
    JusticeCharge,
    JusticeCompensation,
    JusticeHearing,
    JusticeNonPunishment,
    JusticeParticipation,
    JusticePayment,
    JusticeProceeding,
    JusticeSentence,
)
from palermo.store.models.know import (
    ActionPlan,
    IndicatorValue,
    PlanIndicator,
    PlanMeasure,
    PlanObjective,
    PrivacyBudget,
    PrivacyCharge,
)
from palermo.store.models.nrm import NrmDeadlineRule, NrmDecision, RecoveryPeriod
from palermo.store.models.prevent import (
    AdNetwork,
    AdScreeningRun,
    AgencyLicence,
    AgencyLicenceChange,
    ReportedOffer,
    ScreenedAd,
    ScreenedAdFlag,
)
from palermo.store.models.person import PERSONAL_FIELDS, Person, PersonIndex
from palermo.store.models.screening import ScreeningAssessment
from palermo.store.models.support import (
    NeedsAssessment,
    Referral,
    ServiceDelivery,
    SupportPlanItem,
)
from palermo.store.models.tracing import TracingMatch, TracingRequest

__all__ = [
    "AdNetwork",
    "AdScreeningRun",
    "AgencyLicence",
    "AgencyLicenceChange",
    "ReportedOffer",
    "ScreenedAd",
    "ScreenedAdFlag",
    "PERSONAL_FIELDS",
    "ActionPlan",
    "IndicatorValue",
    "PlanIndicator",
    "PlanMeasure",
    "PlanObjective",
    "PrivacyBudget",
    "PrivacyCharge",
    "Agency",
    "AgreementParty",
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "Base",
    "Case",
    "CaseCode",
    "CaseComment",
    "CaseStatusChange",
    "CaseTask",
    "Consent",
    "ConsentOverride",
    "CrossBorderReferral",
    "ExchangeBundle",
    "ExchangePeer",
    "ImportStaging",
    "LoginThrottle",
    "LinkageRun",
    "LinkedRecord",
    "NeedsAssessment",
    "NrmDeadlineRule",
    "NrmDecision",
    "RecoveryPeriod",
    "Referral",
    "ReferralCaseLink",
    "ServiceDelivery",
    "SharingAgreement",
    "SupportPlanItem",
    "TracingMatch",
    "TracingRequest",
    "Perpetrator",
    "Person",
    "PersonIndex",
    "ScreeningAssessment",
    "TraffickingEvent",
    "User",
    "WebSession",
    "utcnow",
    # Prosecute (justice)
    "CaseLawSummaryRow",
    "ChargeVictim",
    "InvestigationSuspect",
    "InvestigationVictim",
    "JusticeAppeal",
    "JusticeCharge",
    "JusticeCompensation",
    "JusticeCooperation",
    "JusticeHearing",
    "JusticeInvestigation",
    "JusticeNonPunishment",
    "JusticeNotReported",
    "JusticeParticipation",
    "JusticePayment",
    "JusticeProceeding",
    "JusticeSentence",
    "JusticeSuspect",
    "JusticeVictimLink",
    "SherlocClassificationRow",
]
