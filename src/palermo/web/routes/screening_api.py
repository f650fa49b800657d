"""The JSON API of screening: one set of facts or many, optionally saved on a case."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter

from palermo.screening import Facts, assess, parse_facts, records, result_to_dict
from palermo.web.deps import ActorDep, SessionDep
from palermo.web.schemas.screening_json import FactsIn, ScreeningBody, ScreeningItem, ScreeningOut

router = APIRouter(prefix="/api", tags=["api"])


def _facts_of(model: FactsIn) -> Facts:
    return parse_facts(model.model_dump(exclude_unset=True))


@router.post("/screenings", response_model=list[ScreeningOut])
def api_screen(
    body: ScreeningBody,
    actor: ActorDep,
    session: SessionDep,
    locale: Literal["en", "fr"] = "en",
) -> list[dict[str, Any]]:
    """Screen one facts object or a list of `{id, facts}` items; optionally save on a case.

    An unknown fact or code refuses the whole request (422) before anything is saved.
    """
    items = body if isinstance(body, list) else [body]
    parsed: list[tuple[str | None, Facts, int | None]] = []
    for item in items:
        if isinstance(item, ScreeningItem):
            name = None if item.id is None else str(item.id)
            parsed.append((name, _facts_of(item.facts), item.case_id))
        else:
            parsed.append((None, _facts_of(item), None))
    to_save = [(case_id, facts) for _, facts, case_id in parsed if case_id is not None]
    saved = iter(records.screen_cases(session, items=to_save, actor=actor))
    out = []
    for name, facts, case_id in parsed:
        row = result_to_dict(assess(facts), case_id=name, locale=locale)
        if case_id is not None:
            row |= {"case_id": case_id, "screening_id": next(saved).id}
        out.append(row)
    return out
