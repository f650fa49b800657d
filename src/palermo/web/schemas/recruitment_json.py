"""JSON shapes of the public check of an offer (``POST /api/check-offer``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from palermo.recruitment.check import MAX_CHECK_CHARS


class CheckOfferIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field("", max_length=MAX_CHECK_CHARS, description="The offer, as posted.")
    country: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{2}$",
        description="ISO 3166 code of the country the ad was posted in (phone region hint).",
    )
    contract: str = Field(
        "", max_length=MAX_CHECK_CHARS, description="The contract's text, if one was offered."
    )


class FlagOut(BaseModel):
    code: str
    explanation: str
    evidence: list[str]


class CheckOfferOut(BaseModel):
    """Never "safe": ``no_flags_found`` says only that these rules found nothing."""

    risk: Literal["no_flags_found", "caution", "high"]
    flags: list[FlagOut]
    questions: list[str]
