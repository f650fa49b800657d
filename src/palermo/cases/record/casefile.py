"""The case record: open, read, update and comment on a case; the case as data."""

from __future__ import annotations

import secrets

from pydantic import ValidationError
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.cases.record.codes import check_codes
from palermo.cases.record.persons import apply_person_data
from palermo.cases.record.schemas import (
    CODED_FIELDS,
    EVENT_CODED_FIELDS,
    MULTI_CODED_FIELDS,
    PERPETRATOR_ROLES_FIELD,
    PERSON_CODED_FIELDS,
    CaseCreate,
    CaseUpdate,
    EventData,
    PerpetratorData,
    PersonData,
)
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg, pydantic_reason
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, CaseComment, Perpetrator, Person, TraffickingEvent

SCALAR_FIELDS = (
    "status",
    "identified_on",
    "trafficking_status",
    "status_decision_org",
    "status_decided_by",
    "status_decided_on",
    "relationship_to_trafficker",
    "age_when_trafficked",
    "forced_labour_industry",
    "closure_reason",
    "external_id",
)


def problems_from_pydantic(exc: ValidationError, *, row: int | None = None) -> list[FieldProblem]:
    return [
        FieldProblem(
            field=".".join(str(p) for p in err["loc"]) or "input",
            reason=pydantic_reason(err),
            row=row,
            value=None if isinstance(err.get("input"), dict | list) else str(err.get("input")),
        )
        for err in exc.errors()
    ]


def check_case_codes(
    data: CaseCreate | CaseUpdate, *, row: int | None = None
) -> list[FieldProblem]:
    pairs: list[tuple[str, str, str | list[str] | None]] = []
    for field, htcds in {**CODED_FIELDS, **MULTI_CODED_FIELDS}.items():
        pairs.append((field, htcds, getattr(data, field)))
    if data.person is not None:
        for field, htcds in PERSON_CODED_FIELDS.items():
            pairs.append((f"person.{field}", htcds, getattr(data.person, field)))
    for i, event in enumerate(data.events or []):
        for field, htcds in EVENT_CODED_FIELDS.items():
            pairs.append((f"events.{i}.{field}", htcds, getattr(event, field)))
    for i, perp in enumerate(data.perpetrators or []):
        pairs.append((f"perpetrators.{i}.roles", PERPETRATOR_ROLES_FIELD, perp.roles))
    return check_codes(pairs, row=row)


def _refuse_if_bad(data: CaseCreate | CaseUpdate) -> None:
    problems = check_case_codes(data)
    if problems:
        raise ValidationFailed(
            msg("The case has {count} invalid value(s).", count=len(problems)),
            problems=problems,
            hint=msg("Use codes from the vocabulary (palermo vocab export)."),
        )


def _events(data: list[EventData]) -> list[TraffickingEvent]:
    return [TraffickingEvent(**e.model_dump()) for e in data]


def _perpetrators(data: list[PerpetratorData], agency_id: int) -> list[Perpetrator]:
    result = []
    for item in data:
        person = Person(agency_id=agency_id)
        apply_person_data(
            person,
            {
                "given_name": item.given_name,
                "family_name": item.family_name,
                "aliases": item.aliases,
            },
        )
        result.append(
            Perpetrator(person=person, roles=list(item.roles), role_details=item.role_details)
        )
    return result


@audit.audited
def open_case(session: Session, *, data: CaseCreate, actor: Actor) -> Case:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("open cases"))
    _refuse_if_bad(data)
    victim = Person(agency_id=actor.agency_id)
    apply_person_data(victim, data.person.model_dump())
    case = Case(
        reference=f"tmp-{secrets.token_hex(8)}",
        agency_id=actor.agency_id,
        victim=victim,
        owner_id=actor.user_id,
        **{f: getattr(data, f) for f in SCALAR_FIELDS},
    )
    for field in MULTI_CODED_FIELDS:
        case.set_codes(field, getattr(data, field))
    case.events = _events(data.events)
    case.perpetrators = _perpetrators(data.perpetrators, case.agency_id)
    session.add(case)
    session.flush()
    case.reference = f"PAL-{actor.agency_id:03d}-{case.id:07d}"
    return case


def read_case(session: Session, *, case_id: int, actor: Actor) -> Case:
    access.require_role(actor, access.CASE_READERS, doing=msg("open case records"))
    case = access.load_case(session, case_id=case_id, actor=actor)
    audit.record(session, actor=actor, action="read", entity="case", entity_id=case.id)
    return case


@audit.audited
def update_case(session: Session, *, case_id: int, data: CaseUpdate, actor: Actor) -> Case:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("edit cases"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    _refuse_if_bad(data)
    given = data.model_fields_set
    for field in SCALAR_FIELDS:
        if field in given and getattr(case, field) != getattr(data, field):
            if field == "status" and data.status is None:
                continue
            setattr(case, field, getattr(data, field))
    for field in MULTI_CODED_FIELDS:
        wanted = getattr(data, field)
        if (
            field in given
            and wanted is not None
            and case.codes_for(field) != list(dict.fromkeys(wanted))
        ):
            case.set_codes(field, wanted)
    current = case_to_create(case)
    if "events" in given and data.events is not None and data.events != current.events:
        case.events = _events(data.events)
    if (
        "perpetrators" in given
        and data.perpetrators is not None
        and data.perpetrators != current.perpetrators
    ):
        former = [p.person for p in case.perpetrators]
        case.perpetrators = _perpetrators(data.perpetrators, case.agency_id)
        session.flush()
        for person in former:  # their encrypted names must not outlive the record
            session.delete(person)
    if "person" in given and data.person is not None:
        apply_person_data(case.victim, data.person.model_dump(include=data.person.model_fields_set))
    session.flush()
    return case


@audit.audited
def add_comment(session: Session, *, case_id: int, body: str, actor: Actor) -> CaseComment:
    access.require_role(actor, access.CASE_WRITERS, doing=msg("comment on cases"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    body = body.strip()
    if not body:
        raise ValidationFailed(
            msg("The comment is empty."), problems=[FieldProblem("body", msg("required"))]
        )
    comment = CaseComment(case=case, author_id=actor.user_id, author_name=actor.username, body=body)
    session.add(comment)
    session.flush()
    return comment


def _person_data(person: Person) -> PersonData:
    return PersonData(
        given_name=person.given_name,
        middle_name=person.middle_name,
        family_name=person.family_name,
        aliases=person.alias_list,
        birth_date=person.birth_date,
        identity_number=person.identity_number,
        email=person.email,
        phone=person.phone,
        address=person.address,
        gender=person.gender,
        primary_language=person.primary_language,
    )


def case_to_create(case: Case) -> CaseCreate:
    """The case as the data that would re-create it (used by export and the edit form)."""
    return CaseCreate(
        person=_person_data(case.victim),
        **{f: getattr(case, f) for f in SCALAR_FIELDS},
        **{f: case.codes_for(f) for f in MULTI_CODED_FIELDS},
        events=[
            EventData(
                type=e.type,
                country=e.country,
                city=e.city,
                started_on=e.started_on,
                ended_on=e.ended_on,
                description=e.description,
            )
            for e in case.events
        ],
        perpetrators=[
            PerpetratorData(
                given_name=p.person.given_name,
                family_name=p.person.family_name,
                aliases=p.person.alias_list,
                roles=list(p.roles),
                role_details=p.role_details,
            )
            for p in case.perpetrators
        ],
    )
