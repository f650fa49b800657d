"""Consent per purpose, enforced: record, withdraw, check, and supervisor overrides.

Other services call ``require_consent`` before an action that needs a consent (a
referral, a share with another agency, a tracing request). Without a valid consent
the action is refused with a message naming the missing consent in words, unless a
supervisor records an override with a reason; overrides are audited and listed.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.errors import Conflict, ConsentMissing, FieldProblem, ValidationFailed
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, Consent, ConsentOverride
from palermo.vocab import VocabEnum

OVERRIDERS = frozenset({"supervisor", "admin"})
ADULT_AGE = 18


class ConsentPurpose(VocabEnum, list_name="consent_purpose"):
    """What a consent allows. ``words`` (below) say it inside a sentence."""

    interview = ("interview", "Interview", "Entretien", True)
    services = ("services", "Services", "Services", True)
    referral = ("referral", "Referral to another agency", "Orientation vers une autre agence", True)
    sharing = ("sharing", "Sharing with a named agency", "Partage avec une agence nommée", True)
    statistics = ("statistics", "Anonymous statistics", "Statistiques anonymes", True)
    family_tracing = ("family_tracing", "Family tracing", "Recherche familiale", True)
    law_enforcement = (
        "law_enforcement",
        "Cooperation with law enforcement",
        "Coopération avec les forces de l'ordre",
        True,
    )


# The purpose inside "This case has no valid consent for ...".
PURPOSE_WORDS: dict[ConsentPurpose, str] = {
    ConsentPurpose.interview: "an interview",
    ConsentPurpose.services: "receiving services",
    ConsentPurpose.referral: "referral to another agency",
    ConsentPurpose.sharing: "sharing its data with another agency",
    ConsentPurpose.statistics: "use in anonymous statistics",
    ConsentPurpose.family_tracing: "family tracing",
    ConsentPurpose.law_enforcement: "cooperation with law enforcement",
}


class InformedOf(VocabEnum, list_name="consent_informed_of"):
    """The HTCDS consent checklist: what the person was told before consenting."""

    purpose = ("purpose", "Purpose of the data collection", "Finalité de la collecte", True)
    data_uses = ("data_uses", "How the data will be used", "Usage des données", True)
    research_use = (
        "research_use",
        "Possible use for research",
        "Utilisation possible pour la recherche",
        True,
    )
    right_to_access = (
        "right_to_access",
        "Right to see their data",
        "Droit d'accès à ses données",
        True,
    )
    retention_period = (
        "retention_period",
        "How long the data is kept",
        "Durée de conservation des données",
        True,
    )
    how_to_withdraw = (
        "how_to_withdraw",
        "How to withdraw consent",
        "Comment retirer son consentement",
        True,
    )


class ConsentGiver(VocabEnum, list_name="consent_given_by"):
    person = ("person", "The person", "La personne", True)
    guardian = ("guardian", "A guardian", "Un tuteur", True)


class ConsentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    purpose: ConsentPurpose
    given_by: ConsentGiver = ConsentGiver.person
    guardian_name: str | None = Field(default=None, max_length=200)
    informed_of: list[InformedOf] = Field(default_factory=list)
    given_on: date = Field(default_factory=date.today)
    expires_on: date | None = None
    shared_with_agency_id: int | None = None


def consent_status(consent: Consent, *, on: date | None = None) -> str:
    """valid, withdrawn, expired or future (given on a later date)."""
    on = on or date.today()
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return "withdrawn"
    if consent.expires_on is not None and consent.expires_on < on:
        return "expired"
    if consent.given_on > on:
        return "future"
    return "valid"


class ConsentRead(BaseModel):
    """A consent as the API shows it, with its status today."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: int
    purpose: str
    shared_with_agency_id: int | None
    given_by: str
    informed_of: list[str]
    given_on: date
    expires_on: date | None
    withdrawn_on: date | None
    recorded_by: str
    status: str = ""

    @classmethod
    def of(cls, consent: Consent) -> ConsentRead:
        read = cls.model_validate(consent)
        read.status = consent_status(consent)
        return read


def _latest_birth_date(text: str | None) -> date | None:
    # A partial birth date ("2008", "2008-05") is read as its latest possible day, so that
    # someone who may still be a child is treated as one (presumption of minority).
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return date(year, month, day)


