"""Enforcing consent: whether a valid one exists, refusing an action without it, and
supervisor overrides."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.validity import consent_status, valid_consent_clause
from palermo.cases.record.age import is_child
from palermo.errors import ConsentMissing
from palermo.i18n import Msg, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Agency, Case, Consent, ConsentOverride
from palermo.vocab import ConsentGiver, ConsentPurpose

OVERRIDERS = frozenset({"supervisor", "admin"})

# The purpose inside "This case has no valid consent for ...".
PURPOSE_WORDS: dict[ConsentPurpose, str] = {
    ConsentPurpose.interview: msg("an interview"),
    ConsentPurpose.services: msg("receiving services"),
    ConsentPurpose.referral: msg("referral to another agency"),
    ConsentPurpose.sharing: msg("sharing its data with another agency"),
    ConsentPurpose.statistics: msg("use in anonymous statistics"),
    ConsentPurpose.family_tracing: msg("family tracing"),
    ConsentPurpose.law_enforcement: msg("cooperation with law enforcement"),
}


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
    case = session.get(Case, case_id) if child_rule else None
    child = case is not None and is_child(case, on=on)
    in_force = ConsentsInForce(session, case_ids=[case_id], on=on)
    return in_force.counts(case_id, wanted, to_agency_id, child=child)


class ConsentsInForce:
    """The consents of cases valid on one day, read in one query: one case's for
    :func:`has_consent`, many cases' for bulk paths that check many actions (the demo's
    referrals), whose refusals go to :func:`require_consent` for its message."""

    def __init__(self, session: Session, *, case_ids: Collection[int], on: date) -> None:
        self.on = on
        # Only the columns the rule reads: whole consents would decrypt their notes.
        self.rows: dict[int, list[tuple[str, int | None, str]]] = {}
        for case_id, purpose, shared_with, given_by in session.execute(
            select(
                Consent.case_id, Consent.purpose, Consent.shared_with_agency_id, Consent.given_by
            ).where(Consent.case_id.in_(case_ids), valid_consent_clause(on))
        ):
            self.rows.setdefault(case_id, []).append((purpose, shared_with, given_by))

    def allows(self, case: Case, purpose: ConsentPurpose, to_agency_id: int | None = None) -> bool:
        return self.counts(case.id, purpose, to_agency_id, child=is_child(case, on=self.on))

    def counts(
        self, case_id: int, purpose: ConsentPurpose, to_agency_id: int | None, *, child: bool
    ) -> bool:
        """The rule: the purpose; for sharing, the agency named; while the person is a
        child, a guardian's consent only."""
        return any(
            given_for == purpose.value
            and (
                purpose != ConsentPurpose.sharing
                or to_agency_id is None
                or shared_with == to_agency_id
            )
            and (not child or given_by == ConsentGiver.guardian.value)
            for given_for, shared_with, given_by in self.rows.get(case_id, ())
        )


def _why_missing(
    session: Session, case: Case, purpose: ConsentPurpose, on: date, to_agency_id: int | None
) -> Msg | None:
    if _valid_consent(session, case.id, purpose, on, to_agency_id, child_rule=False):
        # Valid, but not a guardian's: the person turned out to be a child.
        return msg(
            "The person is a child (under 18): only a consent given by a guardian counts;"
            " record the guardian's consent."
        )
    latest = session.scalars(
        select(Consent)
        .where(Consent.case_id == case.id, Consent.purpose == purpose.value)
        .order_by(Consent.given_on.desc(), Consent.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return None
    status = consent_status(latest, on=on)
    if status == "withdrawn":
        return msg("The last one was withdrawn on {date}.", date=latest.withdrawn_on)
    if status == "expired":
        return msg("The last one expired on {date}.", date=latest.expires_on)
    return None


@audit.audited
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
    today = clock.today()
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
        audit.name_change(session, override, "override", fields=["purpose", "action", "reason"])
        session.flush()
        return override
    words = PURPOSE_WORDS[wanted]
    if wanted == ConsentPurpose.sharing and to_agency_id is not None:
        agency = session.get(Agency, to_agency_id)
        name = agency.name if agency else msg("agency {id}", id=to_agency_id)
        words = msg("sharing its data with {agency}", agency=name)
    message = msg(
        "This case has no valid consent for {purpose}. Record the person's consent, "
        "or ask a supervisor to record an override with a reason.",
        purpose=words,
    )
    hint = _why_missing(session, case, wanted, today, to_agency_id)
    if reason:
        only = msg(
            "Only a supervisor or an administrator may override; your role is {role}.",
            role=access.role_word(actor.role),
        )
        hint = msg("{why} {only}", why=hint, only=only) if hint else only
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
    access.require_role(actor, access.AUDIT_READERS, doing=msg("review consent overrides"))
    rows = session.scalars(
        select(ConsentOverride)
        .join(Case, Case.id == ConsentOverride.case_id)
        .where(access.readable_cases(actor))
        .order_by(ConsentOverride.at.desc(), ConsentOverride.id.desc())
    ).all()
    audit.record(session, actor=actor, action="read", entity="consent_override", entity_id=None)
    return list(rows)
