"""Family tracing: tracing requests, proposed matches, a case worker's verification.

A tracing request on a case describes a relative the person is looking for. The
matcher (:mod:`palermo.linkage`, pure) ranks the agency's victims and the other
open requests of the agency; it proposes, a case worker decides. A confirmed match
marks the request matched and opens a reunification line on the support plan.

Consent, checked at every step and not only when a request is opened:

* Opening a request, proposing matches for it and verifying a proposal need a valid
  ``family_tracing`` consent on the request's case (or a supervisor's override, with a
  reason, recorded and audited like any override).
* Only people who agreed to be found are searched: a candidate person is the victim of
  a case with a valid ``family_tracing`` consent, and only requests of such cases are
  offered as candidates to other requests. A person who withdraws (or whose consent
  expires) drops out of the next search; their undecided proposals are no longer shown
  and cannot be confirmed. No override reaches the candidate's side: a supervisor may
  act for the person looking, never for the person found.

Reading what tracing shows is audited: the case's requests and proposals as a read of
the case (fields ``tracing``), each candidate shown as a read of that person (fields
``tracing_candidate``), once per call.

Tracing stays inside one agency for now: searching other agencies' registers
needs a sharing agreement between them (a later issue), through the same access
rules as referrals.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import has_consent, require_consent
from palermo.cases.consent.validity import valid_consent_clause
from palermo.cases.family_tracing.requests import load_request
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import as_code, msg
from palermo.linkage import PersonDescription, PersonRecord, TracingMatcher, TracingSpec
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    Case,
    Consent,
    Person,
    SupportPlanItem,
    TracingMatch,
    TracingRequest,
)
from palermo.store.models.base import utcnow
from palermo.vocab import ConsentPurpose, ServiceType, TracingDecision


def _candidate_case(session: Session, match: TracingMatch) -> Case | None:
    """The case the candidate is on: the person's case, or the other request's case."""
    if match.candidate_person_id is not None:
        return session.scalar(select(Case).where(Case.victim_id == match.candidate_person_id))
    other = session.get(TracingRequest, match.candidate_request_id or -1)
    return session.get(Case, other.case_id) if other is not None else None


def _agreed_to_be_found(session: Session, case: Case | None) -> bool:
    return case is not None and has_consent(
        session, case_id=case.id, purpose=ConsentPurpose.family_tracing, on=clock.today()
    )


def list_matches(session: Session, *, request_id: int, actor: Actor) -> list[TracingMatch]:
    """The request's proposals and decisions, best first.

    An undecided proposal whose candidate no longer consents to being found is not
    shown. The read is audited on the case, and each candidate person shown once.
    """
    access.require_role(actor, access.CASE_READERS, doing=msg("read tracing requests"))
    request = load_request(session, request_id=request_id, actor=actor, doing="read")
    query = select(TracingMatch).where(TracingMatch.request_id == request.id)
    shown = []
    for match in session.scalars(query.order_by(TracingMatch.score.desc(), TracingMatch.id)):
        case = _candidate_case(session, match)
        if match.status == "proposed" and not _agreed_to_be_found(session, case):
            continue
        shown.append((match, case))
    audit.record(
        session, actor=actor, action="read", entity="case", entity_id=request.case_id,
        fields=["tracing"],
    )  # fmt: skip
    people = {case.victim_id for _, case in shown if case is not None}
    for person_id in sorted(people):
        audit.record(
            session, actor=actor, action="read", entity="person", entity_id=person_id,
            fields=["tracing_candidate"],
        )  # fmt: skip
    return [match for match, _ in shown]


def _birth_year(text: str | None) -> int | None:
    digits = (text or "")[:4]
    return int(digits) if digits.isdigit() else None


# HTCDS prs_Gender codes the matcher can compare; the others (non-conforming,
# unspecified) count as unknown, so they never lower a score.
MATCHER_GENDER = {
    "Feminine": "female",
    "TransgenderFeminine": "female",
    "Masculine": "male",
    "TransgenderMasculine": "male",
}


def describe_person(person: Person) -> PersonDescription:
    return PersonDescription(
        given_name=person.given_name,
        family_name=person.family_name,
        birth_year=_birth_year(person.birth_date),
        gender=MATCHER_GENDER.get(person.gender or ""),
        places=(person.address,) if person.address else (),
        aliases=tuple(person.alias_list),
    )


def _spec(request: TracingRequest, requester: Person | None) -> TracingSpec:
    return TracingSpec(
        key=str(request.id),
        sought=PersonDescription(
            given_name=request.sought_given_name,
            family_name=request.sought_family_name,
            birth_year=request.sought_birth_year,
            gender=MATCHER_GENDER.get(request.sought_gender or ""),
            aliases=tuple(request.sought_alias_list),
        ),
        relationship=request.relationship,
        requester=describe_person(requester) if requester else None,
        separation_place=request.separation_place,
        last_known_place=request.last_known_place,
    )


def _consenting_cases(session: Session, *, agency_id: int) -> list[Case]:
    """The agency's cases whose person agreed to be found, victims loaded in one query.

    SQL keeps only cases with a consent valid today; ``has_consent`` then applies the
    rest of the consent rules (a child's consent must come from a guardian) to those few.
    """
    today = clock.today()
    valid = select(Consent.case_id).where(
        Consent.purpose == ConsentPurpose.family_tracing, valid_consent_clause(today)
    )
    rows = session.scalars(
        select(Case)
        .where(Case.agency_id == agency_id, Case.id.in_(valid))
        .options(selectinload(Case.victim))
        .order_by(Case.id)
    ).all()
    return [
        c
        for c in rows
        if has_consent(session, case_id=c.id, purpose=ConsentPurpose.family_tracing, on=today)
    ]


@audit.audited
def propose_matches(
    session: Session,
    *,
    request_id: int,
    actor: Actor,
    limit: int = 10,
    override_reason: str | None = None,
) -> list[TracingMatch]:
    """Run the matcher over the agency's consenting victims and open requests; keep the best.

    Needs the request's case to consent to family tracing (or a supervisor's override).
    Earlier proposals not yet decided are replaced (audited); decided ones stay.
    """
    access.require_role(actor, access.CASE_WRITERS, doing=msg("propose tracing matches"))
    request = load_request(session, request_id=request_id, actor=actor, doing="update")
    if request.status != "open":
        raise Conflict(
            msg("Tracing request {id} is matched.", id=request.id)
            if request.status == "matched"
            else msg("Tracing request {id} is {status}.", id=request.id, status=request.status),
            hint=msg("Only open requests are matched."),
        )
    own_case = session.get(Case, request.case_id)  # held: the checks below reuse it
    require_consent(
        session,
        case_id=request.case_id,
        purpose=ConsentPurpose.family_tracing,
        actor=actor,
        action="propose_tracing_matches",
        override_reason=override_reason,
    )
    assert own_case is not None  # the request was loaded through its case
    own = own_case.victim
    victims = {
        c.id: c.victim
        for c in _consenting_cases(session, agency_id=request.agency_id)
        if c.id != request.case_id
    }
    persons = [PersonRecord(str(p.id), describe_person(p)) for p in victims.values()]
    others = session.scalars(
        select(TracingRequest).where(
            TracingRequest.agency_id == request.agency_id,
            TracingRequest.status == "open",
            TracingRequest.id != request.id,
            TracingRequest.case_id.in_(list(victims)),
        )
    ).all()
    specs = [_spec(o, victims[o.case_id]) for o in others]
    results = TracingMatcher(persons, specs).match(_spec(request, own), limit=None)
    existing = session.scalars(
        select(TracingMatch).where(TracingMatch.request_id == request.id)
    ).all()
    decided = set()
    for old in existing:
        if old.status == "proposed":
            audit.name_change(session, old, "delete", fields=["replaced"])
            session.delete(old)
        else:
            decided.add((old.candidate_person_id, old.candidate_request_id))
    proposed = []
    for r in results:
        person_id = int(r.candidate_key) if r.candidate_kind == "person" else None
        other_id = int(r.candidate_key) if r.candidate_kind == "request" else None
        if (person_id, other_id) in decided:
            continue
        match = TracingMatch(
            request_id=request.id,
            candidate_person_id=person_id,
            candidate_request_id=other_id,
            score=r.score,
            reasons=list(r.reasons),
            status="proposed",
        )
        proposed.append(match)
        if len(proposed) == limit:
            break
    session.add_all(proposed)
    for match in proposed:
        audit.name_change(session, match, "propose", fields=["score", "reasons", "candidate"])
    session.flush()
    return proposed


def _reunification(
    session: Session, request: TracingRequest, match: TracingMatch, actor: Actor
) -> None:
    item = SupportPlanItem(
        case_id=request.case_id,
        service_type=ServiceType.family_tracing.value,
        objectives="Reunification with the relative found by family tracing",
        action_plan=f"Tracing request {request.id}, verified match {match.id}",
    )
    session.add(item)
    session.flush()


def _mark_matched(session: Session, request: TracingRequest, actor: Actor) -> None:
    request.status = "matched"


@audit.audited
def verify_match(
    session: Session,
    *,
    match_id: int,
    actor: Actor,
    decision: str | TracingDecision,
    override_reason: str | None = None,
) -> TracingMatch:
    """A case worker confirms or rejects a proposal; a confirmation opens reunification.

    Needs the request's case to consent to family tracing (or a supervisor's override);
    a confirmation also needs the candidate to still consent to being found.
    """
    access.require_role(actor, access.CASE_WRITERS, doing=msg("verify tracing matches"))
    try:
        decided = TracingDecision(decision)
    except ValueError:
        raise ValidationFailed(
            msg("Unknown decision {decision!r}.", decision=decision),
            problems=[
                FieldProblem("decision", msg("must be confirmed or rejected"), value=decision)
            ],
        ) from None
    match = access.load_case_record(
        session,
        TracingMatch,
        match_id,
        actor=actor,
        doing="update",
        entity="tracing_match",
        label="tracing match",
        case_id_of=lambda m: session.scalar(
            select(TracingRequest.case_id).where(TracingRequest.id == m.request_id)
        ),
    )
    request = load_request(session, request_id=match.request_id, actor=actor, doing="update")
    if match.status != "proposed":
        raise Conflict(
            msg(
                "This match was already {status}.", status=as_code(match.status, of=TracingDecision)
            ),
            hint=msg("Reload the page."),
        )
    require_consent(
        session,
        case_id=request.case_id,
        purpose=ConsentPurpose.family_tracing,
        actor=actor,
        action="verify_tracing_match",
        override_reason=override_reason,
    )
    if decided is TracingDecision.confirmed and not _agreed_to_be_found(
        session, _candidate_case(session, match)
    ):
        raise Conflict(
            msg(
                "The person proposed no longer consents to being found by family tracing "
                "(their consent was withdrawn or has expired), so this match cannot be confirmed."
            ),
            hint=msg("Reject the proposal; it can be proposed again if they consent again."),
        )
    audit.name_change(session, match, "verify", fields=["status", "verified_by"])
    match.status = decided.value
    match.verified_by = actor.username
    match.verified_at = utcnow()
    if decided is TracingDecision.confirmed:
        _mark_matched(session, request, actor)
        _reunification(session, request, match, actor)
        other = session.get(TracingRequest, match.candidate_request_id or -1)
        if other is not None and other.agency_id == request.agency_id and other.status == "open":
            _mark_matched(session, other, actor)
            _reunification(session, other, match, actor)
    session.flush()
    return match


def candidate_label(session: Session, match: TracingMatch) -> dict:
    """What the case worker sees of a candidate: a name, a birth date, the case it is on.

    Shows only matches returned by ``list_matches``, which audits the read of each
    candidate person once per call (not once per rendering).
    """
    if match.candidate_person_id is not None:
        person = session.get(Person, match.candidate_person_id)
        case = session.scalar(select(Case).where(Case.victim_id == match.candidate_person_id))
        return {
            "kind": "person",
            "name": person.full_name if person else "—",
            "birth": person.birth_date if person else None,
            "case": case,
        }
    other = session.get(TracingRequest, match.candidate_request_id)
    case = session.get(Case, other.case_id) if other else None
    return {
        "kind": "request",
        "name": case.victim.full_name if case else "—",
        "birth": case.victim.birth_date if case else None,
        "case": case,
    }
