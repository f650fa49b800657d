"""Agency isolation, swept over every route of the app.

Agency A holds one of everything (case, consents, child protection, needs, plan item, comment,
NRM decision and recovery period, tracing request with a match, screening, a referral to C
with a service recorded by C, a sharing agreement with C for linkage and case transfer of the
citizenship only). A linkage run of the national coordinator put A's case, a case of B and a
case of C together as one person. Every route with an ``{..._id}`` parameter is then called,
with every method, by other users, with A's ids substituted:

* agency B (a case worker and an administrator), by session cookie + CSRF and by bearer
  token, with an invalid body and with a valid one: always 404 (403 only for a role refusal),
  no value of A's in the response, nothing changed in the database, only ``denied`` audit rows;
* agency C, the receiver of the referral: the shared groups through the referral, nothing of
  A's anywhere else, nothing unshared anywhere;
* an analyst of agency A: refused on every personal route, aggregates only;
* the national coordinator's routes (linkage runs) answer 403 to everyone else, whatever the id.

And the links: B, linked to A's person but without an agreement, learns nothing of A; C sees
"also known to Agency A" and nothing else of A's case beyond what it was granted.

The route list is read from ``app.routes``: a new route with an id parameter fails here
until it has a valid body in ``FORM_BODIES`` / ``JSON_BODIES`` (or is declared body-less).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from palermo import cases
from palermo.accounts import service as accounts
from palermo.accounts.service import issue_token
from palermo.cases.consent.recording import ConsentCreate, record_consent
from palermo.cases.family_tracing.matching import propose_matches
from palermo.cases.family_tracing.requests import TracingRequestCreate, open_tracing_request
from palermo.cases.nrm.decisions import DecisionCreate, record_decision
from palermo.cases.nrm.recovery import start_recovery_period
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.cases.referrals.answers import accept_referral, revoke_referral
from palermo.cases.referrals.deliveries import record_service
from palermo.cases.referrals.sending import refer
from palermo.cases.support.lifecycle import ChildProtectionUpdate, update_child_protection
from palermo.cases.support.plan import PlanItemCreate, add_plan_item, assess_needs
from palermo.cases.work.tasks import TaskCreate, add_task
from palermo.cooperate.agreements import AgreementCreate, end_agreement, record_agreement
from palermo.screening.facts import Facts
from palermo.screening.records import screen_case
from palermo.store import Store
from palermo.store.actor import Actor
from palermo.store.audit import verify_chain
from palermo.store.models import AuditEntry, Base, LinkageRun, LinkedRecord
from palermo.vocab import InformedOf
from tests.factories import as_fixture, make_agency_user
from tests.justice.sweep_world import (
    JUSTICE_SECRETS,
    add_justice_world,
    justice_forms,
    justice_json,
)
from tests.web.conftest import login

TODAY = date.today()

# Every personal value of agency A. None may appear in anything B, C (unless shared) or
# an analyst receives, nor in the audit table.
IDENTITY = {"given_name": "Zofiabelle", "family_name": "Quillfeather"}
BIRTH = "1991-03-17"
DOCUMENT = "QX-4471902"
PHONE = "+31 655 123 987"
ADDRESS = "Lindengracht 77"
GUARDIAN = "Bartholomew Guardianson"
COMMENT = "Comment about Marigoldspire"
NEEDS_NOTE = "Needs note Pemberlyvale"
PLAN_TEXT = "Plan objective Thistlewood"
DECIDER = "Decider Ravensholt"
DECISION_REASONS = "Reasons Ashcombeford"
TASK = "Call Wrenfieldholt's sister"
SOUGHT = {"sought_given_name": "Ilsabetta", "sought_family_name": "Moravecka"}
RELATIVE = {
    "given_name": "Ilsabetta",
    "family_name": "Moravecka",
    "birth_date": "1970-02-02",
    "gender": "Feminine",
}
SECRETS = [
    *IDENTITY.values(),
    BIRTH,
    DOCUMENT,
    PHONE,
    ADDRESS,
    GUARDIAN,
    COMMENT,
    NEEDS_NOTE,
    PLAN_TEXT,
    DECIDER,
    DECISION_REASONS,
    TASK,
    *SOUGHT.values(),
    RELATIVE["birth_date"],
    *JUSTICE_SECRETS,
]
# What the referral to C shares: citizenship only. C may see "MD", never the values above.
SHARED_GROUPS = ["citizenship"]

# Tables whose rows change merely because someone signed in or used a token.
VOLATILE_TABLES = {"web_session", "api_token", "audit_entry", "audit_head"}


@dataclass
class World:
    a: Actor
    a_supervisor: Actor
    a_analyst: Actor
    b: Actor
    b_admin: Actor
    c: Actor
    ids: dict[str, int]  # path parameter name -> A's record id
    b_case_id: int
    c_agency_id: int
    c_case_id: int = 0


def _add_agency(store: Store, name: str, country: str) -> None:
    with store.session() as s:
        accounts.create_agency(s, name=name, type="NGO", country=country, actor=Actor.system("t"))


def build_world(store: Store) -> World:
    a = make_agency_user(store, agency="Agency A", username="a-worker")
    a_supervisor = make_agency_user(store, agency="Agency A", role="supervisor", username="a-sup")
    a_analyst = make_agency_user(store, agency="Agency A", role="analyst", username="a-analyst")
    b = make_agency_user(store, agency="Agency B", username="b-worker")
    b_admin = make_agency_user(store, agency="Agency B", role="admin", username="b-admin")
    c = make_agency_user(store, agency="Agency C", username="c-worker")
    everything = list(InformedOf)
    with store.session() as s:
        case = cases.open_case(
            s,
            data=CaseCreate(
                person=PersonData(
                    **IDENTITY,
                    birth_date=BIRTH,
                    identity_number=DOCUMENT,
                    phone=PHONE,
                    address=ADDRESS,
                ),
                citizenship=["MD"],
            ),
            actor=a,
        )
        relative = cases.open_case(s, data=CaseCreate(person=PersonData(**RELATIVE)), actor=a)
        record_consent(  # the relative agreed to be found by family tracing
            s,
            case_id=relative.id,
            data=ConsentCreate(purpose="family_tracing", informed_of=everything),
            actor=a,
        )
        update_child_protection(
            s,
            case_id=case.id,
            data=ChildProtectionUpdate(guardian_name=GUARDIAN),
            actor=a,
        )
        for purpose in ("referral", "family_tracing", "services"):
            record_consent(
                s,
                case_id=case.id,
                data=ConsentCreate(purpose=purpose, informed_of=everything),
                actor=a,
            )
        consent = record_consent(
            s,
            case_id=case.id,
            data=ConsentCreate(
                purpose="sharing", shared_with_agency_id=c.agency_id, informed_of=everything
            ),
            actor=a,
        )
        cases.add_comment(s, case_id=case.id, body=COMMENT, actor=a)
        assess_needs(s, case_id=case.id, needs=["shelter"], notes=NEEDS_NOTE, actor=a)
        item = add_plan_item(
            s,
            case_id=case.id,
            data=PlanItemCreate(service_type="shelter", objectives=PLAN_TEXT),
            actor=a,
        )
        decision = record_decision(
            s,
            case_id=case.id,
            data=DecisionCreate(
                stage="reasonable_grounds",
                result="positive",
                decision_maker=DECIDER,
                decided_on=TODAY - timedelta(days=3),
                reasons=DECISION_REASONS,
            ),
            actor=a,
        )
        start_recovery_period(s, case_id=case.id, starts_on=TODAY - timedelta(days=2), actor=a)
        request = open_tracing_request(
            s,
            case_id=case.id,
            data=TracingRequestCreate(**SOUGHT, sought_birth_year=1970, relationship="parent"),
            actor=a,
        )
        matches = propose_matches(s, request_id=request.id, actor=a)
        assert matches, "the matcher proposed nothing; the sweep needs a match"
        screening = screen_case(s, case_id=case.id, facts=Facts(age=30), actor=a)
        task = add_task(s, case_id=case.id, data=TaskCreate(title=TASK), actor=a)
        referral = refer(
            s,
            case_id=case.id,
            to_agency_id=c.agency_id,
            service="shelter",
            shared_fields=SHARED_GROUPS,
            note="Please call the office.",
            respond_by=None,
            actor=a,
        )
        ids = {
            "case_id": case.id,
            "consent_id": consent.id,
            "item_id": item.id,
            "referral_id": referral.id,
            "request_id": request.id,
            "match_id": matches[0].id,
            "screening_id": screening.id,
            "decision_id": decision.id,
            "relative_case_id": relative.id,
            "task_id": task.id,
            "user_id": a.user_id,
        }
    with store.session() as s:
        accept_referral(s, referral_id=ids["referral_id"], actor=c)
        record_service(
            s,
            service_type="shelter",
            delivered_on=TODAY,
            outcome="Bed given.",
            referral_id=ids["referral_id"],
            actor=c,
        )
    with store.session() as s:
        b_case = cases.open_case(s, data=CaseCreate(person=PersonData(given_name="Bee")), actor=b)
        b_case_id = b_case.id
        record_consent(  # B's person agreed to share with A: without an agreement, no matter
            s,
            case_id=b_case.id,
            data=ConsentCreate(
                purpose="sharing", shared_with_agency_id=a.agency_id, informed_of=everything
            ),
            actor=b,
        )
    cooperation = _cooperation(store, a_supervisor, a, ids["case_id"], b_case_id, c)
    ids["agreement_id"], ids["run_id"], c_case_id = cooperation
    make_agency_user(store, agency="National Office", role="national_coordinator", username="n-co")
    ids |= add_justice_world(store)  # investigations and trials of justice agencies
    world = World(a, a_supervisor, a_analyst, b, b_admin, c, ids, b_case_id, c.agency_id)
    world.c_case_id = c_case_id
    return world


def _cooperation(
    store: Store, a_supervisor: Actor, a: Actor, a_case_id: int, b_case_id: int, c: Actor
) -> tuple[int, int, int]:
    """A's agreement with C, C's case of the same person, and a run linking A, B and C."""
    everything = list(InformedOf)
    with store.session() as s:
        agreement = record_agreement(
            s,
            data=AgreementCreate(
                title="A and C",
                party_agency_ids=[a.agency_id, c.agency_id],  # type: ignore[list-item]
                purposes=["linkage", "case_transfer"],  # type: ignore[list-item]
                field_groups=SHARED_GROUPS,  # type: ignore[arg-type]
                legal_basis="Act 12",
                starts_on=TODAY - timedelta(days=30),
                signed_by="Directors",
            ),
            actor=a_supervisor,
        )
        c_case = cases.open_case(s, data=CaseCreate(person=PersonData(given_name="Cee")), actor=c)
        record_consent(
            s,
            case_id=c_case.id,
            data=ConsentCreate(
                purpose="sharing", shared_with_agency_id=a.agency_id, informed_of=everything
            ),
            actor=c,
        )
        agreement_id, c_case_id = agreement.id, c_case.id
    # The run itself is the linker's business (tests/cooperate); its link table is written
    # here as a finished run would leave it.
    with store.session() as s, as_fixture(s):
        run = LinkageRun(
            state="done", threshold=0.9, started_by="n-co", steps_total=7, steps_done=7,
            records=3, persons=1, agencies=3, details={"persons_by_threshold": [[0.9, 1]]},
            report_html="<html><body>report</body></html>",
        )  # fmt: skip
        s.add(run)
        s.flush()
        for case_id in (a_case_id, b_case_id, c_case_id):
            s.add(LinkedRecord(run_id=run.id, case_id=case_id, threshold=0.9, person_key="P1"))
        return agreement_id, run.id, c_case_id


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


# ----------------------------------------------------------------------- the route list


def api_routes(app: Any) -> Iterator[APIRoute]:
    """Every APIRoute of the app, through included routers (FastAPI nests them)."""

    def walk(routes: list[Any]) -> Iterator[APIRoute]:
        for route in routes:
            if hasattr(route, "original_router"):
                yield from walk(route.original_router.routes)
            elif isinstance(route, APIRoute):
                yield route

    yield from walk(app.routes)


def id_params(path: str) -> list[str]:
    return [p.strip("{}") for p in path.split("/") if p.startswith("{") and p.endswith("_id}")]


MOVES = ("accept", "done", "revoke")


def valid_form(path: str, w: World) -> dict[str, Any] | None:
    """A body the route accepts (for its own agency); None if the route takes no body."""
    today = TODAY.isoformat()
    c = str(w.c_agency_id)
    table: dict[str, dict[str, Any] | None] = {
        "/cases/{case_id}/edit": {"person.given_name": "Changed", "status": "Active"},
        "/cases/{case_id}/comments": {"body": "A comment by another agency"},
        "/cases/{case_id}/screening/preview": {"age": "30"},
        "/cases/{case_id}/screening": {"age": "30"},
        "/cases/{case_id}/consents": {
            "purpose": "interview",
            "informed_of": [i.value for i in InformedOf],
        },
        "/consents/{consent_id}/withdraw": {"note": "withdrawn"},
        "/cases/{case_id}/child-protection": {"guardian_name": "Mallory"},
        "/cases/{case_id}/needs": {"needs": "Health"},
        "/cases/{case_id}/plan": {"service_type": "Health"},
        "/plan-items/{item_id}": {"objectives": "Overwritten"},
        "/cases/{case_id}/close": {"reason_code": "goals_achieved", "confirm": "yes"},
        "/cases/{case_id}/owner": {"to_user_id": str(w.a_supervisor.user_id)},
        "/cases/{case_id}/tasks": {"title": "Another task", "due_on": today},
        "/tasks/{task_id}/done": None,
        "/referrals/{referral_id}/case": None,
        "/referrals/{referral_id}/link": {"reference": "PAL-001-0000001"},
        "/admin/users/{user_id}/active": {"active": "no"},
        "/admin/users/{user_id}/role": {"role": "analyst"},
        "/admin/users/{user_id}/unlock": None,
        "/admin/users/{user_id}/password": None,
        "/cases/{case_id}/reopen": {"reason": "again"},
        "/cases/{case_id}/referrals": {"to_agency_id": c, "service": "shelter"},
        "/cases/{case_id}/services": {"service_type": "shelter", "delivered_on": today},
        "/referrals/{referral_id}/reject": {"reason": "no"},
        "/referrals/{referral_id}/services": {"service_type": "shelter", "delivered_on": today},
        "/referrals/{referral_id}/{move}": None,
        "/cases/{case_id}/nrm/decisions": {
            "stage": "conclusive_grounds",
            "result": "positive",
            "decision_maker": "X",
            "decided_on": today,
            "reasons": "r",
        },
        "/cases/{case_id}/nrm/reconsiderations": {
            "decision_id": str(w.ids["decision_id"]),
            "requested_by": "x",
            "requested_on": today,
            "reasons": "r",
        },
        "/cases/{case_id}/nrm/recovery": {
            "extended_to": (TODAY + timedelta(days=200)).isoformat(),
            "reason": "r",
        },
        "/cases/{case_id}/tracing": {"sought_given_name": "Someone"},
        "/cases/{case_id}/tracing/{request_id}/matches": None,
        "/cases/{case_id}/tracing/matches/{match_id}/verify": {"decision": "confirmed"},
        "/agreements/{agreement_id}/end": {"reason": "Ended by another agency"},
    } | justice_forms(w.ids)
    if path not in table:
        pytest.fail(f"No valid form body for {path}: add one to valid_form().")
    return table[path]


def valid_json(path: str, w: World) -> Any:
    today = TODAY.isoformat()
    table: dict[str, Any] = {
        "/api/cases/{case_id}": {"external_id": "X-1"},
        "/api/cases/{case_id}/consents": {
            "purpose": "interview",
            "informed_of": [i.value for i in InformedOf],
        },
        "/api/consents/{consent_id}/withdraw": {"note": "w"},
        "/api/cases/{case_id}/close": {"reason_code": "goals_achieved"},
        "/api/cases/{case_id}/reopen": {"reason": "again"},
        "/api/cases/{case_id}/needs": {"needs": ["Health"]},
        "/api/cases/{case_id}/plan": {"service_type": "Health"},
        "/api/plan-items/{item_id}": {"objectives": "Overwritten"},
        "/api/cases/{case_id}/referrals": {
            "to_agency_id": w.c_agency_id,
            "shared_fields": ["identity"],
        },
        "/api/referrals/{referral_id}/reject": {"reason": "no"},
        "/api/referrals/{referral_id}/{move}": None,
        "/api/referrals/{referral_id}/services": {
            "service_type": "shelter",
            "delivered_on": today,
        },
        "/api/cases/{case_id}/nrm/decisions": {
            "stage": "conclusive_grounds",
            "result": "positive",
            "decision_maker": "X",
            "decided_on": today,
            "reasons": "r",
        },
        "/api/cases/{case_id}/nrm/reconsiderations": {
            "decision_id": w.ids["decision_id"],
            "requested_by": "x",
            "requested_on": today,
            "reasons": "r",
        },
        "/api/cases/{case_id}/nrm/recovery": {
            "extended_to": (TODAY + timedelta(days=200)).isoformat(),
            "reason": "r",
        },
        "/api/cases/{case_id}/tracing": {"sought_given_name": "Someone"},
        "/api/tracing/{request_id}/matches": None,
        "/api/tracing/matches/{match_id}/verify": {"decision": "confirmed"},
        "/api/agreements/{agreement_id}/end": {"reason": "Ended by another agency"},
    } | justice_json(w.ids)
    if path not in table:
        pytest.fail(f"No valid JSON body for {path}: add one to valid_json().")
    return table[path]


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # the route's template
    url: str
    form: dict[str, Any] | None = None
    json: Any = None
    valid: bool = True  # a body the route would accept for its own agency


# Ids of records no agency owns, so the sweep leaves their routes out: national documents (an
# action plan holds no case data; who may read and edit it goes by role, tested in
# tests/stats/test_stats_pages.py), the registry of licensed agencies and the stored
# screenings of public ads (no case, nothing personal beyond what an ad published; role and
# agency type, tested in tests/recruitment). Routes that are an agency's business but kept to
# the national role are swept and must answer 403: NATIONAL_ROUTES below.
UNOWNED_PARAMS = frozenset(
    {"plan_id", "licence_id", "ad_run_id", "flagged_ad_id", "offer_report_id"}
)


def calls_with_ids(app: Any, w: World, ids: dict[str, int]) -> list[Call]:
    """Every id route, every method, ids from ``ids``; invalid then valid bodies."""
    out: list[Call] = []
    for route in api_routes(app):
        params = id_params(route.path)
        if not params or UNOWNED_PARAMS & set(params):
            continue
        for method in sorted(route.methods - {"HEAD"}):
            moves = MOVES if "{move}" in route.path else ("",)
            for move in moves:
                url = route.path.replace("{move}", move)
                for name in params:
                    url = url.replace("{" + name + "}", str(ids[name]))
                if method == "GET":
                    out.append(Call(method, route.path, url))
                    continue
                if route.path.startswith("/api/"):
                    body = valid_json(route.path, w)
                    if body is not None:
                        out.append(Call(method, route.path, url, json={}, valid=False))
                    out.append(Call(method, route.path, url, json=body))
                else:
                    body = valid_form(route.path, w)
                    if body is not None:
                        out.append(Call(method, route.path, url, form={}, valid=False))
                    out.append(Call(method, route.path, url, form=body or {}))
    return out


def calls_without_ids(app: Any) -> list[Call]:
    """Every GET route without a path parameter (lists, dashboards, reports)."""
    return [
        Call("GET", r.path, r.path)
        for r in api_routes(app)
        if "GET" in r.methods and "{" not in r.path and not r.path.startswith(("/docs", "/redoc"))
    ]


# ----------------------------------------------------------------------- callers, checks


class Caller:
    """One user calling the app, by session cookie (with CSRF) or by bearer token."""

    def __init__(self, app: Any, store: Store, username: str, *, bearer: bool) -> None:
        self.client = TestClient(app)
        self.username = username
        self.headers: dict[str, str] = {}
        self.csrf = ""
        if bearer:
            with store.session() as s:
                token = issue_token(s, username=username, actor=Actor.system("t"))
            self.headers = {"Authorization": f"Bearer {token}"}
        else:
            self.csrf = login(self.client, username)
            self.headers = {"X-CSRF-Token": self.csrf}

    def send(self, call: Call) -> Any:
        kwargs: dict[str, Any] = {"headers": self.headers, "follow_redirects": False}
        if call.form is not None:
            data = dict(call.form)
            if self.csrf:
                data["csrf_token"] = self.csrf
            kwargs["data"] = data
        elif call.json is not None:
            kwargs["json"] = call.json
        return self.client.request(call.method, call.url, **kwargs)

    def describe(self, call: Call) -> str:
        how = "bearer" if "Authorization" in self.headers else "cookie"
        return f"{self.username} ({how}) {call.method} {call.url} valid={call.valid}"


def snapshot(store: Store) -> tuple[dict[str, list[tuple]], int]:
    """Every row of every table but the volatile ones, and the last audit id."""
    rows: dict[str, list[tuple]] = {}
    with store.session() as s:
        for table in Base.metadata.sorted_tables:
            if table.name in VOLATILE_TABLES:
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            rows[table.name] = [tuple(r) for r in s.execute(select(table).order_by(*order))]
        last = s.scalar(select(func.max(AuditEntry.id))) or 0
    return rows, last


def changed_tables(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def new_audit_rows(session: Session, after_id: int) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.id > after_id)))


def leaked(text: str, secrets: list[str]) -> list[str]:
    low = text.lower()
    return [v for v in secrets if v.lower() in low]


def check_response(
    caller: Caller, call: Call, response: Any, *, allowed: frozenset[int], secrets: list[str]
) -> list[str]:
    if call.path in SHADOWED:
        allowed = allowed | {422}
    if call.path in NATIONAL_ROUTES:
        allowed = frozenset({403})  # refused by role before any id is looked at
    elif call.path in SUPERVISOR_ROUTES:
        allowed = allowed | {403}  # a case worker is refused by role first
    where = caller.describe(call)
    problems = []
    if response.status_code not in allowed:
        problems.append(f"{where}: status {response.status_code}: {response.text[:300]!r}")
    if found := leaked(response.text + json.dumps(dict(response.headers)), secrets):
        problems.append(f"{where}: response shows {found}")
    return problems


def expect_refused_all(
    store: Store,
    caller: Caller,
    calls: list[Call],
    *,
    allowed: frozenset[int],
    allowed_invalid: frozenset[int],
    secrets: list[str],
) -> list[str]:
    """Send every call: each refused, none showing a secret; none changed the database.

    The database is compared once for the batch (fast); on a change, call by call to name it.
    """
    before, last = snapshot(store)
    problems: list[str] = []
    for call in calls:
        response = caller.send(call)
        problems += check_response(
            caller,
            call,
            response,
            allowed=allowed if call.valid else allowed_invalid,
            secrets=secrets,
        )
    after, _ = snapshot(store)
    with store.session() as s:
        for row in new_audit_rows(s, last):
            if row.outcome != "denied":
                problems.append(
                    f"{caller.username}: audit row {row.action} {row.entity} {row.entity_id} "
                    f"is {row.outcome!r}, not 'denied'"
                )
    if changed := changed_tables(before, after):
        problems.append(f"{caller.username}: the batch changed {changed}")
        problems += _which_call_changed(store, caller, calls)
    return problems


def _which_call_changed(store: Store, caller: Caller, calls: list[Call]) -> list[str]:
    found = []
    for call in calls:
        before, _ = snapshot(store)
        caller.send(call)
        after, _ = snapshot(store)
        if changed := changed_tables(before, after):
            found.append(f"{caller.describe(call)}: changed {changed}")
    return found


def audit_text(store: Store) -> str:
    with store.session() as s:
        entries = s.scalars(select(AuditEntry)).all()
        return "\n".join(
            repr((e.actor, e.action, e.entity, e.entity_id, e.fields, e.origin, e.outcome))
            for e in entries
        )


# -------------------------------------------------------------------------------- tests


# POST /api/referrals/{id}/services is shadowed by /api/referrals/{id}/{move}, declared
# before it: every call answers 422 "Unknown action 'services'" (a route-order bug, reported).
SHADOWED: set[str] = set()
# The national coordinator's routes: everyone in the sweep is refused by role, whatever the id.
NATIONAL_ROUTES = {
    "/linkage/runs/{run_id}",
    "/linkage/runs/{run_id}/report",
    "/api/linkage/runs/{run_id}",
}
SUPERVISOR_ROUTES = {"/agreements/{agreement_id}/end", "/api/agreements/{agreement_id}/end"}
# What C may read of A's through its grants: the agreement it is party to, and A's case as
# far as the referral and the agreement share it (citizenship).
C_GRANTED = {
    "/agreements/{agreement_id}",
    "/api/agreements/{agreement_id}",
    "/shared/cases/{case_id}",
    "/api/shared/cases/{case_id}",
}
NOT_FOUND = frozenset({404})
NOT_FOUND_OR_INVALID = frozenset({404, 422})


def _shape(response: Any, ids: dict[str, int]) -> tuple[int, str]:
    """Status and body with every id replaced by a placeholder (for the existence check)."""
    text = response.text
    for value in sorted({str(v) for v in ids.values()}, key=len, reverse=True):
        text = text.replace(f" {value}.", " N.").replace(f" {value} ", " N ")
    return response.status_code, text


def test_other_agency_gets_404_everywhere_and_changes_nothing(
    client: TestClient, store: Store, world: World
) -> None:
    app = client.app
    problems: list[str] = []
    a_ids = dict(world.ids)
    # Mixed: B's own case in the path, A's other records beside it (screening, tracing...).
    mixed = a_ids | {"case_id": world.b_case_id}
    mixed_calls = [
        c for c in calls_with_ids(app, world, mixed) if set(id_params(c.path)) != {"case_id"}
    ]
    batch = calls_with_ids(app, world, a_ids) + mixed_calls
    batch.append(
        # Saving a screening on A's case through the batch API: the id is in the body.
        Call(
            "POST",
            "/api/screenings",
            "/api/screenings",
            json=[{"facts": {"age": 30}, "case_id": world.ids["case_id"]}],
        )  # fmt: skip
    )
    for username in (world.b.username, world.b_admin.username):
        for bearer in (False, True):
            caller = Caller(app, store, username, bearer=bearer)
            problems += expect_refused_all(
                store,
                caller,
                batch,
                allowed=NOT_FOUND,
                allowed_invalid=NOT_FOUND_OR_INVALID,
                secrets=SECRETS,
            )
            for call in calls_without_ids(app):
                response = caller.send(call)
                if found := leaked(response.text, SECRETS):
                    problems.append(f"{caller.describe(call)}: lists show {found}")
    assert not problems, "\n".join(problems)
    with store.session() as s:
        assert verify_chain(s).intact
    assert not leaked(audit_text(store), SECRETS)


def test_other_agency_cannot_tell_a_record_exists(
    client: TestClient, store: Store, world: World
) -> None:
    """A's record and a record that does not exist answer alike (status and message)."""
    app = client.app
    missing = {name: 999_999 for name in world.ids}
    caller = Caller(app, store, world.b.username, bearer=True)
    problems = []
    existing_calls = calls_with_ids(app, world, world.ids)
    missing_calls = calls_with_ids(app, world, missing)
    for real, absent in zip(existing_calls, missing_calls, strict=True):
        if not real.valid or not real.path.startswith("/api/"):
            continue
        seen = _shape(caller.send(real), world.ids)
        unseen = _shape(caller.send(absent), missing)
        if seen != unseen:
            problems.append(f"{real.method} {real.path}: {seen} != {unseen}")
    assert not problems, "\n".join(problems)


