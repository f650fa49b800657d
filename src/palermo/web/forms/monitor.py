"""The monitors' forms: the queue's filter, an ad's mark, and the registry's records."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.licences import LicenceIn
from palermo.prevent.monitor_queue import QueueFilter
from palermo.web.forms.values import text

MAX_REGISTRY_BYTES = 5 * 1024 * 1024


def queue_filter(
    risk: str | None, flag: str | None, mark: str | None, network: str | None, offset: int
) -> QueueFilter:
    """The filter of the queue from its query string (blank: no filter)."""
    return QueueFilter(
        risk=risk or None,
        flag=flag or None,
        mark=mark or None,
        network_id=network or None,
        offset=max(offset, 0),
    )


def mark_of(form: FormData) -> str:
    return text(form, "mark") or ""


def licence_of(form: FormData) -> LicenceIn:
    return LicenceIn(
        name=text(form, "name") or "",
        country=(text(form, "country") or "").upper(),
        status=text(form, "status") or "",
        licence_number=text(form, "licence_number"),
        kind=text(form, "kind"),
    )


def source_of(form: FormData) -> str:
    return text(form, "source") or ""


async def registry_text_of(form: FormData) -> str:
    """The uploaded CSV's text (UTF-8), refused with its field when unusable."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationFailed(
            msg("Choose the registry file to import."),
            problems=[FieldProblem("file", msg("no file chosen"))],
        )
    data = await upload.read(MAX_REGISTRY_BYTES + 1)
    if len(data) > MAX_REGISTRY_BYTES:
        raise ValidationFailed(
            msg("The registry file is too large."),
            problems=[FieldProblem("file", msg("at most 5 MB"))],
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed(
            msg("The registry file is not UTF-8 text."),
            problems=[FieldProblem(field="file", reason=msg("not UTF-8 text"))],
            hint=msg("Save the file as CSV in UTF-8 and import it again."),
        ) from None
