"""Schemas of a case as users and the API see it: ``CaseCreate``, ``CaseUpdate``, ``CaseRead``.

Coded fields hold HTCDS codes; which HTCDS field (and so which vocabulary list)
validates each one is declared once in ``CODED_FIELDS`` / ``MULTI_CODED_FIELDS``.
"""

from __future__ import annotations

from datetime import date

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from palermo import clock
from palermo.clock import UtcDateTime
from palermo.i18n import msg
from palermo.store.ranges import PageNumber

# Schema field -> HTCDS field whose picklist validates it.
CODED_FIELDS: dict[str, str] = {
    "status": "cas_Status",
    "trafficking_status": "vic_TraffickingStatus",
    "status_decision_org": "vic_TraffickingStatusDecisionMakingOrg",
    "relationship_to_trafficker": "vic_RelationshipToTrafficker",
    "forced_labour_industry": "vic_ForcedLabourIndustry",
}
MULTI_CODED_FIELDS: dict[str, str] = {
    "citizenship": "prs_Citizenship",
    "recruitment_methods": "vic_MethodOfRecruitment",
    "recruitment_platforms": "vic_RecruitmentWebsitesAndApps",
    "exploitation_types": "vic_TypeOfExploitation",
    "sexual_exploitation_types": "vic_TypeOfSexExploitation",
    "means_of_control": "vic_MethodsOfControl",
}
PERSON_CODED_FIELDS: dict[str, str] = {
    "gender": "prs_Gender",
    "primary_language": "prs_PrimaryLanguage",
}
EVENT_CODED_FIELDS: dict[str, str] = {"type": "hte_Type", "country": "prs_Citizenship"}
PERPETRATOR_ROLES_FIELD = "per_RoleInProcess"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PersonData(_Strict):
    given_name: str | None = Field(default=None, max_length=200)
    middle_name: str | None = Field(default=None, max_length=200)
    family_name: str | None = Field(default=None, max_length=200)
    aliases: list[str] = Field(default_factory=list)
    # Full or partial ("1990", "1990-07"): records often know only the year.
    birth_date: str | None = None
    identity_number: str | None = Field(default=None, max_length=80)
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=60)
    address: str | None = Field(default=None, max_length=500)
    gender: str | None = None
    primary_language: str | None = None

    @field_validator("birth_date", mode="before")
    @classmethod
    def _partial_date(cls, value: object) -> str | None:
        if value is None or value == "":
            return None
        text = value.isoformat() if isinstance(value, date) else str(value).strip()
        parts = text.split("-")
        try:
            year = int(parts[0])
            full = date(
                year, int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
            )
        except (ValueError, IndexError):
            raise ValueError(msg("birth date must be YYYY, YYYY-MM or YYYY-MM-DD")) from None
        if len(parts) > 3 or len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
            raise ValueError(msg("birth date must be YYYY, YYYY-MM or YYYY-MM-DD"))
        if full > clock.today():
            raise ValueError(msg("birth date is in the future"))
        return text


class EventData(_Strict):
    type: str
    country: str | None = None
    city: str | None = Field(default=None, max_length=120)
    started_on: date | None = None
    ended_on: date | None = None
    description: str | None = None


class PerpetratorData(_Strict):
    given_name: str | None = None
    family_name: str | None = None
    aliases: list[str] = Field(default_factory=list)
    roles: list[str] = Field(default_factory=list)
    role_details: str | None = None


class CaseFields(_Strict):
    identified_on: date | None = None
    trafficking_status: str | None = None
    status_decision_org: str | None = None
    status_decided_by: str | None = Field(default=None, max_length=200)
    status_decided_on: date | None = None
    relationship_to_trafficker: str | None = None
    age_when_trafficked: int | None = Field(default=None, ge=0, le=120)
    forced_labour_industry: str | None = None
    closure_reason: str | None = None
    external_id: str | None = Field(default=None, max_length=80)
    citizenship: list[str] = Field(default_factory=list)
    recruitment_methods: list[str] = Field(default_factory=list)
    recruitment_platforms: list[str] = Field(default_factory=list)
    exploitation_types: list[str] = Field(default_factory=list)
    sexual_exploitation_types: list[str] = Field(default_factory=list)
    means_of_control: list[str] = Field(default_factory=list)


