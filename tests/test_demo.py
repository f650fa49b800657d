"""The demo world: built from the simulator, no name in plaintext on disk, audit intact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from palermo.config import Settings
from palermo.demo import DEMO_ROLES, build_demo, demo_records, demo_spec
from palermo.demo.justice_play import JUSTICE_AGENCIES
from palermo.store import open_store
from palermo.store.audit import verify_chain
from palermo.store.keys import new_keyring

VICTIMS = 300
SEED = 11
TODAY = date(2026, 6, 30)


def _records() -> list[dict]:
    spec = demo_spec(victims=VICTIMS, agencies=6, seed=SEED, today=TODAY)
    return [r for rows in demo_records(spec, today=TODAY).values() for r in rows]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    folder = tmp_path_factory.mktemp("demo")
    store = open_store(
        Settings(database_url=f"sqlite:///{folder / 'demo.db'}"), keyring=new_keyring()
    )
    summary = build_demo(store, victims=VICTIMS, agencies=6, seed=SEED, today=TODAY)
    yield folder, store, summary
    store.engine.dispose()


def test_demo_has_agencies_users_and_cases(demo) -> None:  # noqa: ANN001
    _folder, _store, summary = demo
    agencies = {login.agency for login in summary.logins}
    # Six simulated agencies, and the justice pillar's prosecutor, court and trial monitors.
    assert len(agencies) == 6 + len(JUSTICE_AGENCIES) + 1  # and the national office
    assert {login.role for login in summary.logins} == set(DEMO_ROLES) | {
        "trial_monitor",
        "national_coordinator",
    }
    records = len(_records())
    assert summary.cases + summary.rejected == records
    assert summary.cases > 0.95 * records
    line = summary.logins[0].line()
    assert line.startswith("login: ") and " password: " in line and " role: " in line


def test_no_demo_name_in_plaintext_on_disk(demo) -> None:  # noqa: ANN001
    folder, store, _summary = demo
    store.engine.dispose()  # checkpoint the WAL so the main file holds everything
    raw = b"".join(p.read_bytes() for p in Path(folder).glob("demo.db*"))
    names = set()
    for record in _records():
        for field in ("prs_FirstName", "prs_SecondName"):
            if (
                record.get(field) and len(record[field]) >= 6
            ):  # shorter could match base64 by chance
                names.add(record[field])
    assert len(names) > 50
    leaked = [n for n in names if n.encode() in raw]
    assert leaked == []


def test_demo_audit_chain_is_intact(demo) -> None:  # noqa: ANN001
    _folder, store, _summary = demo
    with store.session() as session:
        report = verify_chain(session)
    assert report.intact and report.rows > 0


def test_demo_holds_casework_in_realistic_states(demo) -> None:  # noqa: ANN001
    from palermo.store.models import Consent, NrmDecision, Referral, ServiceDelivery

    _folder, store, summary = demo
    assert summary.casework is not None and summary.casework.skipped == []
    with store.session() as session:
        states = dict(
            session.execute(select(Referral.status, func.count()).group_by(Referral.status)).all()
        )
        consents = session.scalar(select(func.count(Consent.id)))
        withdrawn = session.scalar(
            select(func.count(Consent.id)).where(Consent.withdrawn_on.is_not(None))
        )
        services = session.scalar(select(func.count(ServiceDelivery.id)))
        stages = set(session.scalars(select(NrmDecision.stage)).all())
    assert {"in_progress", "accepted", "rejected", "done"} <= set(states)
    assert consents > summary.cases and 0 < withdrawn < consents / 10
    # Each delivered service completed its referral (which a later withdrawal may revoke).
    with store.session() as session:
        completed = session.scalar(
            select(func.count(Referral.id)).where(Referral.done_at.is_not(None))
        )
    assert services == completed >= states["done"]
    assert stages == {"reasonable_grounds", "conclusive_grounds"}


def test_demo_links_persons_under_its_agreements(demo) -> None:  # noqa: ANN001
    from palermo.accounts.service import actor_of
    from palermo.cooperate.known_to import also_known_to
    from palermo.demo.linkage_play import NRM_KINDS
    from palermo.store.models import Agency, Case, LinkedRecord, SharingAgreement, User

    _folder, store, summary = demo
    run = summary.linkage
    assert run is not None and run.state == "done" and run.records == summary.cases
    # Persons are fewer than case records (one person, several agencies) and near the
    # simulator's truth.
    assert run.persons is not None and run.persons < summary.cases
    assert abs(run.persons - summary.true_persons) <= 0.05 * summary.true_persons
    assert f"{run.persons} persons in {summary.cases} case records" in summary.persons_line()
    with store.session() as session:
        agreements = session.scalars(select(SharingAgreement).order_by(SharingAgreement.id)).all()
        kinds = dict(session.execute(select(Agency.id, Agency.type)).all())
        nrm = next(a for a in agreements if "linkage" in a.purposes)
        assert {kinds[a] for a in nrm.agency_ids} == {"Police", "NGO", "Shelter"}
        assert len(NRM_KINDS) == len(nrm.agency_ids)
        assert len(agreements) == len(summary.agreements) == 2
        workers = {
            u.agency_id: actor_of(u, "test")
            for u in session.scalars(select(User).where(User.role == "caseworker"))
        }
        links = session.execute(
            select(LinkedRecord.person_key, Case.id, Case.agency_id)
            .join(Case, Case.id == LinkedRecord.case_id)
            .where(LinkedRecord.run_id == run.id, LinkedRecord.threshold == run.threshold)
        ).all()
    agencies_of: dict[str, set[int]] = {}
    for key, _case, agency in links:
        agencies_of.setdefault(key, set()).add(agency)
    shared = [(c, a) for key, c, a in links if len(agencies_of[key]) > 1]
    hints: dict[int, set[int]] = {}
    with store.session() as session:
        for case_id, agency_id in shared:
            known = also_known_to(session, case_id=case_id, actor=workers[agency_id])
            if known:
                hints.setdefault(agency_id, set()).update(k.agency_id for k in known)
    # Some NRM case names another NRM agency; no hint goes outside the agreement's parties.
    assert hints, "no case shows 'also known to'"
    parties = set(nrm.agency_ids)
    assert set(hints) <= parties
    assert all(others <= parties - {agency} for agency, others in hints.items())
    # Persons known outside the mechanism too: those agencies' cases say nothing.
    assert any(a not in parties for _c, a in shared)
