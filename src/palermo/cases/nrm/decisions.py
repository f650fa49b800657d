"""National referral mechanism: decisions over time, reconsiderations, recovery periods.

The order of the NRM is enforced: a reasonable-grounds (RG) decision first; a
conclusive-grounds (CG) decision only after a positive RG decision; a second decision
at the same stage only as the result of a reconsideration, which may be requested of a
negative decision. A reconsideration request is an NrmDecision row with stage
``reconsideration`` and result ``requested`` pointing at the negative decision; its
result is a new decision row at the original stage pointing at the same decision.

Case.trafficking_status follows the decisions: ActualVictimOfTrafficking after a
positive CG decision, PossibleVictimOfTrafficking otherwise, and ``status_decided_by``,
``status_decision_org`` and ``status_decided_on`` name the latest decision's maker.

Palermo never writes NotAVictimOfTrafficking from this path. A negative NRM decision says
the threshold was not met on the evidence at that date; it can be reconsidered and is
not a finding that the person was not trafficked, while the HTCDS code would travel
to CTDC and GLOTIP exports as one. The decision itself is kept, with its maker, and is
shown as "negative reasonable-grounds decision by X on date". A case worker who holds a
human determination of that kind can still record it on the case, with its decision
maker, through the case form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo import clock
from palermo.cases import access
from palermo.errors import Conflict, FieldProblem, ValidationFailed
from palermo.i18n import Msg, msg
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import Case, NrmDecision, RecoveryPeriod
from palermo.store.ranges import RowId
from palermo.vocab import NrmResult, NrmStage, get_list

STAGE_LABELS: dict[NrmStage, dict[str, str]] = {
    NrmStage.reasonable_grounds: {"en": "reasonable-grounds", "fr": "motifs raisonnables"},
    NrmStage.conclusive_grounds: {"en": "conclusive-grounds", "fr": "motifs concluants"},
    NrmStage.reconsideration: {"en": "reconsideration", "fr": "réexamen"},
}

RESULT_LABELS: dict[NrmResult, dict[str, str]] = {
    NrmResult.positive: {"en": "positive", "fr": "positive"},
    NrmResult.negative: {"en": "negative", "fr": "négative"},
    NrmResult.requested: {"en": "requested", "fr": "demandé"},
}

# "The case already has a ... decision": one whole sentence per stage.
_ALREADY_DECIDED: dict[NrmStage, Callable[[int], Msg]] = {
    NrmStage.reasonable_grounds: lambda n: msg(
        "The case already has a reasonable-grounds decision (no. {id}). A second one can "
        "only be the result of a reconsideration of a negative decision.",
        id=n,
    ),
    NrmStage.conclusive_grounds: lambda n: msg(
        "The case already has a conclusive-grounds decision (no. {id}). A second one can "
        "only be the result of a reconsideration of a negative decision.",
        id=n,
    ),
}

POSSIBLE = "PossibleVictimOfTrafficking"

ACTUAL = "ActualVictimOfTrafficking"


class DecisionCreate(BaseModel):
    """A reasonable- or conclusive-grounds decision, made by a named person."""

    stage: NrmStage
    result: NrmResult
    decision_maker: str = Field(min_length=1, max_length=200)
    decision_org: str | None = None
    decided_on: date
    reasons: str = Field(min_length=1, max_length=10_000)
    reconsiders_id: RowId | None = Field(
        default=None, description="The negative decision this one reconsiders."
    )

    @field_validator("decision_maker", "reasons")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(msg("must not be blank"))
        return value.strip()


@dataclass(frozen=True)
class NrmHistory:
    decisions: list[NrmDecision]
    periods: list[RecoveryPeriod]
    pending_reconsiderations: list[NrmDecision]


def decisions_of(session: Session, case_id: int) -> list[NrmDecision]:
    return decisions_of_cases(session, [case_id])[case_id]


def decisions_of_cases(session: Session, case_ids: Iterable[int]) -> dict[int, list[NrmDecision]]:
    """Each case's decisions, oldest first (every case asked for has a list)."""
    history: dict[int, list[NrmDecision]] = {case_id: [] for case_id in case_ids}
    for row in session.scalars(select(NrmDecision).where(NrmDecision.case_id.in_(list(history)))):
        history[row.case_id].append(row)
    for rows in history.values():
        rows.sort(key=lambda d: (d.decided_on, d.id))
    return history


def current_decision(decisions: list[NrmDecision], stage: NrmStage) -> NrmDecision | None:
    at_stage = [d for d in decisions if d.stage == stage]
    return at_stage[-1] if at_stage else None


def _pending(decisions: list[NrmDecision]) -> list[NrmDecision]:
    answered = {d.reconsiders_id for d in decisions if d.stage != NrmStage.reconsideration}
    return [
        d
        for d in decisions
        if d.stage == NrmStage.reconsideration and d.reconsiders_id not in answered
    ]


