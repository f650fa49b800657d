"""Play the demo world's casework a batch of cases at a time.

A batch is one transaction, played in rounds (:mod:`.casework_play`): the consents,
the needs assessments, the referrals (sent, answered, served, completed), the NRM
decisions and recovery periods, then the dates, withdrawals and closures. Each round
calls the services' bulk verbs once per agency (``record_consents``, ``refer_all``,
``record_decisions``...): the same checks and the same audit entries as one call per
item, in one flush instead of one per item. Each case's steps keep their order. The
batch's audit entries, one per change as the model layer writes them, are chained in
one statement (``audit.batched``).

Measured with ``bench/bench_demo.py`` on 2 shared cores, the two builds one after the
other (load about 1.5): with one flush per item the casework took 91 s of a 152 s build,
in rounds 39 s of 95 s (the same rows and audit entries). Earlier, with one transaction
per case and an INSERT and an UPDATE of the chain's head per audit entry, it had taken
335 s of 415 s.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from palermo.cases.consent.recording import ConsentCreate, record_consents
from palermo.demo.casework_play import (
    AgencyActors,
    CaseworkTally,
    LaterSteps,
    consents_of,
    finish_steps,
    play_decisions,
    play_needs,
    play_referrals,
)
from palermo.errors import PalermoError
from palermo.simulate.casework import Casework
from palermo.store import Store, audit
from palermo.store.models import Agency, Case
from palermo.store.models.case import external_id_digest

# Cases played in one transaction: fewer commits, one audit statement per batch.
BATCH_SIZE = 200


def _play_cases(
    session: Session,
    batch: list[tuple[int, str]],
    plans: dict[str, Casework],
    actors: AgencyActors,
    today: date,
) -> CaseworkTally:
    """The batch's rounds: consents, needs, referrals, NRM decisions (one bulk call per
    agency each), then the dates, withdrawals and closures."""
    tally = CaseworkTally()
    steps = LaterSteps()
    ids = [i for i, _ in batch]
    cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(ids)))}
    # Held for the whole batch: the identity map keeps only what is referenced, and each
    # consent's check would otherwise load its agency again (a query, so a flush).
    agencies = session.scalars(select(Agency)).all()
    played = [(cases[i], ref, plans[ref]) for i, ref in batch if i in cases]
    by_agency: dict[int, list[tuple[Case, Casework, list[ConsentCreate]]]] = {}
    for case, ref, work in played:
        by_agency.setdefault(case.agency_id, []).append(
            (case, work, consents_of(case, work, ref, actors))
        )
    for agency_id, items in by_agency.items():
        worker = actors.caseworker[agency_id]
        made = record_consents(
            session,
            items=[(case.id, data) for case, _work, datas in items for data in datas],
            actor=worker,
        )
        for case, work, datas in items:
            steps.consents.append((worker, case, made[: len(datas)], work))
            made = made[len(datas) :]
            tally.consents += len(work.consents)
    cases_played = [(case, work) for case, _ref, work in played]
    play_needs(session, cases_played, actors)
    play_referrals(session, cases_played, actors, tally, steps)
    play_decisions(session, cases_played, actors, today, tally)
    finish_steps(session, steps, tally)
    del agencies
    return tally


def _play_batch(
    store: Store,
    batch: list[tuple[int, str]],
    plans: dict[str, Casework],
    actors: AgencyActors,
    today: date,
) -> CaseworkTally:
    """A batch in one transaction, its audit entries chained in one statement; a
    PalermoError rolls the whole batch back (the caller replays it case by case)."""
    with store.session() as session, audit.batched(session):
        return _play_cases(session, batch, plans, actors, today)


def _play_alone(
    store: Store,
    case: tuple[int, str],
    plans: dict[str, Casework],
    actors: AgencyActors,
    today: date,
    tally: CaseworkTally,
) -> None:
    with store.session() as session:
        try:
            _add(tally, _play_cases(session, [case], plans, actors, today))
        except PalermoError as exc:
            # One case's simulated history the rules refuse is left out, not the demo.
            session.rollback()
            tally.skipped.append(f"{case[1]}: {exc.message}")


def _add(tally: CaseworkTally, more: CaseworkTally) -> None:
    tally.consents += more.consents
    tally.referrals += more.referrals
    tally.services += more.services
    tally.decisions += more.decisions
    tally.closures += more.closures
    tally.skipped += more.skipped


def play_casework(
    store: Store,
    *,
    plans: dict[str, Casework],
    actors: AgencyActors,
    today: date,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] = lambda _msg: None,
) -> CaseworkTally:
    """Apply each case's simulated casework; ``plans`` is keyed by the case's external id.

    Cases are played ``batch_size`` at a time, one transaction per batch, through the same
    services (every change audited by the model layer as a click would be). A batch the
    rules refuse somewhere is rolled back and played again one case per transaction, so
    only the refused case is left out.
    """
    tally = CaseworkTally()
    with store.session(read_only=True) as session:
        digests = [external_id_digest(ref) for ref in plans]  # external ids are encrypted
        ids = [
            (c.id, c.external_id)
            for c in session.scalars(
                select(Case).where(Case.external_id_digest.in_(digests)).order_by(Case.id)
            )
            if c.external_id is not None
        ]
    done = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        try:
            _add(tally, _play_batch(store, batch, plans, actors, today))
        except PalermoError:
            for case in batch:
                _play_alone(store, case, plans, actors, today, tally)
        before, done = done, done + len(batch)
        if done // 1000 > before // 1000 or done == len(ids):
            progress(f"casework: {done} of {len(ids)} cases")
    return tally