def test_receiver_sees_only_the_shared_groups_through_the_referral(
    client: TestClient, store: Store, world: World
) -> None:
    app = client.app
    problems: list[str] = []
    referral_pages = {"/referrals/{referral_id}", "/api/referrals/{referral_id}"} | C_GRANTED
    reads = [c for c in calls_with_ids(app, world, world.ids) if c.method == "GET"]
    for bearer in (False, True):
        caller = Caller(app, store, world.c.username, bearer=bearer)
        for call in reads:
            if call.path in referral_pages:
                response = caller.send(call)
                assert response.status_code == 200, caller.describe(call)
                if "agreements" not in call.path:
                    assert "Moldova" in response.text or '"MD"' in response.text  # shared
                if found := leaked(response.text, SECRETS):
                    problems.append(f"{caller.describe(call)}: shows unshared {found}")
        problems += expect_refused_all(
            store,
            caller,
            [c for c in reads if c.path not in referral_pages],
            allowed=NOT_FOUND,
            allowed_invalid=NOT_FOUND,
            secrets=SECRETS,
        )
        for call in calls_without_ids(app):
            response = caller.send(call)
            if found := leaked(response.text, SECRETS):
                problems.append(f"{caller.describe(call)}: lists show {found}")
    # The receiver's writes on the sender's records, other than the referral itself.
    caller = Caller(app, store, world.c.username, bearer=True)
    writes = [
        c
        for c in calls_with_ids(app, world, world.ids)
        if c.method != "GET" and "{referral_id}" not in c.path
    ]
    problems += expect_refused_all(
        store,
        caller,
        writes,
        allowed=NOT_FOUND,
        allowed_invalid=NOT_FOUND_OR_INVALID,
        secrets=SECRETS,
    )
    # Once the sender revokes the referral, the shared groups are gone too.
    with store.session() as s:
        revoke_referral(s, referral_id=world.ids["referral_id"], actor=world.a)
    for path in ("/referrals/{id}", "/api/referrals/{id}"):
        response = caller.send(Call("GET", path, path.format(id=world.ids["referral_id"])))
        assert response.status_code == 200
        assert "Moldova" not in response.text and '"MD"' not in response.text, path
    assert not problems, "\n".join(problems)
    assert not leaked(audit_text(store), SECRETS)


