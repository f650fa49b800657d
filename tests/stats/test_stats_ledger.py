"""The database privacy ledger: same behaviour as the file ledger, refusals, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from palermo.publishing import BudgetExceeded, FileLedger, PrivacyLedger
from palermo.stats.privacy_ledger import StoreLedger
from palermo.stats.scope import national_actor
from palermo.store import Store, open_store
from palermo.store.audit import verify_chain
from palermo.store.keys import new_keyring
from palermo.store.models import AuditEntry, PrivacyCharge


@pytest.fixture(params=["store", "file"])
def ledger(request: pytest.FixtureRequest, tmp_path: Path) -> PrivacyLedger:
    if request.param == "file":
        return FileLedger(tmp_path / "ledger.json")
    # The interface on SQLite; both engines run the row-level test below.
    store = open_store(url=f"sqlite:///{tmp_path / 'ledger.db'}", keyring=new_keyring())
    return StoreLedger(store, actor=national_actor("test-publish"))


def test_charges_add_up_and_an_over_budget_release_is_refused(ledger: PrivacyLedger) -> None:
    ledger.charge(dataset="d", years=[2024], epsilon=1.2, release="tables -> a")
    ledger.charge(dataset="d", years=[2024], epsilon=0.5, release="tables -> b")
    assert ledger.spent(dataset="d", year=2024) == pytest.approx(1.7)
    with pytest.raises(BudgetExceeded) as refused:
        ledger.charge(dataset="d", years=[2024], epsilon=0.5, release="tables -> c")
    assert refused.value.remaining == pytest.approx(0.3)
    assert "has only 0.3 left" in refused.value.message
    assert len(ledger.charges(dataset="d", year=2024)) == 2  # the refused one left no trace
    # Exactly what is left still fits (float sums of shares).
    ledger.charge(dataset="d", years=[2024], epsilon=0.3, release="tables -> d")
    assert ledger.remaining(dataset="d", year=2024) == pytest.approx(0.0)


def test_a_charge_over_several_years_is_all_or_none(ledger: PrivacyLedger) -> None:
    ledger.charge(dataset="d", years=[2023], epsilon=1.9, release="tables")
    with pytest.raises(BudgetExceeded) as refused:
        ledger.charge(dataset="d", years=[2022, 2023, 2024], epsilon=0.5, release="synthetic")
    assert refused.value.year == 2023
    assert ledger.spent(dataset="d", year=2022) == 0
    assert ledger.spent(dataset="d", year=2024) == 0


def test_budgets_are_per_dataset_and_year_and_can_be_raised(ledger: PrivacyLedger) -> None:
    ledger.charge(dataset="d", years=[2024], epsilon=2.0, release="all of it")
    ledger.charge(dataset="other", years=[2024], epsilon=2.0, release="its own")
    ledger.charge(dataset="d", years=[2025], epsilon=2.0, release="next year")
    ledger.set_budget(dataset="d", year=2024, epsilon=3.0)
    assert ledger.budget(dataset="d", year=2024) == 3.0
    assert ledger.remaining(dataset="d", year=2024) == pytest.approx(1.0)


def test_store_ledger_charges_are_rows_audited_under_the_publisher(store: Store) -> None:
    ledger = StoreLedger(store, actor=national_actor("publish-tables"), default_budget=1.0)
    ledger.charge(dataset="d", years=[2023, 2024], epsilon=0.4, release="synthetic -> x.csv")
    with store.session() as session:
        rows = session.scalars(select(PrivacyCharge).order_by(PrivacyCharge.year)).all()
        assert [(r.year, r.epsilon, r.charged_by) for r in rows] == [
            (2023, 0.4, "system:publish-tables"),
            (2024, 0.4, "system:publish-tables"),
        ]
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "privacy_charge")
        ).all()
        assert len(entries) == 2 and {e.actor for e in entries} == {"system:publish-tables"}
        assert verify_chain(session).intact
    assert ledger.budget(dataset="d", year=2023) == 1.0
