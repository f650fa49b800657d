"""Cooperate's submitted forms (a sharing agreement, a linkage run) as the pillar's inputs."""

from __future__ import annotations

from starlette.datastructures import FormData

from palermo import clock
from palermo.cooperate.agreements import AgreementCreate
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.web.forms.values import iso_date, text, texts, validated


def agreement_from_form(form: FormData, *, own_agency_id: int | None) -> AgreementCreate:
    """The agreement form: the actor's agency is a party, the others are ticked."""
    others = []
    for value in texts(form, "party_agency_ids"):
        if not value.strip().isdigit():
            raise ValidationFailed(
                msg("Choose the agencies from the list."),
                problems=[FieldProblem("party_agency_ids", msg("not an agency"), value=value)],
            )
        others.append(int(value))
    parties = [own_agency_id, *others] if own_agency_id is not None else others
    return validated(
        AgreementCreate,
        title=text(form, "title") or "",
        party_agency_ids=parties,
        purposes=texts(form, "purposes"),
        field_groups=texts(form, "field_groups"),
        legal_basis=text(form, "legal_basis") or "",
        starts_on=iso_date(form, "starts_on") or clock.today(),
        ends_on=iso_date(form, "ends_on"),
        signed_by=text(form, "signed_by") or "",
        signed_on=iso_date(form, "signed_on"),
    )


def threshold_from_form(form: FormData) -> float:
    """The match threshold of a linkage run (0.9 when left blank)."""
    raw = text(form, "threshold")
    if raw is None:
        return 0.9
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        raise ValidationFailed(
            msg("The match threshold must be a number between 0 and 1."),
            problems=[FieldProblem("threshold", msg("not a number"), value=raw)],
        ) from None