def _years_after(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 1 March (the later of the two)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def is_child(case: Case, *, on: date) -> bool:
    """Under 18 on ``on``, by the age at identification or by the birth date.

    The age at identification counts forward from the identification date (the case's
    creation when that is missing), as if the person turned that age on that day: the latest
    birthday possible, so that someone who may still be a child is treated as one. A partial
    birth date counts from its latest possible day for the same reason. Either one saying
    "child" is enough.
    """
    if case.age_at_identification is not None and case.age_at_identification < ADULT_AGE:
        created = case.created_at.date() if case.created_at is not None else None
        since = case.identified_on or created or on
        if on < _years_after(since, ADULT_AGE - case.age_at_identification):
            return True
    born = _latest_birth_date(case.victim.birth_date) if case.victim else None
    if born is None:
        return False
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < ADULT_AGE


def _check(session: Session, case: Case, data: ConsentCreate) -> str | None:
    """Refuse a consent that would not count; return the guardian's name to keep."""
    problems: list[FieldProblem] = []
    missing = [item for item in InformedOf if item not in data.informed_of]
    if missing:
        told = "; ".join(item.label("en").lower() for item in missing)
        raise ValidationFailed(
            f"The consent does not count yet: the person was not told about: {told}.",
            problems=[FieldProblem("informed_of", "not explained", value=m.value) for m in missing],
            hint="Explain each item, tick it, then record the consent.",
        )
    guardian = data.guardian_name or case.guardian_name
    if is_child(case, on=data.given_on):
        if data.given_by != ConsentGiver.guardian or not guardian:
            raise ValidationFailed(
                "This person is a child (under 18): a guardian must give the consent.",
                problems=[FieldProblem("given_by", "a child's consent needs a guardian")],
                hint="Choose 'given by a guardian' and name the guardian, "
                "or record the guardian under Child protection first.",
            )
    elif data.given_by == ConsentGiver.guardian and not guardian:
        problems.append(FieldProblem("guardian_name", "name the guardian who gave consent"))
    if data.purpose == ConsentPurpose.sharing:
        if data.shared_with_agency_id is None:
            problems.append(FieldProblem("shared_with_agency_id", "name the agency to share with"))
        elif session.get(Agency, data.shared_with_agency_id) is None:
            problems.append(
                FieldProblem(
                    "shared_with_agency_id", "no such agency", value=str(data.shared_with_agency_id)
                )
            )
    elif data.shared_with_agency_id is not None:
        problems.append(FieldProblem("shared_with_agency_id", "only a sharing consent names one"))
    if data.given_on > date.today():
        problems.append(FieldProblem("given_on", "is in the future", value=str(data.given_on)))
    if data.expires_on is not None and data.expires_on < data.given_on:
        problems.append(FieldProblem("expires_on", "is before the date consent was given"))
    if problems:
        raise ValidationFailed(
            f"The consent has {len(problems)} problem(s).",
            problems=problems,
            hint="Correct the fields listed and record it again.",
        )
    return guardian if data.given_by == ConsentGiver.guardian else None


def record_consent(session: Session, *, case_id: int, data: ConsentCreate, actor: Actor) -> Consent:
    access.require_role(actor, access.CASE_WRITERS, doing="record consent")
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    guardian = _check(session, case, data)
    consent = Consent(
        case_id=case.id,
        purpose=data.purpose.value,
        shared_with_agency_id=data.shared_with_agency_id,
        given_by=data.given_by.value,
        guardian_name=guardian,
        informed_of=[item.value for item in InformedOf if item in data.informed_of],
        given_on=data.given_on,
        expires_on=data.expires_on,
        recorded_by_id=actor.user_id,
        recorded_by=actor.username,
    )
    session.add(consent)
    session.flush()
    fields = ["purpose", "given_by", "informed_of", "given_on"]
    fields += [
        f for f in ("guardian_name", "expires_on", "shared_with_agency_id") if getattr(consent, f)
    ]
    audit.record(
        session, actor=actor, action="create", entity="consent", entity_id=consent.id, fields=fields
    )
    return consent


def _load_consent(session: Session, *, consent_id: int, actor: Actor, doing: str) -> Consent:
    # Another agency's consent answers like a missing one (audited, no case number).
    return access.load_case_record(
        session, Consent, consent_id, actor=actor, doing=doing, entity="consent", label="consent"
    )


def withdraw_consent(
    session: Session, *, consent_id: int, actor: Actor, note: str | None = None
) -> Consent:
    """The person takes their consent back. The record stays, with the date of withdrawal.

    What the consent allowed ends with it: see ``palermo.cases.referrals.end_with_consent``.
    """
    access.require_role(actor, access.CASE_WRITERS, doing="record a withdrawal of consent")
    consent = _load_consent(session, consent_id=consent_id, actor=actor, doing="update")
    if consent.withdrawn_on is not None:
        raise Conflict(
            f"This consent was already withdrawn on {consent.withdrawn_on.isoformat()}.",
            hint="Nothing to do; record a new consent if the person gives it again.",
        )
    _withdraw(session, consent, actor=actor, note=note)
    return consent


def _withdraw(session: Session, consent: Consent, *, actor: Actor, note: str | None) -> None:
    consent.withdrawn_on = date.today()
    consent.withdrawal_note = (note or "").strip() or None
    session.flush()
    fields = ["withdrawn_on"] + (["withdrawal_note"] if consent.withdrawal_note else [])
    audit.record(
        session,
        actor=actor,
        action="withdraw",
        entity="consent",
        entity_id=consent.id,
        fields=fields,
    )
    # Imported here: referrals imports this module to check consent.
    from palermo.cases.referrals import end_with_consent

    end_with_consent(session, consent=consent, actor=actor)


def withdraw_valid_consents(
    session: Session, *, case: Case, actor: Actor, note: str | None = None
) -> list[Consent]:
    """Withdraw every consent of ``case`` valid today (closing a case for that reason).

    The caller has loaded ``case`` for an update; each withdrawal is audited like one
    recorded by hand and ends what the consent allowed.
    """
    today = date.today()
    rows = session.scalars(
        select(Consent)
        .where(Consent.case_id == case.id, valid_consent_clause(today))
        .order_by(Consent.given_on, Consent.id)
    ).all()
    for consent in rows:
        _withdraw(session, consent, actor=actor, note=note)
    return list(rows)


def list_consents(session: Session, *, case_id: int, actor: Actor) -> list[Consent]:
    access.require_role(actor, access.CASE_READERS, doing="see consents")
    case = access.load_case(session, case_id=case_id, actor=actor)
    rows = session.scalars(
        select(Consent).where(Consent.case_id == case.id).order_by(Consent.given_on, Consent.id)
    ).all()
    audit.record(
        session, actor=actor, action="read", entity="case", entity_id=case.id, fields=["consents"]
    )
    return list(rows)


def valid_consent_clause(on: date):  # noqa: ANN202 - an SQLAlchemy boolean clause
    """Consents valid on ``on`` (given, not expired, not withdrawn), as an SQL condition."""
    return (
        (Consent.given_on <= on)
        & or_(Consent.expires_on.is_(None), Consent.expires_on >= on)
        & or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on)
    )


