"""What another agency sees of a case: a SharedCaseView holding only the shared groups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases.record.age import age_at_identification, is_child
from palermo.cases.referrals.field_groups import SHARE_FIELDS, fields_of
from palermo.store.models import Case, NeedsAssessment, SupportPlanItem
from palermo.vocab import ShareGroup


@dataclass(frozen=True)
class Grant:
    """One reason why an agency may see part of a case of another agency."""

    source: str  # "referral" or "agreement"
    source_id: int
    case_id: int
    from_agency_id: int
    to_agency_id: int
    groups: frozenset[str]


@dataclass(frozen=True)
class JourneyStep:
    type: str
    country: str | None
    city: str | None
    started_on: date | None
    ended_on: date | None


@dataclass(frozen=True)
class SharedCaseView:
    """A case as a grantee sees it: only the groups in ``groups`` are filled in.

    Fields of groups that are not shared stay None or empty; templates and the API show only
    shared groups, so "not shared" and "not known" are never confused.
    """

    case_id: int
    reference: str
    agency_id: int
    groups: frozenset[str]
    grants: tuple[Grant, ...] = ()
    given_name: str | None = None
    middle_name: str | None = None
    family_name: str | None = None
    aliases: tuple[str, ...] = ()
    birth_date: str | None = None
    identity_number: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    gender: str | None = None
    primary_language: str | None = None
    age_at_identification: int | None = None
    guardian_name: str | None = None
    guardian_contact: str | None = None
    best_interests_flag: bool | None = None
    citizenship: tuple[str, ...] = ()
    exploitation_types: tuple[str, ...] = ()
    sexual_exploitation_types: tuple[str, ...] = ()
    forced_labour_industry: str | None = None
    means_of_control: tuple[str, ...] = ()
    events: tuple[JourneyStep, ...] = ()
    needs: tuple[str, ...] = field(default=())
    # Always shared: a child's protection depends on the receiver knowing (presumption of
    # minority), whatever groups the referral names. Not the age, not the birth date.
    child: bool = False

    def shares(self, group: str) -> bool:
        return group in self.groups

    @property
    def display_name(self) -> str:
        """The person's name if shared, else the case reference (never an empty heading)."""
        if "identity" not in self.groups:
            return self.reference
        parts = (self.given_name, self.middle_name, self.family_name)
        return " ".join(p for p in parts if p) or self.reference

    @property
    def fields_read(self) -> list[str]:
        return sorted(fields_of(self.groups))

    def as_dict(self) -> dict[str, Any]:
        """The shared groups only, for the JSON API."""
        out: dict[str, Any] = {
            "case_id": self.case_id,
            "reference": self.reference,
            "child": self.child,
        }
        out["shared"] = [g.value for g in ShareGroup if g in self.groups]
        for g in out["shared"]:
            for name in SHARE_FIELDS[ShareGroup(g)]:
                value = getattr(self, name)
                if name == "events":
                    value = [
                        {
                            "type": e.type,
                            "country": e.country,
                            "city": e.city,
                            "started_on": e.started_on.isoformat() if e.started_on else None,
                            "ended_on": e.ended_on.isoformat() if e.ended_on else None,
                        }
                        for e in value
                    ]
                elif isinstance(value, tuple):
                    value = list(value)
                out[name] = value
        return out


def build_shared_view(
    session: Session, *, case: Case, groups: frozenset[str], grants: tuple[Grant, ...] = ()
) -> SharedCaseView:
    """Copy only the shared groups out of the case (decrypting nothing else)."""
    values: dict = {}
    person = case.victim
    if "identity" in groups:
        values |= {
            "given_name": person.given_name,
            "middle_name": person.middle_name,
            "family_name": person.family_name,
            "aliases": tuple(person.alias_list),
        }
    if "birth_date" in groups:
        values["birth_date"] = person.birth_date
    if "document" in groups:
        values["identity_number"] = person.identity_number
    if "contact" in groups:
        values |= {"email": person.email, "phone": person.phone, "address": person.address}
    if "profile" in groups:
        values |= {
            "gender": person.gender,
            "primary_language": person.primary_language,
            # The age recorded, else the one the birth date gives on the day of
            # identification (the birth date itself stays in its own group).
            "age_at_identification": age_at_identification(case),
        }
    if "guardian" in groups:
        values |= {
            "guardian_name": case.guardian_name,
            "guardian_contact": case.guardian_contact,
            "best_interests_flag": case.best_interests_flag,
        }
    if "citizenship" in groups:
        values["citizenship"] = tuple(case.codes_for("citizenship"))
    if "exploitation" in groups:
        values |= {
            "exploitation_types": tuple(case.codes_for("exploitation_types")),
            "sexual_exploitation_types": tuple(case.codes_for("sexual_exploitation_types")),
            "forced_labour_industry": case.forced_labour_industry,
        }
    if "means_of_control" in groups:
        values["means_of_control"] = tuple(case.codes_for("means_of_control"))
    if "journey" in groups:
        # Places and dates only: the free-text description may name people.
        values["events"] = tuple(
            JourneyStep(e.type, e.country, e.city, e.started_on, e.ended_on) for e in case.events
        )
    if "needs" in groups:
        values["needs"] = shared_needs(session, case.id)
    return SharedCaseView(
        case_id=case.id,
        reference=case.reference,
        agency_id=case.agency_id,
        groups=groups,
        grants=grants,
        child=is_child(case, on=clock.today()),
        **values,
    )


def shared_needs(session: Session, case_id: int) -> tuple[str, ...]:
    """Service types of the latest needs assessment and of the support plan (no free text)."""
    latest = session.scalars(
        select(NeedsAssessment)
        .where(NeedsAssessment.case_id == case_id)
        .order_by(NeedsAssessment.assessed_on.desc(), NeedsAssessment.id.desc())
        .limit(1)
    ).first()
    planned = session.scalars(
        select(SupportPlanItem.service_type).where(SupportPlanItem.case_id == case_id)
    ).all()
    return tuple(dict.fromkeys([*(latest.needs if latest else []), *planned]))