def test_links_reach_no_agency_without_an_agreement(
    client: TestClient, store: Store, world: World
) -> None:
    """The run put A's, B's and C's cases together. B, with no agreement with A, hears
    nothing of A; C, under an agreement for linkage with both consents, hears "also known
    to Agency A" and nothing else; once the agreement ends, C hears nothing either."""
    app = client.app

    def panel(username: str, case_id: int, *, bearer: bool) -> list[Any]:
        caller = Caller(app, store, username, bearer=bearer)
        texts = []
        for path in (f"/cases/{case_id}/known-to", f"/api/cases/{case_id}/known-to"):
            response = caller.send(Call("GET", path, path))
            assert response.status_code == 200, caller.describe(Call("GET", path, path))
            assert not leaked(response.text, SECRETS)
            texts.append(response.text)
        return texts

    for bearer in (False, True):
        for text in panel(world.b.username, world.b_case_id, bearer=bearer):
            assert "Agency A" not in text and "Agency C" not in text
        for text in panel(world.c.username, world.c_case_id, bearer=bearer):
            assert "Agency A" in text and "Agency B" not in text
        _, shown = panel(world.a.username, world.ids["case_id"], bearer=bearer)
        assert json.loads(shown) == [
            {"agency_id": world.c_agency_id, "agency_name": "Agency C", "groups": SHARED_GROUPS}
        ]
    with store.session() as s:
        end_agreement(
            s, agreement_id=world.ids["agreement_id"], reason="Ended", actor=world.a_supervisor
        )
    for text in panel(world.c.username, world.c_case_id, bearer=True):
        assert "Agency A" not in text
    assert not leaked(audit_text(store), SECRETS)


