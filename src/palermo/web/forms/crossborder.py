"""Cross-border forms (a peer, a bundle to pack, a bundle uploaded) as the exchange's inputs,
and a refused bundle's reason in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import FormData, UploadFile

from palermo.cooperate.crossborder import read_public_keys
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import Msg, msg
from palermo.linkage.envelope import BundleRefused
from palermo.web.forms.choices import code_for
from palermo.web.forms.values import text, texts, whole_number

# A bundle of a few hundred referrals is well under this; the envelope's own bound is larger,
# but a web form has no business holding more than this in memory.
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
DEFAULT_DAYS, MAX_DAYS = 7, 90


@dataclass(frozen=True)
class PeerInput:
    name: str
    public_jwks: dict[str, Any]
    agency_name: str
    agency_country: str | None
    agency_type: str


@dataclass(frozen=True)
class PackInput:
    peer: str
    referral_ids: list[int]
    days: int


def _public_keys(form: FormData) -> dict[str, Any]:
    keys = text(form, "public_key")
    if keys is None:
        raise ValidationFailed(
            msg("Paste the peer's public keys."),
            hint=msg("Give the file the peer printed with: palermo exchange keys show."),
            problems=[FieldProblem("public_key", msg("required"))],
        )
    try:
        return read_public_keys(keys)
    except ValidationFailed as exc:
        exc.problems = [FieldProblem("public_key", msg("not JSON"))]
        raise


def peer_from_form(form: FormData) -> PeerInput:
    """The peer form: its name, its public keys pasted as JSON, the agency standing for it."""
    jwks = _public_keys(form)
    agency = text(form, "agency")
    if agency is None:
        raise ValidationFailed(
            msg("Name the peer's agency as it is called in the other installation."),
            problems=[FieldProblem("agency", msg("required"))],
        )
    return PeerInput(
        name=text(form, "name") or "",
        public_jwks=jwks,
        agency_name=agency,
        agency_country=code_for("country", text(form, "country")),
        agency_type=text(form, "type") or "NGO",
    )


def new_keys_from_form(form: FormData) -> tuple[str, dict[str, Any]]:
    """The rotation form: the peer chosen and its new public keys."""
    name = text(form, "name")
    if name is None:
        raise ValidationFailed(
            msg("Choose the peer whose keys changed."),
            problems=[FieldProblem("name", msg("required"))],
        )
    return name, _public_keys(form)


def pack_from_form(form: FormData) -> PackInput:
    """The outgoing form: the peer, the referrals ticked (none: answers only), the days."""
    peer = text(form, "peer")
    if peer is None:
        raise ValidationFailed(
            msg("Choose the installation to send to."),
            problems=[FieldProblem("peer", msg("required"))],
        )
    ids = []
    for value in texts(form, "referral_ids"):
        if not value.strip().isdigit():
            raise ValidationFailed(
                msg("Choose the referrals from the list."),
                problems=[FieldProblem("referral_ids", msg("not a referral"), value=value)],
            )
        ids.append(int(value))
    days = whole_number(form, "days") or DEFAULT_DAYS
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(
            msg("A bundle stays valid for 1 to {most} days.", most=MAX_DAYS),
            problems=[FieldProblem("days", msg("out of range"), value=str(days))],
        )
    return PackInput(peer, ids, days)


def bundle_from_upload(form: FormData) -> str:
    """The uploaded bundle file's text; refused when missing, empty, too large or not text."""
    upload = form.get("bundle")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationFailed(
            msg("Choose the bundle file to import."),
            problems=[FieldProblem("bundle", msg("required"))],
        )
    data = upload.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            msg("The file is larger than {size} MB; a bundle is smaller.", size=8),
            problems=[FieldProblem("bundle", msg("too large"), value=upload.filename)],
        )
    try:
        content = data.decode("ascii").strip()
    except UnicodeDecodeError:
        content = ""
    if not content:
        raise ValidationFailed(
            msg(
                "The file {name} is not a bundle: a bundle is one line of text.",
                name=upload.filename,
            ),
            problems=[FieldProblem("bundle", msg("not a bundle"), value=upload.filename)],
        )
    return content


# What each refusal of the envelope means, said to the administrator who uploaded it.
REFUSALS: dict[str, Msg] = {
    "damaged": msg("The bundle was altered or damaged on its way: it cannot be decrypted."),
    "misaddressed": msg("The bundle was made for another installation, not this one."),
    "unknown_sender": msg("The bundle is signed by a key of no peer known here."),
    "bad_signature": msg("The bundle's signature or sender name is wrong."),
    "expired": msg("The bundle has expired; ask the sender for a new one."),
    "replayed": msg("The bundle was imported before; the same bundle twice changes nothing."),
}


def refusal_shown(exc: BundleRefused) -> ValidationFailed:
    """A refused bundle as a form refusal: the reason translated, the envelope's detail."""
    return ValidationFailed(
        REFUSALS.get(exc.reason, msg("The bundle was refused.")),
        hint=msg("Nothing from this bundle was imported."),
        problems=[FieldProblem("bundle", exc.reason, value=str(exc.message))],
    )
