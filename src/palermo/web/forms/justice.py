"""Turn the justice pages' submitted forms into the pillar's schemas; a bad value is a
ValidationFailed naming the field (``web.forms.values``)."""

from __future__ import annotations

from starlette.datastructures import FormData

from palermo import clock
from palermo.cases.record.schemas import PersonData
from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.justice.services import inputs as i
from palermo.web.forms.values import iso_date, text, texts, validated, whole_number


def _checked(form: FormData, name: str) -> bool:
    return form.get(name) in ("on", "true", "1", "yes")


def _tristate(form: FormData, name: str) -> bool | None:
    value = text(form, name)
    return None if value in (None, "") else value == "yes"


def _ids(form: FormData, name: str) -> list[int]:
    values = []
    for value in texts(form, name):
        if not value.strip():
            continue
        if not value.strip().isdigit():
            raise ValidationFailed(
                msg("{field} is not a list of numbers.", field=name),
                problems=[FieldProblem(name, msg("not a number"), value=value)],
            )
        values.append(int(value))
    return values


def _required_id(form: FormData, name: str) -> int:
    value = whole_number(form, name)
    if value is None:
        raise ValidationFailed(
            msg("Choose a value for {field}.", field=name),
            problems=[FieldProblem(name, msg("is required"))],
        )
    return value


def investigation_from_form(form: FormData) -> i.InvestigationCreate:
    return validated(
        i.InvestigationCreate,
        reference=text(form, "reference"),
        offences=texts(form, "offences"),
        opened_on=iso_date(form, "opened_on") or clock.today(),
        prosecutor_agency_id=whole_number(form, "prosecutor_agency_id"),
        organised_criminal_group=_tristate(form, "organised_criminal_group"),
    )


def investigation_update_from_form(form: FormData) -> i.InvestigationUpdate:
    return validated(
        i.InvestigationUpdate,
        reference=text(form, "reference"),
        offences=texts(form, "offences") or None,
        opened_on=iso_date(form, "opened_on"),
        prosecutor_agency_id=whole_number(form, "prosecutor_agency_id"),
        organised_criminal_group=_tristate(form, "organised_criminal_group"),
    )


def close_from_form(form: FormData) -> i.InvestigationClose:
    return validated(
        i.InvestigationClose,
        closed_on=iso_date(form, "closed_on") or clock.today(),
        outcome=text(form, "outcome") or "",
        drop_out_reason=text(form, "drop_out_reason"),
    )


def suspect_from_form(form: FormData) -> i.SuspectCreate:
    person = validated(
        PersonData,
        given_name=text(form, "given_name"),
        family_name=text(form, "family_name"),
        aliases=[a.strip() for a in (text(form, "aliases") or "").split(",") if a.strip()],
        birth_date=text(form, "birth_date"),
        identity_number=text(form, "identity_number"),
        phone=text(form, "phone"),
        address=text(form, "address"),
        gender=text(form, "gender"),
    )
    return validated(
        i.SuspectCreate,
        person=person,
        citizenship=texts(form, "citizenship"),
        roles=texts(form, "roles"),
        named_on=iso_date(form, "named_on"),
    )


def cooperation_from_form(form: FormData) -> i.CooperationCreate:
    return validated(
        i.CooperationCreate,
        kind=text(form, "kind") or "",
        country=text(form, "country") or "",
        sent_on=iso_date(form, "sent_on") or clock.today(),
        answered_on=iso_date(form, "answered_on"),
    )


def proceeding_from_form(form: FormData) -> i.ProceedingCreate:
    return validated(
        i.ProceedingCreate,
        defendant_id=_required_id(form, "defendant_id"),
        court=text(form, "court") or "",
        court_agency_id=whole_number(form, "court_agency_id"),
        court_case_number=text(form, "court_case_number"),
        kind=text(form, "kind") or "criminal",
        stage=text(form, "stage") or "charged",
    )


def charge_from_form(form: FormData) -> i.ChargeCreate:
    return validated(
        i.ChargeCreate,
        offence=text(form, "offence") or "",
        charged_on=iso_date(form, "charged_on") or clock.today(),
        article=text(form, "article"),
        victim_link_ids=_ids(form, "victim_link_ids"),
    )


def verdict_from_form(form: FormData) -> i.VerdictIn:
    return validated(
        i.VerdictIn,
        verdict=text(form, "verdict") or "",
        verdict_on=iso_date(form, "verdict_on") or clock.today(),
        drop_out_reason=text(form, "drop_out_reason"),
    )