AGGREGATE_PAGES = {"/", "/reports", "/api/reports/protect"}


def test_analyst_reads_aggregates_only(client: TestClient, store: Store, world: World) -> None:
    app = client.app
    problems: list[str] = []
    for bearer in (False, True):
        caller = Caller(app, store, world.a_analyst.username, bearer=bearer)
        problems += expect_refused_all(
            store,
            caller,
            calls_with_ids(app, world, world.ids),
            allowed=frozenset({403}),
            allowed_invalid=frozenset({403, 422}),
            secrets=SECRETS,
        )
        for call in calls_without_ids(app):
            response = caller.send(call)
            if found := leaked(response.text, SECRETS):
                problems.append(f"{caller.describe(call)}: shows {found}")
            if call.path in AGGREGATE_PAGES:
                assert response.status_code == 200, caller.describe(call)
    assert not problems, "\n".join(problems)


def test_sweep_sees_every_kind_of_id(client: TestClient, world: World) -> None:
    """Guards the sweep itself: each id parameter of the app is one the world provides."""
    names = {n for r in api_routes(client.app) for n in id_params(r.path)}
    assert names - UNOWNED_PARAMS <= set(world.ids), names - UNOWNED_PARAMS - set(world.ids)
    assert len(calls_with_ids(client.app, world, world.ids)) > 60
