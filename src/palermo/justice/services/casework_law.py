"""SHERLOC-style classification of an investigation's case, and its anonymised case-law
summary.

Palermo suggests the keywords the records support, with their reasons
(:func:`palermo.justice.suggest_classification`); a person confirms, removes or adds,
and the confirmed keywords are stored. The case-law summary is built from the records
each time it is exported (:func:`palermo.justice.case_law_summary`), from the free text
a person wrote, which is refused when it contains a name, birth date or document number
of a suspect or of a victim the agency follows; those identities are decrypted for the
check only, and the check is audited.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.errors import NotFound
from palermo.i18n import msg
from palermo.justice.caselaw import CaseLawSummary, PersonalIdentifiers, case_law_summary
from palermo.justice.services.inputs import CaseLawCreate
from palermo.justice.services.loader import DatasetScope, load_dataset
from palermo.justice.services.reporting import reporting_country
from palermo.justice.services.victims import victim_identity
from palermo.justice.services.visibility import load_investigation
from palermo.justice.sherloc import (
    SherlocClassification,
    confirm_classification,
    suggest_classification,
)
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import CaseLawSummaryRow, SherlocClassificationRow
from palermo.vocab.justice import SherlocKeywordGroup


def classification(
    session: Session, *, investigation_id: int, actor: Actor
) -> SherlocClassification:
    """The confirmed classification if a person confirmed one, else Palermo's suggestion."""
    inv = load_investigation(session, investigation_id=investigation_id, actor=actor)
    data = load_dataset(session, actor=actor, scope=DatasetScope.agency, investigation_ids={inv.id})
    suggested = suggest_classification(data, investigation_id=str(inv.id))
    stored = session.scalar(
        select(SherlocClassificationRow).where(SherlocClassificationRow.investigation_id == inv.id)
    )
    if stored is None:
        return suggested
    keep = {(g, c) for g, c in stored.keywords}
    remove = tuple(
        (k.group, k.code) for k in suggested.keywords if (k.group.code, k.code) not in keep
    )
    have = {(k.group.code, k.code) for k in suggested.keywords}
    add = tuple((SherlocKeywordGroup.parse(g), c) for g, c in stored.keywords if (g, c) not in have)
    return confirm_classification(
        suggested, confirmed_by=stored.confirmed_by, remove=remove, add=add
    )


@audit.audited
def confirm_keywords(
    session: Session,
    *,
    investigation_id: int,
    actor: Actor,
    remove: tuple[tuple[str, str], ...] = (),
    add: tuple[tuple[str, str], ...] = (),
) -> SherlocClassification:
    """Confirm the suggested keywords, less ``remove`` and with ``add`` (group, code)."""
    inv = load_investigation(
        session, investigation_id=investigation_id, actor=actor, doing="update"
    )
    data = load_dataset(session, actor=actor, scope=DatasetScope.agency, investigation_ids={inv.id})
    suggested = suggest_classification(data, investigation_id=str(inv.id))
    confirmed = confirm_classification(
        suggested,
        confirmed_by=actor.username,
        remove=tuple((SherlocKeywordGroup.parse(g), c) for g, c in remove),
        add=tuple((SherlocKeywordGroup.parse(g), c) for g, c in add),
    )
    row = session.scalar(
        select(SherlocClassificationRow).where(SherlocClassificationRow.investigation_id == inv.id)
    )
    if row is None:
        row = SherlocClassificationRow(investigation_id=inv.id)
        session.add(row)
    row.keywords = [[k.group.code, k.code] for k in confirmed.keywords]
    row.confirmed_by = actor.username
    audit.name_change(session, row, "confirm")
    session.flush()
    return confirmed


def _identifiers(session: Session, inv_id: int, actor: Actor) -> PersonalIdentifiers:
    """Who must not appear: the suspects, and the victims the agency follows (what their
    links show: a referral shows only the groups it shares)."""
    inv = load_investigation(session, investigation_id=inv_id, actor=actor)
    names: list[str] = []
    births: list[date] = []
    documents: list[str] = []
    for named in inv.suspects:
        person = named.suspect.person
        names += [n for n in (person.full_name, *person.alias_list) if n and n != "—"]
        births += [d for d in [_day(person.birth_date or "")] if d is not None]
        documents += [person.identity_number] if person.identity_number else []
    for victim in inv.victims:
        if victim.link.agency_id != actor.agency_id:
            continue
        seen = victim_identity(session, link_id=victim.link_id, actor=actor)
        names += [seen.name] if seen.name else []
        births += [d for d in [_day(seen.birth_date or "")] if d is not None]
        documents += [seen.document] if seen.document else []
    audit.record(
        session,
        actor=actor,
        action="check",
        entity="justice_investigation",
        entity_id=inv_id,
        fields=["names", "birth_date", "identity_number"],
    )
    return PersonalIdentifiers(
        names=tuple(names),
        birth_dates=tuple(d for d in births if d is not None),
        documents=tuple(documents),
    )


def _day(text: str) -> date | None:
    """A full birth date; a partial one (a year) cannot be written as a date."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@audit.audited
def write_case_law(
    session: Session,
    *,
    investigation_id: int,
    data: CaseLawCreate,
    actor: Actor,
    locale: str = "en",
) -> CaseLawSummary:
    """Check and keep the free text of the summary; return the summary built from it."""
    inv = load_investigation(
        session, investigation_id=investigation_id, actor=actor, doing="update"
    )
    summary = _summary(
        session, inv.id, actor, data.case_reference, data.facts_summary, data.commentary, locale
    )
    row = session.scalar(
        select(CaseLawSummaryRow).where(CaseLawSummaryRow.investigation_id == inv.id)
    )
    if row is None:
        row = CaseLawSummaryRow(investigation_id=inv.id)
        session.add(row)
    row.country = summary.country
    row.case_reference = data.case_reference
    row.facts_summary = data.facts_summary
    row.commentary = data.commentary
    row.written_by = actor.username
    session.flush()
    return summary


def _summary(
    session: Session,
    inv_id: int,
    actor: Actor,
    reference: str,
    facts: str,
    commentary: str | None,
    locale: str,
) -> CaseLawSummary:
    data = load_dataset(session, actor=actor, scope=DatasetScope.agency, investigation_ids={inv_id})
    return case_law_summary(
        data,
        investigation_id=str(inv_id),
        country=reporting_country(session, actor),
        case_reference=reference,
        facts_summary=facts,
        classification=classification(session, investigation_id=inv_id, actor=actor),
        identifiers=_identifiers(session, inv_id, actor),
        commentary=commentary,
        locale=locale,
    )


def export_case_law(
    session: Session, *, investigation_id: int, actor: Actor, locale: str = "en"
) -> CaseLawSummary:
    """The summary of the stored text, built afresh from today's records; audited."""
    inv = load_investigation(session, investigation_id=investigation_id, actor=actor)
    row = session.scalar(
        select(CaseLawSummaryRow).where(CaseLawSummaryRow.investigation_id == inv.id)
    )
    if row is None:
        raise NotFound(
            msg("Investigation {id} has no case-law summary yet.", id=inv.id),
            hint=msg("Write the summary of facts first."),
        )
    summary = _summary(
        session, inv.id, actor, row.case_reference, row.facts_summary, row.commentary, locale
    )
    audit.record(
        session,
        actor=actor,
        action="export",
        entity="justice_case_law_summary",
        entity_id=row.id,
        fields=["case_law_summary"],
    )
    return summary
