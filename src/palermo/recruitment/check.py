"""The public "check this offer" (pre-departure information, §17), as a pure function.

``check_offer(text=..., country=...)`` screens a pasted offer, an uploaded contract
(plain text, or a PDF read with pypdf) or both, and adds the hotline and embassy
contacts configured for the countries involved. It keeps nothing: the web page and
``POST /api/check-offer`` call it and render ``result.to_dict(locale=)``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import Msg, msg
from palermo.recruitment.contacts import Contact, ContactBook
from palermo.recruitment.offer import OfferSpec, screen_offer
from palermo.recruitment.registry import AgencyRegistry
from palermo.recruitment.result import OfferResult
from palermo.recruitment.wording import locale_of

MAX_CHECK_CHARS = 20_000
MAX_PDF_BYTES = 5 * 1024 * 1024
MAX_PDF_PAGES = 40


def text_from_pdf(data: bytes) -> str:
    """The text of a PDF contract; a clear error when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    def refuse(reason: Msg, hint: Msg) -> ValidationFailed:
        return ValidationFailed(
            msg("The PDF cannot be checked: {reason}.", reason=reason),
            problems=[FieldProblem(field="file", reason=reason)],
            hint=hint,
        )

    if len(data) > MAX_PDF_BYTES:
        raise refuse(
            msg(
                "it is {size} MB, above the {limit} MB limit",
                size=round(len(data) / 1_048_576, 1),
                limit=MAX_PDF_BYTES // 1_048_576,
            ),
            msg("Upload a smaller file, or paste the contract's text."),
        )
    if not data.startswith(b"%PDF"):
        raise refuse(
            msg("the file is not a PDF"), msg("Upload a PDF, or paste the contract's text.")
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise refuse(
                msg("it is password-protected"), msg("Remove the password, or paste the text.")
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise refuse(
                msg(
                    "it has {pages} pages, above the limit of {limit}",
                    pages=len(reader.pages),
                    limit=MAX_PDF_PAGES,
                ),
                msg("Upload the pages of the contract only, or paste its text."),
            )
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise refuse(
            msg("it could not be read ({error})", error=type(exc).__name__),
            msg("Paste the text."),
        ) from exc
    if not text.strip():
        raise refuse(
            msg("it holds no text (probably a scanned image)"),
            msg("Type or paste the contract's text instead."),
        )
    return text


@dataclass(frozen=True)
class CheckResult:
    offer: OfferResult
    contacts: tuple[Contact, ...]

    def to_dict(self, locale: str | None = None) -> dict[str, Any]:
        """Exactly the JSON of ``POST /api/check-offer``."""
        return self.offer.to_dict(locale)

    def contacts_dict(self, locale: str | None = None) -> list[dict[str, Any]]:
        loc = locale_of(locale, self.offer.language)
        return [c.to_dict(loc) for c in self.contacts]


def _limited(name: str, text: str) -> str:
    if len(text) > MAX_CHECK_CHARS:
        too_long = (
            msg("The offer is too long ({count} characters).", count=len(text))
            if name == "text"
            else msg("The contract is too long ({count} characters).", count=len(text))
        )
        raise ValidationFailed(
            too_long,
            problems=[
                FieldProblem(
                    field=name,
                    reason=msg("at most {limit} characters", limit=MAX_CHECK_CHARS),
                )
            ],
            hint=msg(
                "Paste at most {limit} characters: the offer, not a whole page.",
                limit=MAX_CHECK_CHARS,
            ),
        )
    return text


def check_offer(
    *,
    text: str = "",
    country: str | None = None,
    contract_text: str = "",
    pdf: bytes | None = None,
    worker_languages: tuple[str, ...] = (),
    registry: AgencyRegistry | None = None,
    contacts: ContactBook | None = None,
) -> CheckResult:
    """Check an offer (``text``) and/or a contract (``contract_text`` or ``pdf``)."""
    contract = _limited("contract", text_from_pdf(pdf) if pdf is not None else contract_text)
    spec = OfferSpec(
        text=_limited("text", text),
        contract=contract,
        country=(country or "").strip().upper() or None,
        worker_languages=worker_languages,
    )
    result = screen_offer(spec, registry=registry)
    book = contacts or ContactBook.shipped()
    return CheckResult(result, book.for_countries(result.countries))


_WARM_UP_OFFERS = (
    (
        "Cleaners wanted in Dubai, fee of $500, passport kept by the agency. "
        "WhatsApp +971 50 123 4567.",
        "AE",
    ),
    ("Hôtesses recherchées à Paris, frais de dossier de 300 euros, visa arrangé, urgent.", "FR"),
)


def warm_up() -> float:
    """Check two sample offers so that the first real check is fast; the seconds it took.

    The first check of a process loads the language model, the phone metadata, the
    gazetteer and compiles every rule (seconds); later checks take milliseconds. The web
    server calls this once at start, in the background (``palermo serve``)."""
    import time

    started = time.perf_counter()
    for text, country in _WARM_UP_OFFERS:
        check_offer(text=text, country=country)
    return time.perf_counter() - started
