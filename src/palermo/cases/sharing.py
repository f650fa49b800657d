"""What another agency may see of a case: field groups, grants, and the shared view.

Agencies are isolated: ``access.readable_cases`` keeps full case reads inside the case's own
agency. The one controlled crossing is a *grant*: today an open referral, later a sharing
agreement between agencies. A grant names field groups; the receiving agency reads the case
only through ``read_shared_case``, which builds a ``SharedCaseView`` holding those groups and
nothing else. It never hands an ORM ``Case`` across the boundary.

Which referral states grant access: ``in_progress``, ``accepted`` and ``done``. The provider
keeps read access to what was shared after the work is done, for its own records, until the
sender revokes the referral; a ``rejected`` or ``revoked`` referral grants nothing.

Consent is checked when the grant is used, not only when the referral was made: a referral's
field groups reach the receiving agency only while a valid sharing consent names that agency
on the day of the read (``referrals.may_share``, which asks the consent module). Without it
the grant shares no group: the receiver sees the case reference it already knows, nothing of
the person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import ValidationFailed
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, NeedsAssessment, Referral, SupportPlanItem

# Group name -> (English label, French label, the record fields it opens). The field names
# are what the audit log records when a grantee reads the group.
SHARE_GROUPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "identity": (
        "Names and aliases",
        "Noms et alias",
        ("given_name", "middle_name", "family_name", "aliases"),
    ),
    "birth_date": ("Birth date", "Date de naissance", ("birth_date",)),
    "document": ("Identity document number", "Numéro de pièce d'identité", ("identity_number",)),
    "contact": ("Contact details", "Coordonnées", ("email", "phone", "address")),
    "profile": (
        "Gender, language and age",
        "Genre, langue et âge",
        ("gender", "primary_language", "age_at_identification"),
    ),
    "guardian": (
        "Guardian (children)",
        "Tuteur (enfants)",
        ("guardian_name", "guardian_contact", "best_interests_flag"),
    ),
    "citizenship": ("Citizenship", "Nationalité", ("citizenship",)),
    "exploitation": (
        "Exploitation",
        "Exploitation",
        ("exploitation_types", "sexual_exploitation_types", "forced_labour_industry"),
    ),
    "means_of_control": ("Means of control", "Moyens de contrôle", ("means_of_control",)),
    "journey": ("Journey (places and dates)", "Parcours (lieux et dates)", ("events",)),
    "needs": ("Needs and support plan", "Besoins et plan d'accompagnement", ("needs",)),
}


def group_label(group: str, locale: str = "en") -> str:
    en, fr, _fields = SHARE_GROUPS[group]
    return fr if locale == "fr" else en


def check_groups(groups: list[str]) -> list[str]:
    """The groups, deduplicated in a stable order; refuses an unknown name, listing the valid."""
    unknown = [g for g in groups if g not in SHARE_GROUPS]
    if unknown:
        valid = ", ".join(SHARE_GROUPS)
        raise ValidationFailed(
            f"Unknown shared field group(s): {', '.join(unknown)}. Valid groups: {valid}.",
        )
    return [g for g in SHARE_GROUPS if g in set(groups)]


@dataclass(frozen=True)
class Grant:
    """One reason why an agency may see part of a case of another agency."""

    source: str  # "referral" today; "agreement" when sharing agreements arrive
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
        return sorted(f for g in self.groups for f in SHARE_GROUPS[g][2])

    def as_dict(self) -> dict:
        """The shared groups only, for the JSON API."""
        out: dict = {"case_id": self.case_id, "reference": self.reference}
        out["shared"] = [g for g in SHARE_GROUPS if g in self.groups]
        for g in out["shared"]:
            for name in SHARE_GROUPS[g][2]:
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


def _referral_grants(session: Session, *, agency_id: int, case_id: int) -> list[Grant]:
    # Imported here: referrals imports this module for the group names.
    from palermo.cases.referrals import GRANTING_STATES, may_share

    rows = session.scalars(
        select(Referral)
        .where(
            Referral.case_id == case_id,
            Referral.to_agency_id == agency_id,
            Referral.status.in_([str(s) for s in GRANTING_STATES]),
        )
        .order_by(Referral.id)
    )
    today = date.today()
    grants = []
    for r in rows:
        groups = frozenset(r.shared_fields or [])
        if groups and not may_share(session, r, on=today):
            groups = frozenset()  # the consent lapsed: the referral shares nothing now
        grants.append(
            Grant(
                source="referral",
                source_id=r.id,
                case_id=r.case_id,
                from_agency_id=r.from_agency_id,
                to_agency_id=r.to_agency_id,
                groups=groups,
            )
        )
    return grants


def grants_for(session: Session, *, actor: Actor, case_id: int) -> list[Grant]:
    """Every grant that lets the actor's agency see part of ``case_id``.

    A sharing agreement will be a second source appended here; callers do not change.
    """
    if actor.agency_id is None:
        return []
    return _referral_grants(session, agency_id=actor.agency_id, case_id=case_id)


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
            "age_at_identification": case.age_at_identification,
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
        values["needs"] = _needs(session, case.id)
    return SharedCaseView(
        case_id=case.id,
        reference=case.reference,
        agency_id=case.agency_id,
        groups=groups,
        grants=grants,
        **values,
    )


def _needs(session: Session, case_id: int) -> tuple[str, ...]:
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


def read_shared_case(session: Session, *, case_id: int, actor: Actor) -> SharedCaseView:
    """The part of another agency's case that the actor's agency was granted; audited.

    Without a grant: NotFound, audited as a denied read (the case's existence stays hidden).
    """
    access.require_role(actor, access.CASE_READERS, doing="read shared cases")
    grants = tuple(grants_for(session, actor=actor, case_id=case_id))
    case = session.get(Case, case_id) if grants else None
    if case is None:
        access.deny_unseen(session, actor=actor, doing="read_shared", case_id=case_id)
    groups = frozenset(g for grant in grants for g in grant.groups)
    view = build_shared_view(session, case=case, groups=groups, grants=grants)
    audit.record(
        session,
        actor=actor,
        action="read_shared",
        entity="case",
        entity_id=case_id,
        fields=view.fields_read,
    )
    return view
