"""The store's justice records as a :class:`~palermo.justice.JusticeDataset`, so that the
funnel, the GLOTIP tables and the SHERLOC export of :mod:`palermo.justice` run on
database rows exactly as they run on the simulator's records.

What becomes what (identifiers are the database ids, as text):

* every Protect case is an identified victim (``victim_id`` = the case id), identified
  on its identification date (else the day it was opened), with the identifying agency,
  the gender, age at identification, citizenship, exploitation, means of control,
  recruitment and the countries of recruitment and exploitation of its journey; nothing
  that names the person is read. Several agencies' links to one case are one victim;
* a suspect is the suspect row, with the gender of their person row only;
* a proceeding with no charge yet is left out (nobody has been prosecuted in it).

``scope``: ``national`` (every agency's records, for national reports) or ``agency``
(the records the actor's agency takes part in, with the victims it identified or
follows). ``investigation_ids`` narrows to some investigations and what they reference.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases import access
from palermo.i18n import msg
from palermo.justice.dataset import JusticeDataset
from palermo.justice.records import Cooperation, Investigation, SuspectRef, VictimRef
from palermo.justice.remedies import NonPunishmentCase
from palermo.justice.services.suspects import age_on
from palermo.justice.services.trial_rows import (
    compensations_of,
    grouped,
    participations_of,
    proceedings_of,
    rows_in,
)
from palermo.justice.services.visibility import (
    REPORT_READERS,
    visible_investigations,
    visible_proceedings,
)
from palermo.store.actor import Actor
from palermo.store.models import (
    Case,
    CaseCode,
    InvestigationSuspect,
    InvestigationVictim,
    JusticeCooperation,
    JusticeInvestigation,
    JusticeNonPunishment,
    JusticeNotReported,
    JusticeProceeding,
    JusticeSuspect,
    JusticeVictimLink,
    Person,
    TraffickingEvent,
)
from palermo.store.models.sealing import open_selected


class DatasetScope(StrEnum):
    national = "national"
    agency = "agency"


_VICTIM_CODES = {
    "citizenship": "citizenship",
    "exploitation_types": "exploitation",
    "sexual_exploitation_types": "sex_exploitation",
    "means_of_control": "means_of_control",
    "recruitment_methods": "recruitment",
    "recruitment_platforms": "recruitment_apps",
}


def load_dataset(
    session: Session,
    *,
    actor: Actor,
    scope: DatasetScope | str = DatasetScope.national,
    investigation_ids: set[int] | None = None,
) -> JusticeDataset:
    """The records of ``scope`` as plain justice records (see the module docstring)."""
    access.require_role(actor, REPORT_READERS, doing=msg("read justice statistics"))
    scope = DatasetScope(scope)
    inv_stmt = select(JusticeInvestigation)
    proc_stmt = select(JusticeProceeding.id, JusticeProceeding.investigation_id)
    if scope is DatasetScope.agency:
        inv_stmt = inv_stmt.where(visible_investigations(actor))
        proc_stmt = proc_stmt.where(visible_proceedings(actor))
    if investigation_ids is not None:
        inv_stmt = inv_stmt.where(JusticeInvestigation.id.in_(investigation_ids))
        proc_stmt = proc_stmt.where(JusticeProceeding.investigation_id.in_(investigation_ids))
    proc_pairs = session.execute(proc_stmt).all()
    invs = {i.id: i for i in session.scalars(inv_stmt)}
    missing = {inv_id for _, inv_id in proc_pairs} - set(invs)
    if missing:  # a court sees the proceedings of investigations it does not lead
        invs |= {
            i.id: i
            for i in session.scalars(
                select(JusticeInvestigation).where(JusticeInvestigation.id.in_(missing))
            )
        }
    inv_ids = set(invs) if (scope is DatasetScope.agency or investigation_ids) else None
    case_of_link = dict(
        session.execute(select(JusticeVictimLink.id, JusticeVictimLink.case_id)).all()
    )
    inv_victims = grouped(
        rows_in(
            session,
            select(InvestigationVictim.investigation_id, InvestigationVictim.link_id),
            InvestigationVictim.investigation_id,
            inv_ids,
        )
    )
    inv_suspects = grouped(
        rows_in(
            session,
            select(InvestigationSuspect.investigation_id, InvestigationSuspect.suspect_id),
            InvestigationSuspect.investigation_id,
            inv_ids,
        )
    )
    coop = grouped(
        rows_in(
            session,
            select(JusticeCooperation.investigation_id, JusticeCooperation),
            JusticeCooperation.investigation_id,
            inv_ids,
        )
    )
    investigations = []
    for inv in sorted(invs.values(), key=lambda i: i.id):
        investigations.append(
            Investigation(
                investigation_id=str(inv.id),
                agency_id=str(inv.agency_id),
                opened_on=inv.opened_on,
                offences=tuple(inv.offences or ()),  # type: ignore[arg-type]
                victim_ids=tuple(
                    dict.fromkeys(str(case_of_link[link]) for link in inv_victims.get(inv.id, []))
                ),
                suspect_ids=tuple(str(s) for s in dict.fromkeys(inv_suspects.get(inv.id, []))),
                cooperation=tuple(
                    Cooperation(c.kind, c.country, c.sent_on, c.answered_on)
                    for c in coop.get(inv.id, [])
                ),
                closed_on=inv.closed_on,
                outcome=inv.outcome,  # type: ignore[arg-type]
                drop_out_reason=inv.drop_out_reason,  # type: ignore[arg-type]
                organised_criminal_group=inv.organised_criminal_group,
            )
        )
    proc_ids = {p for p, _ in proc_pairs} if inv_ids is not None else None
    proceedings, victim_cases = proceedings_of(session, proc_ids, case_of_link)
    kept = {p.proceeding_id for p in proceedings}
    compensations = compensations_of(session, proc_ids, case_of_link, kept)
    participations = participations_of(session, proc_ids, case_of_link, kept)
    suspect_ids = {int(s) for inv in investigations for s in inv.suspect_ids}
    suspects = _suspects(session, suspect_ids)
    for record in investigations:
        victim_cases |= {int(v) for v in record.victim_ids}
    victim_cases |= {int(c.victim_id) for c in compensations}
    non_punishment = _non_punishment(session, actor, scope, investigation_ids)
    victim_cases |= {int(n.victim_id) for n in non_punishment}
    if scope is DatasetScope.national and investigation_ids is None:
        case_ids = None
    else:
        case_ids = set(victim_cases)
        if scope is DatasetScope.agency and investigation_ids is None:
            case_ids |= set(session.scalars(select(Case.id).where(access.readable_cases(actor))))
    return JusticeDataset(
        victims=_victims(session, case_ids),
        suspects=suspects,
        investigations=tuple(investigations),
        proceedings=tuple(proceedings),
        compensations=tuple(compensations),
        participations=tuple(participations),
        non_punishment=tuple(non_punishment),
    )


def _suspects(session: Session, ids: set[int]) -> tuple[SuspectRef, ...]:
    rows = rows_in(
        session,
        select(
            JusticeSuspect.id,
            JusticeSuspect.citizenship,
            JusticeSuspect.roles,
            JusticeSuspect.age_when_named,
            Person.gender,
        ).join(Person, Person.id == JusticeSuspect.person_id),
        JusticeSuspect.id,
        ids,
    )
    return tuple(
        SuspectRef(str(i), gender, age, tuple(cit or ()), tuple(roles or ()))
        for i, cit, roles, age, gender in sorted(rows)
    )


def _non_punishment(
    session: Session, actor: Actor, scope: DatasetScope, investigation_ids: set[int] | None
) -> list[NonPunishmentCase]:
    if investigation_ids is not None:
        return []
    stmt = select(JusticeNonPunishment).order_by(JusticeNonPunishment.id)
    if scope is DatasetScope.agency:
        stmt = stmt.where(JusticeNonPunishment.agency_id == actor.agency_id)
    return [
        NonPunishmentCase(
            str(n.id),
            str(n.case_id),
            n.offence,  # type: ignore[arg-type]
            n.charged_on,
            n.trafficking_raised_on,
            n.outcome,  # type: ignore[arg-type]
            n.decided_on,
        )
        for n in session.scalars(stmt)
    ]


def _victims(session: Session, ids: set[int] | None) -> tuple[VictimRef, ...]:
    cases = rows_in(
        session,
        select(
            Case.id,
            Case.identified_on,
            Case.created_at,
            Case.agency_id,
            Case.age_at_identification,
            Case.forced_labour_industry,
            Person.gender,
            Person.birth_date,
            Person.id,
        ).join(Person, Person.id == Case.victim_id),
        Case.id,
        ids,
    )
    codes: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for case_id, field, code in rows_in(
        session,
        select(CaseCode.case_id, CaseCode.field, CaseCode.code)
        .where(CaseCode.field.in_(_VICTIM_CODES))
        .order_by(CaseCode.id),
        CaseCode.case_id,
        ids,
    ):
        codes[case_id][_VICTIM_CODES[field]].append(code)
    places: dict[int, dict[str, str]] = defaultdict(dict)
    for case_id, kind, country in rows_in(
        session,
        select(TraffickingEvent.case_id, TraffickingEvent.type, TraffickingEvent.country)
        .where(TraffickingEvent.country.is_not(None))
        .order_by(TraffickingEvent.id),
        TraffickingEvent.case_id,
        ids,
    ):
        places[case_id].setdefault(kind, country)
    reasons = dict(
        rows_in(
            session,
            select(JusticeNotReported.case_id, JusticeNotReported.reason),
            JusticeNotReported.case_id,
            ids,
        )
    )
    out = []
    for case_id, identified, created, agency, age, industry, gender, sealed, person in sorted(
        cases
    ):
        on = identified or created.date()
        born = open_selected(Person.birth_date, sealed, row=person)
        mine = codes.get(case_id, {})
        out.append(
            VictimRef(
                victim_id=str(case_id),
                identified_on=on,
                gender=gender,
                age=age if age is not None else age_on(born, on),
                citizenship=tuple(mine.get("citizenship", ())),
                exploitation=tuple(mine.get("exploitation", ())),
                sex_exploitation=tuple(mine.get("sex_exploitation", ())),
                industry=industry,
                means_of_control=tuple(mine.get("means_of_control", ())),
                recruitment=tuple(mine.get("recruitment", ())),
                recruitment_apps=tuple(mine.get("recruitment_apps", ())),
                origin=places[case_id].get("Recruitment") if case_id in places else None,
                exploited_in=places[case_id].get("Exploitation") if case_id in places else None,
                agency_id=str(agency),
                not_reported_reason=reasons.get(case_id),
            )
        )
    return tuple(out)