def _check_fields(data: DecisionCreate, today: date) -> None:
    problems = []
    if data.stage == NrmStage.reconsideration or data.result == NrmResult.requested:
        problems.append(
            FieldProblem(
                field="stage",
                reason=msg(
                    "a decision is reasonable_grounds or conclusive_grounds, positive or "
                    "negative; use request_reconsideration to ask for a reconsideration"
                ),
            )
        )
    if data.decision_org is not None:
        try:
            get_list("trafficking_status_decision_making_org").parse(data.decision_org)
        except ValidationFailed as exc:
            problems.extend(exc.problems)
    if data.decided_on > today:
        problems.append(FieldProblem(field="decided_on", reason=msg("is in the future")))
    if problems:
        raise ValidationFailed(msg("The decision was refused."), problems=problems)


def _check_order(decisions: list[NrmDecision], data: DecisionCreate) -> None:
    stage = NrmStage(data.stage)
    current = current_decision(decisions, stage)
    rg = current_decision(decisions, NrmStage.reasonable_grounds)
    if stage == NrmStage.conclusive_grounds:
        if rg is None or rg.result != NrmResult.positive:
            raise Conflict(
                msg(
                    "A conclusive-grounds decision needs a positive reasonable-grounds "
                    "decision first."
                ),
                hint=msg("Record the reasonable-grounds decision, or its reconsideration."),
            )
        if data.decided_on < rg.decided_on:
            raise ValidationFailed(
                msg(
                    "The conclusive-grounds decision cannot predate the reasonable-grounds one "
                    "({date}).",
                    date=rg.decided_on.isoformat(),
                ),
                problems=[FieldProblem(field="decided_on", reason=msg("before the RG decision"))],
            )
    if current is None:
        if data.reconsiders_id is not None:
            raise Conflict(msg("There is no earlier decision at this stage to reconsider."))
        return
    if data.reconsiders_id != current.id:
        raise Conflict(
            _ALREADY_DECIDED[stage](current.id),
            hint=msg(
                "Request a reconsideration of decision {id}, then record its result with "
                "reconsiders_id={id}.",
                id=current.id,
            ),
        )
    if not any(p.reconsiders_id == current.id for p in _pending(decisions)):
        raise Conflict(
            msg("No reconsideration of decision {id} has been requested.", id=current.id),
            hint=msg("Record the reconsideration request first."),
        )
    if data.decided_on < current.decided_on:
        raise ValidationFailed(
            msg("A reconsideration cannot predate the decision it reconsiders."),
            problems=[
                FieldProblem(field="decided_on", reason=msg("before the reconsidered decision"))
            ],
        )


def _sync_status(case: Case, decisions: list[NrmDecision]) -> None:
    made = [d for d in decisions if d.stage != NrmStage.reconsideration]
    if not made:
        return
    latest = made[-1]
    cg = current_decision(decisions, NrmStage.conclusive_grounds)
    case.trafficking_status = ACTUAL if cg and cg.result == NrmResult.positive else POSSIBLE
    case.status_decided_by = latest.decision_maker
    case.status_decision_org = latest.decision_org
    case.status_decided_on = latest.decided_on


def writable_case(session: Session, case_id: int, actor: Actor, doing: str) -> Case:
    access.require_role(actor, access.CASE_WRITERS, doing=doing)
    return access.load_case(session, case_id=case_id, actor=actor, doing="update")


def _new_decision(
    case: Case, data: DecisionCreate, actor: Actor, decisions: list[NrmDecision]
) -> NrmDecision:
    """The decision row (not yet added), after the checks of the NRM's order against
    ``decisions`` (the case's, oldest first)."""
    _check_order(decisions, data)
    return NrmDecision(
        case_id=case.id,
        stage=str(data.stage),
        result=str(data.result),
        decision_maker=data.decision_maker,
        decision_org=data.decision_org,
        decided_on=data.decided_on,
        reasons=data.reasons,
        reconsiders_id=data.reconsiders_id,
        recorded_by=actor.username,
    )


@audit.audited
def record_decision(
    session: Session, *, case_id: int, data: DecisionCreate, actor: Actor, today: date | None = None
) -> NrmDecision:
    """Record an RG or CG decision (or a reconsideration's result), in the NRM's order."""
    case = writable_case(session, case_id, actor, msg("record NRM decisions"))
    _check_fields(data, today or clock.today())
    decisions = decisions_of(session, case.id)
    row = _new_decision(case, data, actor, decisions)
    session.add(row)
    session.flush()
    _sync_status(case, [*decisions, row])
    return row


