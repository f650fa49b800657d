"""The one mapping between HTCDS columns and ``CaseCreate``.

A file row is one case. Its columns are HTCDS v2.0 field names (with prefix);
``plm_`` columns are Palermo fields that HTCDS lacks. Import and export both read
this table, so what one writes the other reads back.

======================================  ===================================  =====
column (aliases accepted on import)     ``CaseCreate`` field                 kind
======================================  ===================================  =====
plm_ExternalId (record_id,              external_id                          text
cas_ExternalId, ExternalId)
cas_Status                              status                               code
prs_FirstName                           person.given_name                    text
prs_MiddleName                          person.middle_name                   text
prs_SecondName                          person.family_name                   text
plm_Aliases                             person.aliases                       texts
prs_Birthdate                           person.birth_date (YYYY[-MM[-DD]])   text
prs_Gender                              person.gender                        code
prs_IdentityNumber                      person.identity_number               text
prs_PrimaryLanguage                     person.primary_language              code
prs_Email                               person.email                         text
prs_MobilePhone (prs_HomePhone)         person.phone                         text
prs_MailingStreet                       person.address (one free text)       text
prs_Citizenship                         citizenship                          codes
plm_IdentificationDate                  identified_on                        date
vic_TraffickingStatus                   trafficking_status                   code
vic_TraffickingStatusDecisionMakingOrg  status_decision_org                  code
plm_TraffickingStatusDecidedBy          status_decided_by                    text
plm_TraffickingStatusDecisionDate       status_decided_on                    date
vic_RelationshipToTrafficker            relationship_to_trafficker           code
vic_AgeWhenTrafficked                   age_when_trafficked                  int
vic_ForcedLabourIndustry                forced_labour_industry               code
cas_ReasonForCaseClosure                closure_reason                       text
vic_MethodOfRecruitment                 recruitment_methods                  codes
vic_RecruitmentWebsitesAndApps          recruitment_platforms                codes
vic_TypeOfExploitation                  exploitation_types                   codes
vic_TypeOfSexExploitation               sexual_exploitation_types            codes
vic_MethodsOfControl                    means_of_control                     codes
hte_<Field>__<Type>[__<n>]              events[] (see below)
per_<Field>[__<n>]                      perpetrators[] (see below)
======================================  ===================================  =====

*codes* cells hold several codes separated by ``;`` (in JSON and in the
simulator's Python records: lists). Codes are matched case-insensitively and
stored in their canonical spelling.

Events (HTCDS Historic Trafficking Events) are flattened as the simulator does:
``hte_<Field>__<Type>`` with ``<Type>`` an ``hte_Type`` code (Recruitment,
Transit, Exploitation) and ``<Field>`` one of Country, City, Date (start),
EndDate (Palermo's addition) and Description. A second event of the same type
takes the suffix ``__2``, and so on. Events are rebuilt in the order of the
``hte_Type`` list, then by number; an event whose cells are all empty is no event.

Perpetrators: ``per_<Field>__<n>`` (n = 1, 2, ...; ``per_<Field>`` alone is the
first) with ``<Field>`` one of FirstName, SecondName, Aliases (``;``-separated),
RoleInProcess (codes) and RoleDetails.

Columns in ``IGNORED`` are known and skipped silently (the simulator's
``agency_id``; the exporting agency's ``plm_Reference``). Any other column is
reported once, as a warning, and skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from palermo.cases.record.schemas import EVENT_CODED_FIELDS, PERPETRATOR_ROLES_FIELD
from palermo.vocab import HTCDS_FIELD_LISTS, get_list


@dataclass(frozen=True)
class Column:
    """One HTCDS column and the ``CaseCreate`` field it fills."""

    name: str
    target: str  # dotted path in CaseCreate: "status", "person.given_name"
    kind: str  # text | texts | code | codes | date | int
    htcds: str | None = None  # HTCDS field whose picklist validates a code(s) column
    aliases: tuple[str, ...] = ()


def _c(name: str, target: str, kind: str = "text", *aliases: str) -> Column:
    coded = kind in {"code", "codes"}
    return Column(name, target, kind, name if coded else None, aliases)


COLUMNS: tuple[Column, ...] = (
    _c("plm_ExternalId", "external_id", "text", "record_id", "cas_ExternalId", "ExternalId"),
    _c("cas_Status", "status", "code"),
    _c("prs_FirstName", "person.given_name"),
    _c("prs_MiddleName", "person.middle_name"),
    _c("prs_SecondName", "person.family_name"),
    _c("plm_Aliases", "person.aliases", "texts"),
    _c("prs_Birthdate", "person.birth_date"),
    _c("prs_Gender", "person.gender", "code"),
    _c("prs_IdentityNumber", "person.identity_number"),
    _c("prs_PrimaryLanguage", "person.primary_language", "code"),
    _c("prs_Email", "person.email"),
    _c("prs_MobilePhone", "person.phone", "text", "prs_HomePhone"),
    _c("prs_MailingStreet", "person.address"),
    _c("prs_Citizenship", "citizenship", "codes"),
    _c("plm_IdentificationDate", "identified_on", "date"),
    _c("vic_TraffickingStatus", "trafficking_status", "code"),
    _c("vic_TraffickingStatusDecisionMakingOrg", "status_decision_org", "code"),
    _c("plm_TraffickingStatusDecidedBy", "status_decided_by"),
    _c("plm_TraffickingStatusDecisionDate", "status_decided_on", "date"),
    _c("vic_RelationshipToTrafficker", "relationship_to_trafficker", "code"),
    _c("vic_AgeWhenTrafficked", "age_when_trafficked", "int"),
    _c("vic_ForcedLabourIndustry", "forced_labour_industry", "code"),
    _c("cas_ReasonForCaseClosure", "closure_reason"),
    _c("vic_MethodOfRecruitment", "recruitment_methods", "codes"),
    _c("vic_RecruitmentWebsitesAndApps", "recruitment_platforms", "codes"),
    _c("vic_TypeOfExploitation", "exploitation_types", "codes"),
    _c("vic_TypeOfSexExploitation", "sexual_exploitation_types", "codes"),
    _c("vic_MethodsOfControl", "means_of_control", "codes"),
)

# Flattened event fields: column <Field> -> (EventData field, kind, validating HTCDS field).
EVENT_FIELDS: dict[str, tuple[str, str, str | None]] = {
    "Country": ("country", "code", EVENT_CODED_FIELDS["country"]),
    "City": ("city", "text", None),
    "Date": ("started_on", "date", None),
    "EndDate": ("ended_on", "date", None),
    "Description": ("description", "text", None),
}
PERPETRATOR_FIELDS: dict[str, tuple[str, str, str | None]] = {
    "FirstName": ("given_name", "text", None),
    "SecondName": ("family_name", "text", None),
    "Aliases": ("aliases", "texts", None),
    "RoleInProcess": ("roles", "codes", PERPETRATOR_ROLES_FIELD),
    "RoleDetails": ("role_details", "text", None),
}
# Event types in the order of their HTCDS list (Recruitment, Transit, Exploitation).
EVENT_TYPES: tuple[str, ...] = tuple(m.value for m in get_list(HTCDS_FIELD_LISTS["hte_Type"]))

IGNORED: frozenset[str] = frozenset({"agency_id", "plm_Reference", "plm_IdentificationYear"})
REFERENCE_COLUMN = "plm_Reference"


@dataclass(frozen=True)
class Slot:
    """Where one column of a file goes: the case itself, an event or a perpetrator."""

    column: str
    group: str  # "case" | "event" | "perpetrator"
    key: tuple[str, int] | int | None  # (event type, n) or perpetrator n
    field: str  # field inside the group ("person.given_name" for the case)
    kind: str
    htcds: str | None


_BY_NAME: dict[str, Column] = {
    name.lower(): col for col in COLUMNS for name in (col.name, *col.aliases)
}
_TYPES = {t.lower(): t for t in EVENT_TYPES}


def _numbered(rest: str) -> tuple[str, int]:
    """``Field__2`` -> ("Field", 2); ``Field`` -> ("Field", 1)."""
    head, _, tail = rest.rpartition("__")
    if head and tail.isdigit() and int(tail) >= 1:
        return head, int(tail)
    return rest, 1


def slot_for(column: str) -> Slot | None:
    """The slot a column name fills, or None when Palermo does not know the column."""
    name = column.strip()
    col = _BY_NAME.get(name.lower())
    if col is not None:
        return Slot(column, "case", None, col.target, col.kind, col.htcds)
    lowered = name.lower()
    if lowered.startswith("hte_") and "__" in name:
        field, _, rest = name[4:].partition("__")
        type_and_n = _numbered(rest)
        spec = {k.lower(): (k, v) for k, v in EVENT_FIELDS.items()}.get(field.lower())
        if spec and type_and_n[0].lower() in _TYPES:
            event_type = _TYPES[type_and_n[0].lower()]
            target, kind, htcds = spec[1]
            return Slot(column, "event", (event_type, type_and_n[1]), target, kind, htcds)
    if lowered.startswith("per_"):
        parsed = _numbered(name[4:])
        perpetrator = {k.lower(): v for k, v in PERPETRATOR_FIELDS.items()}.get(parsed[0].lower())
        if perpetrator:
            target, kind, htcds = perpetrator
            return Slot(column, "perpetrator", parsed[1], target, kind, htcds)
    return None


def event_column(field: str, event_type: str, n: int) -> str:
    return f"hte_{field}__{event_type}" + (f"__{n}" if n > 1 else "")


def perpetrator_column(field: str, n: int) -> str:
    return f"per_{field}__{n}"
