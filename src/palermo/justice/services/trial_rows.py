"""Proceedings, charges, sentences, hearings, appeals, compensation and participation
read from the store as the plain records of :mod:`palermo.justice` (for
:mod:`.loader` and the trial monitors' view). Victims are the case ids of the links
named; a proceeding with no charge is left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.justice.remedies import Compensation, Payment, VictimParticipation
from palermo.justice.trial import Appeal, Charge, Hearing, Money, Proceeding, Sentence
from palermo.store.models import (
    ChargeVictim,
    JusticeAppeal,
    JusticeCharge,
    JusticeCompensation,
    JusticeHearing,
    JusticeParticipation,
    JusticePayment,
    JusticeProceeding,
    JusticeSentence,
    JusticeVictimLink,
)


def _money(amount: str | None, currency: str | None) -> Money | None:
    return None if amount is None or currency is None else Money(Decimal(amount), currency)


def grouped(rows: Iterable[Any]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = defaultdict(list)
    for key, *value in rows:
        out[key].append(value[0] if len(value) == 1 else tuple(value))
    return out


def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def rows_in(session: Session, stmt: Any, column: Any, ids: set[int] | None) -> list[Any]:
    """Rows of ``stmt`` with ``column`` among ``ids`` (all when None), in chunks."""
    if ids is None:
        return list(session.execute(stmt).all())
    found: list[Any] = []
    for part in _chunks(sorted(ids)):
        found += session.execute(stmt.where(column.in_(part))).all()
    return found


def proceedings_of(
    session: Session, ids: set[int] | None, case_of_link: dict[int, int]
) -> tuple[list[Proceeding], set[int]]:
    procs = rows_in(
        session, select(JusticeProceeding.id, JusticeProceeding), JusticeProceeding.id, ids
    )
    charges = grouped(
        rows_in(
            session,
            select(JusticeCharge.proceeding_id, JusticeCharge),
            JusticeCharge.proceeding_id,
            ids,
        )
    )
    charge_ids = {c.id for rows in charges.values() for c in rows}
    victims = grouped(
        rows_in(
            session,
            select(ChargeVictim.charge_id, ChargeVictim.link_id),
            ChargeVictim.charge_id,
            charge_ids,
        )
    )
    sentences = {
        s.charge_id: s
        for (s,) in rows_in(session, select(JusticeSentence), JusticeSentence.charge_id, charge_ids)
    }
    hearings = grouped(
        rows_in(
            session,
            select(JusticeHearing.proceeding_id, JusticeHearing),
            JusticeHearing.proceeding_id,
            ids,
        )
    )
    appeals = grouped(
        rows_in(
            session,
            select(JusticeAppeal.proceeding_id, JusticeAppeal),
            JusticeAppeal.proceeding_id,
            ids,
        )
    )
    out, cases = [], set()
    for proc_id, proc in sorted(procs, key=lambda r: r[0]):
        rows = charges.get(proc_id, [])
        if not rows:
            continue
        built = []
        for c in rows:
            names = tuple(dict.fromkeys(case_of_link[link] for link in victims.get(c.id, [])))
            cases |= set(names)
            s = sentences.get(c.id)
            sentence = (
                None
                if s is None
                else Sentence(
                    s.sentenced_on,
                    tuple(s.kinds),
                    s.custody_months,
                    s.suspended_months,
                    _money(s.fine_amount, s.fine_currency),
                    _money(s.confiscated_amount, s.confiscated_currency),
                )
            )
            built.append(
                Charge(
                    str(c.id),
                    c.offence,
                    c.charged_on,
                    tuple(str(n) for n in names),
                    c.article,
                    c.verdict,
                    c.verdict_on,
                    c.drop_out_reason,
                    sentence,
                )
            )
        out.append(
            Proceeding(
                proceeding_id=str(proc.id),
                investigation_id=str(proc.investigation_id),
                defendant_id=str(proc.defendant_id),
                court=proc.court,
                charges=tuple(built),
                stage=proc.stage,
                kind=proc.kind,
                court_agency_id=None if proc.court_agency_id is None else str(proc.court_agency_id),
                court_case_number=proc.court_case_number,
                hearings=tuple(
                    Hearing(h.held_on, h.outcome, h.adjournment_reason, h.public)
                    for h in hearings.get(proc_id, [])
                ),
                appeals=tuple(
                    Appeal(a.lodged_on, a.by, a.court, a.decided_on, a.outcome)
                    for a in appeals.get(proc_id, [])
                ),
            )
        )
    return out, cases


def compensations_of(
    session: Session, ids: set[int] | None, case_of_link: dict[int, int], kept: set[str]
) -> list[Compensation]:
    rows = rows_in(
        session,
        select(JusticeCompensation.proceeding_id, JusticeCompensation),
        JusticeCompensation.proceeding_id,
        ids,
    )
    comp_ids = {c.id for _, c in rows}
    payments = grouped(
        rows_in(
            session,
            select(JusticePayment.compensation_id, JusticePayment),
            JusticePayment.compensation_id,
            comp_ids,
        )
    )
    return [
        Compensation(
            str(c.id),
            str(c.proceeding_id),
            str(case_of_link[c.link_id]),
            c.ordered_on,
            Money(Decimal(c.amount), c.currency),
            c.payer,
            tuple(Payment(p.paid_on, Decimal(p.amount), p.by) for p in payments.get(c.id, [])),
        )
        for _, c in sorted(rows, key=lambda r: r[1].id)
        if str(c.proceeding_id) in kept
    ]


def participations_of(
    session: Session, ids: set[int] | None, case_of_link: dict[int, int], kept: set[str]
) -> list[VictimParticipation]:
    rows = rows_in(
        session,
        select(JusticeParticipation.proceeding_id, JusticeParticipation),
        JusticeParticipation.proceeding_id,
        ids,
    )
    seen: set[tuple[str, str]] = set()
    out = []
    for _, p in sorted(rows, key=lambda r: r[1].id):
        key = (str(p.proceeding_id), str(case_of_link[p.link_id]))
        if key[0] not in kept or key in seen:
            continue
        seen.add(key)
        out.append(
            VictimParticipation(
                key[0],
                key[1],
                p.witness,
                p.testified,
                p.civil_party,
                tuple(p.protection or ()),
                p.support_person,
                p.withdrew_on,
                p.withdrawal_reason,
            )
        )
    return out


def core_proceedings(session: Session, ids: set[int]) -> dict[int, Proceeding]:
    """The proceedings ``ids`` that have a charge, as plain records (by database id)."""
    case_of_link = dict(
        session.execute(select(JusticeVictimLink.id, JusticeVictimLink.case_id)).all()
    )
    built, _ = proceedings_of(session, ids, case_of_link)
    return {int(p.proceeding_id): p for p in built}