@audit.audited
def record_decisions(
    session: Session,
    *,
    items: Sequence[tuple[int, DecisionCreate]],
    actor: Actor,
    today: date | None = None,
) -> list[NrmDecision]:
    """Many decisions of the actor's agency's cases in one flush (bulk paths such as the
    demo's casework), each checked in the NRM's order and audited as :func:`record_decision`
    does it. Every item is checked before any is added: one refused, none is recorded.

    Items of one case are checked in their order, each after those before it (a positive
    RG decision, then the CG one); a reconsideration's result needs the number of the
    decision it reconsiders, so it goes through :func:`record_decision`."""
    access.require_role(actor, access.CASE_WRITERS, doing=msg("record NRM decisions"))
    today = today or clock.today()
    history = decisions_of_cases(session, {case_id for case_id, _data in items})
    made: list[tuple[Case, NrmDecision]] = []
    for case_id, data in items:
        case = access.load_case(session, case_id=case_id, actor=actor, doing="update")
        _check_fields(data, today)
        made.append((case, _new_decision(case, data, actor, history[case_id])))
        history[case_id].append(made[-1][1])
    session.add_all([row for _case, row in made])
    session.flush()
    for case, _row in made:
        _sync_status(case, history[case.id])
    return [row for _case, row in made]


@audit.audited
def request_reconsideration(
    session: Session,
    *,
    case_id: int,
    decision_id: int,
    requested_by: str,
    requested_on: date,
    reasons: str,
    actor: Actor,
) -> NrmDecision:
    """Ask for a negative decision (the current one at its stage) to be reconsidered."""
    case = writable_case(session, case_id, actor, msg("request NRM reconsiderations"))
    problems = []
    if not requested_by.strip():
        problems.append(FieldProblem(field="requested_by", reason=msg("say who asks")))
    if not reasons.strip():
        problems.append(
            FieldProblem(field="reasons", reason=msg("give the grounds of the request"))
        )
    if requested_on > clock.today():
        problems.append(FieldProblem(field="requested_on", reason=msg("is in the future")))
    if problems:
        raise ValidationFailed(msg("The reconsideration request was refused."), problems=problems)
    decisions = decisions_of(session, case.id)
    target = next((d for d in decisions if d.id == decision_id), None)
    if target is None or target.stage == NrmStage.reconsideration:
        raise Conflict(
            msg(
                "Case {id} has no decision {decision_id} to reconsider.",
                id=case.id,
                decision_id=decision_id,
            )
        )
    if target.result != NrmResult.negative:
        raise Conflict(msg("Only a negative decision can be reconsidered."))
    if current_decision(decisions, NrmStage(target.stage)) is not target:
        raise Conflict(
            msg(
                "Decision {decision_id} was already replaced by a later decision.",
                decision_id=decision_id,
            )
        )
    if any(p.reconsiders_id == target.id for p in _pending(decisions)):
        raise Conflict(
            msg(
                "A reconsideration of decision {decision_id} is already pending.",
                decision_id=decision_id,
            )
        )
    if requested_on < target.decided_on:
        raise ValidationFailed(
            msg("The request cannot predate the decision."),
            problems=[FieldProblem(field="requested_on", reason=msg("before the decision"))],
        )
    row = NrmDecision(
        case_id=case.id,
        stage=str(NrmStage.reconsideration),
        result=str(NrmResult.requested),
        decision_maker=requested_by.strip(),
        decided_on=requested_on,
        reasons=reasons.strip(),
        reconsiders_id=target.id,
        recorded_by=actor.username,
    )
    session.add(row)
    session.flush()
    return row


def nrm_history(session: Session, *, case_id: int, actor: Actor) -> NrmHistory:
    """Decisions (oldest first), recovery periods and pending reconsiderations; audited read."""
    access.require_role(actor, access.CASE_READERS, doing=msg("read NRM decisions"))
    case = access.load_case(session, case_id=case_id, actor=actor)
    decisions = decisions_of(session, case.id)
    periods = list(
        session.scalars(
            select(RecoveryPeriod)
            .where(RecoveryPeriod.case_id == case.id)
            .order_by(RecoveryPeriod.id)
        )
    )
    audit.record(
        session,
        actor=actor,
        action="read",
        entity="case",
        entity_id=case.id,
        fields=["nrm"],
    )
    return NrmHistory(decisions, periods, _pending(decisions))


def describe(decision: NrmDecision, locale: str = "en") -> str:
    """'negative reasonable-grounds decision by X on 2024-05-06' (and in French)."""
    stage = STAGE_LABELS[NrmStage(decision.stage)][locale]
    result = RESULT_LABELS[NrmResult(decision.result)][locale]
    day = decision.decided_on.isoformat()
    if decision.stage == NrmStage.reconsideration:
        text = msg(
            "reconsideration requested by {maker} on {date}",
            maker=decision.decision_maker,
            date=day,
        )
    else:
        text = msg(
            "{result} {stage} decision by {maker} on {date}",
            result=result,
            stage=stage,
            maker=decision.decision_maker,
            date=day,
        )
    return text.render(locale)