def has_consent(
    session: Session, *, case_id: int, purpose: str, on: date, to_agency_id: int | None = None
) -> bool:
    """A valid consent for ``purpose`` on ``on``; for sharing, naming ``to_agency_id``.

    While the person is a child on ``on`` only a guardian's consent counts, even one the
    person gave before the case knew their age.
    """
    return _valid_consent(session, case_id, ConsentPurpose.parse(purpose), on, to_agency_id)


def _valid_consent(
    session: Session,
    case_id: int,
    wanted: ConsentPurpose,
    on: date,
    to_agency_id: int | None,
    *,
    child_rule: bool = True,
) -> bool:
    stmt = select(Consent.id).where(
        Consent.case_id == case_id, Consent.purpose == wanted.value, valid_consent_clause(on)
    )
    if wanted == ConsentPurpose.sharing and to_agency_id is not None:
        stmt = stmt.where(Consent.shared_with_agency_id == to_agency_id)
    case = session.get(Case, case_id) if child_rule else None
    if case is not None and is_child(case, on=on):
        stmt = stmt.where(Consent.given_by == ConsentGiver.guardian.value)
    return session.scalar(stmt.limit(1)) is not None


def _why_missing(
    session: Session, case: Case, purpose: ConsentPurpose, on: date, to_agency_id: int | None
) -> str:
    if _valid_consent(session, case.id, purpose, on, to_agency_id, child_rule=False):
        # Valid, but not a guardian's: the person turned out to be a child.
        return (
            " The person is a child (under 18): only a consent given by a guardian counts;"
            " record the guardian's consent."
        )
    latest = session.scalars(
        select(Consent)
        .where(Consent.case_id == case.id, Consent.purpose == purpose.value)
        .order_by(Consent.given_on.desc(), Consent.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return ""
    status = consent_status(latest, on=on)
    if status == "withdrawn":
        return f" The last one was withdrawn on {latest.withdrawn_on}."
    if status == "expired":
        return f" The last one expired on {latest.expires_on}."
    return ""


def require_consent(
    session: Session,
    *,
    case_id: int,
    purpose: str,
    actor: Actor,
    to_agency_id: int | None = None,
    action: str,
    override_reason: str | None = None,
) -> ConsentOverride | None:
    """Call before ``action``: None if consent exists, an override if a supervisor gave one.

    Otherwise raises ConsentMissing and changes nothing, so the caller's action stops.
    """
    wanted = ConsentPurpose.parse(purpose)
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    today = date.today()
    if has_consent(session, case_id=case.id, purpose=wanted, on=today, to_agency_id=to_agency_id):
        return None
    reason = (override_reason or "").strip()
    if reason and actor.role in OVERRIDERS:
        override = ConsentOverride(
            case_id=case.id,
            purpose=wanted.value,
            action=action,
            reason=reason,
            supervisor_id=actor.user_id,
            supervisor=actor.username,
        )
        session.add(override)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="override",
            entity="consent_override",
            entity_id=override.id,
            fields=["purpose", "action", "reason"],
        )
        return override
    words = PURPOSE_WORDS[wanted]
    if wanted == ConsentPurpose.sharing and to_agency_id is not None:
        agency = session.get(Agency, to_agency_id)
        words = f"sharing its data with {agency.name if agency else f'agency {to_agency_id}'}"
    message = (
        f"This case has no valid consent for {words}. Record the person's consent, "
        "or ask a supervisor to record an override with a reason."
    )
    hint = _why_missing(session, case, wanted, today, to_agency_id).strip() or None
    if reason:
        hint = ((hint + " ") if hint else "") + (
            f"Only a supervisor or an administrator may override; your role is {actor.role}."
        )
    raise ConsentMissing(message, purpose=wanted.value, hint=hint)


def has_override(session: Session, *, case_id: int, purpose: str, action: str) -> bool:
    """Whether a supervisor overrode the consent for ``purpose`` to do ``action`` on the case."""
    wanted = ConsentPurpose.parse(purpose)
    return (
        session.scalar(
            select(ConsentOverride.id)
            .where(
                ConsentOverride.case_id == case_id,
                ConsentOverride.purpose == wanted.value,
                ConsentOverride.action == action,
            )
            .limit(1)
        )
        is not None
    )


def list_overrides(session: Session, *, actor: Actor) -> list[ConsentOverride]:
    """Overrides on the agency's cases, newest first, for supervisors to review."""
    access.require_role(actor, access.AUDIT_READERS, doing="review consent overrides")
    rows = session.scalars(
        select(ConsentOverride)
        .join(Case, Case.id == ConsentOverride.case_id)
        .where(access.readable_cases(actor))
        .order_by(ConsentOverride.at.desc(), ConsentOverride.id.desc())
    ).all()
    audit.record(session, actor=actor, action="read", entity="consent_override", entity_id=None)
    return list(rows)


def expiring_consents(session: Session, *, actor: Actor, within_days: int = 14) -> list[Consent]:
    """Valid consents of the agency's cases that expire within ``within_days`` (soonest first)."""
    access.require_role(actor, access.CASE_READERS, doing="see consents")
    today = date.today()
    rows = session.scalars(
        select(Consent)
        .join(Case, Case.id == Consent.case_id)
        .where(
            access.readable_cases(actor),
            valid_consent_clause(today),
            Consent.expires_on.is_not(None),
            Consent.expires_on <= today + timedelta(days=within_days),
        )
        .order_by(Consent.expires_on, Consent.id)
    ).all()
    return list(rows)
