"""The national dashboard on a simulated world: scope, de-duplication, the estimate, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from palermo.errors import PermissionDenied
from palermo.stats.causes import risk_factors
from palermo.stats.dashboard import national_dashboard
from palermo.stats.records import victim_records
from palermo.store.models import AuditEntry
from tests.stats.conftest import VULNERABLE, YEARS


def _board(world, actor, **kw):  # noqa: ANN001, ANN202
    with world.store.session() as session:
        return national_dashboard(session, actor=actor, year_from=YEARS[0], year_to=YEARS[1], **kw)


def _in_years(world) -> int:  # noqa: ANN001
    with world.store.session() as session:
        return victim_records(session, years=YEARS).height


def _cells(table):  # noqa: ANN001, ANN202
    return [c for r in table.rows for c in r.cells]


def test_national_counts_are_records_without_a_run(stats_world) -> None:  # noqa: ANN001
    board = _board(stats_world, stats_world.national)
    assert board.unit.code == "records"
    assert board.total.totals.total.count == _in_years(stats_world) > 100
    by_year = {r.code: r.total.count for r in board.total.rows}
    assert sum(by_year.values()) == _in_years(stats_world)
    assert all(p.estimate is None and "linkage run" in p.note for p in board.trend.points)


def test_with_person_keys_counts_are_persons_and_the_trend_has_estimates(stats_world) -> None:  # noqa: ANN001
    board = _board(stats_world, stats_world.national, person_keys=stats_world.truth)
    with stats_world.store.session() as session:
        ids = (
            victim_records(session)
            .filter(victim_records(session)["year"].is_between(*YEARS))["case_id"]
            .to_list()
        )
    assert board.unit.code == "persons"
    # Persons first identified in the years: fewer than the records of those years.
    assert 0 < board.total.totals.total.count < len(ids)
    assert board.total.totals.total.count <= len({stats_world.truth.keys[i] for i in ids})
    estimated = [p for p in board.trend.points if p.estimate is not None]
    assert estimated, [p.note for p in board.trend.points]
    for point in estimated:
        assert point.lower <= point.estimate <= point.upper
        assert point.estimate >= point.identified  # never fewer than were seen


def test_every_shown_cell_is_zero_or_at_least_k(stats_world) -> None:  # noqa: ANN001
    board = _board(stats_world, stats_world.national)
    for table in (*board.tables, board.by_agency, *(m.table for m in board.maps)):
        for cell in _cells(table):
            assert cell.hidden or cell.count == 0 or cell.count >= board.k, table.key
            if cell.hidden:
                assert cell.text == f"<{board.k}"
    assert all(b.count >= board.k for b in board.flows.bands)


def test_analyst_sees_national_figures_with_other_agencies_together(stats_world) -> None:  # noqa: ANN001
    board = _board(stats_world, stats_world.analyst)
    assert board.scope.national
    assert board.total.totals.total.count == _in_years(stats_world)
    rows = {r.code for r in board.by_agency.rows}
    assert rows == {str(stats_world.agencies["A"]), "others"}
    assert set(board.agencies) == {stats_world.agencies["A"]}


def test_supervisor_sees_own_agency_only(stats_world) -> None:  # noqa: ANN001
    board = _board(stats_world, stats_world.supervisor)
    with stats_world.store.session() as session:
        own = victim_records(session, agencies=[stats_world.agencies["B"]], years=YEARS)
    assert not board.scope.national
    assert board.total.totals.total.count == own.height < _in_years(stats_world)
    assert {r.code for r in board.by_agency.rows} == {str(stats_world.agencies["B"])}
    keyed = _board(stats_world, stats_world.supervisor, person_keys=stats_world.truth)
    assert all(p.estimate is None and "agency scope" in p.note for p in keyed.trend.points)


def test_caseworker_is_refused(stats_world) -> None:  # noqa: ANN001
    with pytest.raises(PermissionDenied):
        _board(stats_world, stats_world.caseworker)


def test_reading_the_dashboard_is_audited(stats_world) -> None:  # noqa: ANN001
    _board(stats_world, stats_world.analyst)
    with stats_world.store.session() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.entity, last.action, last.actor) == ("national_statistics", "read", "ana-analyst")
    assert "dashboard" in last.fields


def test_risk_factors_count_the_vulnerabilities_screeners_heard(stats_world) -> None:  # noqa: ANN001
    with stats_world.store.session() as session:
        report = risk_factors(
            session, actor=stats_world.national, year_from=YEARS[0], year_to=YEARS[1]
        )
        records = victim_records(session, years=YEARS, vulnerabilities=True)
    heard = records.filter(records["vulnerabilities"].list.len() > 0).height
    assert 0 < heard <= stats_world.screened
    by_sex = next(t for t in report.tables if t.key == "vulnerabilities-by-gender")
    rows = {r.code: r for r in by_sex.rows}
    for code in VULNERABLE:
        assert rows[code].total.count == heard
    assert rows["disability"].total.count == 0
    assert len(report.tables) == 6