def sentence_from_form(form: FormData) -> i.SentenceCreate:
    return validated(
        i.SentenceCreate,
        sentenced_on=iso_date(form, "sentenced_on") or clock.today(),
        kinds=texts(form, "kinds"),
        custody_months=whole_number(form, "custody_months"),
        suspended_months=whole_number(form, "suspended_months"),
        fine_amount=text(form, "fine_amount"),
        fine_currency=text(form, "fine_currency"),
        confiscated_amount=text(form, "confiscated_amount"),
        confiscated_currency=text(form, "confiscated_currency"),
    )


def hearing_from_form(form: FormData) -> i.HearingCreate:
    return validated(
        i.HearingCreate,
        held_on=iso_date(form, "held_on") or clock.today(),
        public=not _checked(form, "in_camera"),
    )


def hearing_outcome_from_form(form: FormData) -> i.HearingOutcomeIn:
    return validated(
        i.HearingOutcomeIn,
        outcome=text(form, "outcome") or "",
        adjournment_reason=text(form, "adjournment_reason"),
    )


def appeal_from_form(form: FormData) -> i.AppealCreate:
    return validated(
        i.AppealCreate,
        lodged_on=iso_date(form, "lodged_on") or clock.today(),
        by=text(form, "by") or "",
        court=text(form, "court"),
    )


def appeal_decision_from_form(form: FormData) -> i.AppealDecision:
    return validated(
        i.AppealDecision,
        decided_on=iso_date(form, "decided_on") or clock.today(),
        outcome=text(form, "outcome") or "",
    )


def compensation_from_form(form: FormData) -> i.CompensationCreate:
    return validated(
        i.CompensationCreate,
        link_id=_required_id(form, "link_id"),
        ordered_on=iso_date(form, "ordered_on") or clock.today(),
        amount=text(form, "amount") or "",
        currency=text(form, "currency") or "",
        payer=text(form, "payer") or "",
    )


def payment_from_form(form: FormData) -> i.PaymentCreate:
    return validated(
        i.PaymentCreate,
        paid_on=iso_date(form, "paid_on") or clock.today(),
        amount=text(form, "amount") or "",
        by=text(form, "by") or "",
    )


def participation_from_form(form: FormData) -> i.ParticipationCreate:
    return validated(
        i.ParticipationCreate,
        link_id=_required_id(form, "link_id"),
        witness=_checked(form, "witness"),
        civil_party=_checked(form, "civil_party"),
        protection=texts(form, "protection"),
        support_person=_checked(form, "support_person"),
    )


def participation_update_from_form(form: FormData) -> i.ParticipationUpdate:
    values: dict[str, object] = {
        "testified": _checked(form, "testified"),
        "protection": texts(form, "protection"),
        "support_person": _checked(form, "support_person"),
    }
    if iso_date(form, "withdrew_on") is not None:
        values["withdrew_on"] = iso_date(form, "withdrew_on")
        values["withdrawal_reason"] = text(form, "withdrawal_reason")
    return validated(i.ParticipationUpdate, **values)


def victim_charge_from_form(form: FormData) -> i.VictimChargeCreate:
    return validated(
        i.VictimChargeCreate,
        case_id=_required_id(form, "case_id"),
        offence=text(form, "offence") or "",
        charged_on=iso_date(form, "charged_on") or clock.today(),
        trafficking_raised_on=iso_date(form, "trafficking_raised_on"),
    )


def victim_charge_decision_from_form(form: FormData) -> i.VictimChargeDecision:
    return validated(
        i.VictimChargeDecision,
        outcome=text(form, "outcome") or "",
        decided_on=iso_date(form, "decided_on") or clock.today(),
    )


def case_law_from_form(form: FormData) -> i.CaseLawCreate:
    return validated(
        i.CaseLawCreate,
        case_reference=text(form, "case_reference") or "",
        facts_summary=text(form, "facts_summary") or "",
        commentary=text(form, "commentary"),
    )


def keyword_pairs(form: FormData, name: str) -> tuple[tuple[str, str], ...]:
    """``group:code`` values of ticked boxes or a free field, as (group, code) pairs."""
    pairs = []
    for value in texts(form, name):
        for item in value.replace(",", " ").split():
            group, _, code = item.partition(":")
            if not code:
                raise ValidationFailed(
                    msg("Write each keyword as group:code, for example means:deception."),
                    problems=[FieldProblem(name, msg("not group:code"), value=item)],
                )
            pairs.append((group, code))
    return tuple(pairs)
