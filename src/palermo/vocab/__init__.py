"""One vocabulary for all of Palermo: every code list as an enum, labels in en/fr.

The canonical vocabulary is IOM's Human Trafficking Case Data Standard.
HTCDS v2.0 by IOM, CC BY 4.0; no endorsement implied.

    >>> from palermo.vocab import get_list
    >>> status = get_list("trafficking_status").parse("PossibleVictimOfTrafficking")
    >>> status.label("fr")
    'Victime potentielle de la traite'

* ``list_names()`` / ``get_list(name)`` / ``list_info(name)``: the lists, their enums
  and where they come from (``ListInfo.source``: htcds, iso3166, iso639, ctdc, palermo).
* ``HTCDS_FIELD_LISTS``: HTCDS column ("vic_MethodsOfControl") -> list name, so an
  importer knows which list validates which column.
* ``VocabEnum.parse(code)`` raises ``palermo.errors.UnknownCode`` naming valid codes.
* ``age_band(age)`` gives the CTDC band.

List names derive from HTCDS field names by the rule in ``palermo.vocab.build``.
"""

from __future__ import annotations

from palermo.vocab.ages import AgeBand, age_band
from palermo.vocab.cooperate import AgreementPurpose, LinkRunState
from palermo.vocab.enums import ListInfo, VocabEnum
from palermo.vocab.extensions import CaseClosureReason, UserRole
from palermo.vocab.htcds import field_lists
from palermo.vocab.know import IndicatorDirection, IndicatorMethod, MeasureStatus
from palermo.vocab.protect import (
    ConsentGiver,
    ConsentPurpose,
    ConsentStatus,
    DeadlineState,
    InformedOf,
    NrmResult,
    NrmStage,
    NrmStep,
    ReferralState,
    ServiceType,
    ShareGroup,
    TracingDecision,
    TracingRelationship,
)
from palermo.vocab.registry import ALIASES, get_list, list_info, list_names

HTCDS_FIELD_LISTS: dict[str, str] = field_lists()

__all__ = [
    "ALIASES",
    "HTCDS_FIELD_LISTS",
    "AgeBand",
    "AgreementPurpose",
    "CaseClosureReason",
    "ConsentGiver",
    "ConsentPurpose",
    "ConsentStatus",
    "DeadlineState",
    "InformedOf",
    "LinkRunState",
    "NrmResult",
    "NrmStage",
    "NrmStep",
    "ReferralState",
    "ServiceType",
    "ShareGroup",
    "TracingDecision",
    "TracingRelationship",
    "ListInfo",
    "UserRole",
    "IndicatorDirection",
    "IndicatorMethod",
    "MeasureStatus",
    "VocabEnum",
    "age_band",
    "get_list",
    "list_info",
    "list_names",
]
