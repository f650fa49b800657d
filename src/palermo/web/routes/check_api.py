"""``POST /api/check-offer``: the public check as JSON, for apps and partner sites.

Public like the page: no token, no database session of the request, nothing kept. The answer is in
``locale`` when given, else in the language of the text.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.check_registry import check_registry_of
from palermo.recruitment.check import check_offer
from palermo.recruitment.deployment import check_setup_of
from palermo.web.errors import ErrorOut
from palermo.web.schemas.recruitment_json import CheckOfferIn, CheckOfferOut

router = APIRouter(prefix="/api", tags=["public"])


@router.post(
    "/check-offer",
    response_model=CheckOfferOut,
    responses={429: {"model": ErrorOut, "description": "Too many checks; wait a minute."}},
)
def api_check_offer(
    request: Request, body: CheckOfferIn, locale: Literal["en", "fr"] | None = None
) -> dict[str, Any]:
    """Red flags of an offer (and of its contract), with their evidence and the questions
    to ask the employer. The risk is never "safe": `no_flags_found` is the lowest level."""
    setup = check_setup_of(request.app.state)
    setup.throttle.admit(request.client.host if request.client else None)
    if not (body.text.strip() or body.contract.strip()):
        raise ValidationFailed(
            msg("There is nothing to check yet."),
            problems=[FieldProblem(field="text", reason=msg("paste the offer or a contract"))],
        )
    result = check_offer(
        text=body.text,
        country=body.country,
        contract_text=body.contract,
        registry=check_registry_of(
            request.app.state, request.app.state.store, setup.registry
        ).current(),
        contacts=setup.contacts,
    )
    return result.to_dict(locale)
