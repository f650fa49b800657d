"""Tracing requests: a relative the person is looking for, opened under a family_tracing consent."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.cases.consent.enforcement import require_consent
from palermo.cases.record.codes import code_problem
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import TracingRequest
from palermo.vocab import HTCDS_FIELD_LISTS, TracingRelationship, get_list

REQUEST_FIELDS = (
    "sought_given_name",
    "sought_family_name",
    "sought_birth_year",
    "sought_gender",
    "sought_aliases",
    "relationship",
    "separated_on",
    "separation_place",
    "last_known_place",
)


class TracingRequestCreate(BaseModel):
    """Who is sought. ``override_reason`` is for a supervisor acting without consent."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    sought_given_name: str | None = Field(default=None, max_length=200)
    sought_family_name: str | None = Field(default=None, max_length=200)
    sought_birth_year: int | None = Field(default=None, ge=1900, le=2100)
    # HTCDS prs_Gender code (Feminine, Masculine, ...); the matcher treats None as unknown.
    sought_gender: str | None = None
    # Other names the person goes by: a list, or one a line from a form.
    sought_aliases: list[str] = Field(default_factory=list, max_length=20)
    relationship: TracingRelationship = TracingRelationship.other
    separated_on: date | None = None
    separation_place: str | None = Field(default=None, max_length=200)
    last_known_place: str | None = Field(default=None, max_length=200)
    override_reason: str | None = Field(default=None, max_length=2000)

    @field_validator("sought_gender", mode="before")
    @classmethod
    def _gender_code(cls, value: object) -> str | None:
        if value is None or str(value).strip() == "":
            return None
        problem = code_problem("sought_gender", "prs_Gender", str(value))
        if problem is not None:
            raise ValueError(problem.reason)
        return get_list(HTCDS_FIELD_LISTS["prs_Gender"]).parse(str(value)).code

    @field_validator("sought_aliases", mode="before")
    @classmethod
    def _alias_lines(cls, value: object) -> list[str]:
        if isinstance(value, str):
            lines: list[object] = list(value.splitlines())
        elif isinstance(value, list | tuple):
            lines = list(value)
        else:
            lines = []
        return [str(a).strip()[:200] for a in lines if str(a).strip()]

    @model_validator(mode="after")
    def _someone(self) -> TracingRequestCreate:
        if not (self.sought_given_name or self.sought_family_name):
            raise ValueError(msg("give the sought person's given name or family name"))
        return self


def _check(data: TracingRequestCreate) -> None:
    problems = []
    if data.separated_on and data.separated_on > clock.today():
        problems.append(FieldProblem("separated_on", msg("is in the future")))
    if data.sought_birth_year and data.sought_birth_year > clock.today().year:
        problems.append(FieldProblem("sought_birth_year", msg("is in the future")))
    if problems:
        raise ValidationFailed(
            msg("The tracing request has dates in the future."), problems=problems
        )


@audit.audited
def open_tracing_request(
    session: Session, *, case_id: int, data: TracingRequestCreate, actor: Actor
) -> TracingRequest:
    """Open a tracing request; needs the case's consent for family tracing (or an override)."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("open tracing requests"))
    case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
    _check(data)
    require_consent(
        session,
        case_id=case.id,
        purpose="family_tracing",
        actor=actor,
        action="open_tracing_request",
        override_reason=data.override_reason,
    )
    values = data.model_dump(include=set(REQUEST_FIELDS))
    values["relationship"] = data.relationship.value
    values["sought_aliases"] = "\n".join(data.sought_aliases) or None
    row = TracingRequest(
        case_id=case.id, agency_id=case.agency_id, created_by=actor.username, **values
    )
    session.add(row)
    session.flush()
    return row


def list_tracing_requests(session: Session, *, case_id: int, actor: Actor) -> list[TracingRequest]:
    """The case's requests (who is sought: names, birth year); audited as a read of the case."""
    access.require_role(actor, access.CASE_READERS, doing=msg("read tracing requests"))
    case = access.load_case(session, case_id=case_id, actor=actor)
    query = select(TracingRequest).where(TracingRequest.case_id == case.id)
    rows = list(session.scalars(query.order_by(TracingRequest.id)))
    audit.record(
        session, actor=actor, action="read", entity="case", entity_id=case.id, fields=["tracing"]
    )
    return rows


def load_request(session: Session, *, request_id: int, actor: Actor, doing: str) -> TracingRequest:
    # Another agency's request answers like a missing one (audited, no case number).
    return access.load_case_record(
        session,
        TracingRequest,
        request_id,
        actor=actor,
        doing=doing,
        entity="tracing_request",
        label="tracing request",
    )