# Validation context of a case read back from the store: rules for new cases do not apply.
STORED = {"stored": True}


class CaseCreate(CaseFields):
    status: str = "Active"
    person: PersonData
    events: list[EventData] = Field(default_factory=list)
    perpetrators: list[PerpetratorData] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_someone(self, info: ValidationInfo) -> CaseCreate:
        # A record of nobody can be neither found nor merged: it needs a name, an alias or
        # another system's reference. (Cases stored before the rule still read back.)
        if info.context and info.context.get("stored"):
            return self
        person = self.person
        named = person.given_name or person.middle_name or person.family_name
        if not (named or person.aliases or self.external_id):
            raise ValueError(msg("a case needs at least a name, an alias or an external reference"))
        return self


class CaseUpdate(_Strict):
    """Only the fields present are changed (``model_fields_set``)."""

    status: str | None = None
    person: PersonData | None = None
    identified_on: date | None = None
    trafficking_status: str | None = None
    status_decision_org: str | None = None
    status_decided_by: str | None = None
    status_decided_on: date | None = None
    relationship_to_trafficker: str | None = None
    age_when_trafficked: int | None = Field(default=None, ge=0, le=120)
    forced_labour_industry: str | None = None
    closure_reason: str | None = None
    external_id: str | None = None
    citizenship: list[str] | None = None
    recruitment_methods: list[str] | None = None
    recruitment_platforms: list[str] | None = None
    exploitation_types: list[str] | None = None
    sexual_exploitation_types: list[str] | None = None
    means_of_control: list[str] | None = None
    events: list[EventData] | None = None
    perpetrators: list[PerpetratorData] | None = None


class CommentRead(BaseModel):
    author: str
    body: str
    created_at: UtcDateTime


class CaseRead(CaseCreate):
    model_config = ConfigDict(extra="forbid")

    id: int
    reference: str
    agency_id: int
    created_at: UtcDateTime
    updated_at: UtcDateTime
    comments: list[CommentRead] = Field(default_factory=list)


class CaseSummary(BaseModel):
    id: int
    reference: str
    name: str
    status: str
    identified_on: date | None
    exploitation_types: list[str]
    citizenship: list[str]
    birth_year: int | None = None
    age: int | None = None
    child: bool = False
    owner: str | None = None


# Columns the case list sorts by: only those stored in clear (names and birth dates are
# encrypted, so the database cannot order by them).
SORTS = ("reference", "status", "identified_on", "opened")


class CaseQuery(BaseModel):
    name: str | None = None
    birth_date: str | None = None
    document: str | None = None
    status: str | None = None
    exploitation_type: str | None = None
    citizenship: str | None = None
    owner_id: int | None = None
    sort: str = "-opened"
    page: PageNumber = 1
    per_page: int = Field(default=25, ge=1, le=200)

    @field_validator("sort")
    @classmethod
    def _known_sort(cls, value: str) -> str:
        if value.lstrip("-") not in SORTS:
            raise ValueError(msg("unknown sort column"))
        return value


class CasePage(BaseModel):
    items: list[CaseSummary]
    total: int = Field(description="Cases found; with total_exact false, more than this.")
    total_exact: bool = Field(
        default=True,
        description=(
            "False when more than total cases were found: the count stops 1,000 cases past "
            "the first of the page."
        ),
    )
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Pages of the cases found; with an inexact total, the fewest there can be."""
        found = self.total if self.total_exact else self.total + 1
        return max(1, -(-found // self.per_page))
