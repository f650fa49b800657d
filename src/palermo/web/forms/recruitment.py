"""The public check's form (an offer, a contract's text or a PDF) to ``check_offer``'s input."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import FormData, UploadFile

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.recruitment.check import MAX_PDF_BYTES

CHECK_LOCALES = ("en", "fr")


@dataclass(frozen=True)
class CheckForm:
    text: str = ""
    country: str | None = None
    contract_text: str = ""
    pdf: bytes | None = None
    lang: str | None = None  # the page's language, carried in the form: no cookie is set


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _country(raw: str) -> str | None:
    code = raw.strip().upper()
    if not code:
        return None
    if len(code) != 2 or not code.isalpha():
        raise ValidationFailed(
            msg("The country must be a two-letter code such as PH or SN."),
            problems=[FieldProblem(field="country", reason=msg("a two-letter country code"))],
        )
    return code


async def read_check_form(form: FormData) -> CheckForm:
    """The fields of the check form; refused when nothing was given to check."""
    upload = form.get("contract_file")
    pdf: bytes | None = None
    if isinstance(upload, UploadFile) and upload.filename:
        pdf = await upload.read(MAX_PDF_BYTES + 1)  # one byte more: too big is refused
    lang = _text(form, "lang")
    checked = CheckForm(
        text=_text(form, "text").strip(),
        country=_country(_text(form, "country")),
        contract_text=_text(form, "contract_text").strip(),
        pdf=pdf,
        lang=lang if lang in CHECK_LOCALES else None,
    )
    if not (checked.text or checked.contract_text or checked.pdf):
        raise ValidationFailed(
            msg("There is nothing to check yet."),
            problems=[FieldProblem(field="text", reason=msg("paste the offer or a contract"))],
            hint=msg("Paste the offer's text, or a contract, or upload the contract as a PDF."),
        )
    if checked.contract_text and checked.pdf:
        raise ValidationFailed(
            msg("Give the contract once: pasted or as a PDF, not both."),
            problems=[FieldProblem(field="contract_text", reason=msg("pasted and uploaded"))],
        )
    return checked
