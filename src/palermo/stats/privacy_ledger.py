"""The privacy-budget ledger in the database: :class:`StoreLedger`, same interface as
:class:`palermo.publishing.FileLedger`.

Each method runs in a transaction of its own and commits before it returns: a release
charges the ledger before its files are written, so the charge must be durable first
(a crash while writing wastes budget; it never publishes an uncharged release).

A charge locks the budget rows of the years it pays for (``SELECT ... FOR UPDATE`` on
PostgreSQL; SQLite serialises writers anyway), sums what they have spent, refuses with
:class:`palermo.publishing.BudgetExceeded` if any year cannot pay, and otherwise inserts
one charge row per year, all or none. Budgets and charges are audited models, so the
audit log names who set each budget and who spent each epsilon.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from palermo.errors import ValidationFailed
from palermo.i18n import msg
from palermo.publishing import DEFAULT_BUDGET, Charge, PrivacyLedger
from palermo.publishing.ledger import BudgetExceeded
from palermo.store import Store, audit
from palermo.store.actor import Actor
from palermo.store.models import PrivacyBudget, PrivacyCharge
from palermo.store.models.base import utcnow

_TOLERANCE = 1e-9  # as FileLedger: float sums of shares must not refuse an exact fit


class StoreLedger(PrivacyLedger):
    """Accounts of epsilon per (dataset, year), kept in the store, spent by ``actor``."""

    def __init__(self, store: Store, *, actor: Actor, default_budget: float = DEFAULT_BUDGET):
        if not default_budget > 0:
            raise ValidationFailed(msg("The default budget must be a positive epsilon."))
        self.store = store
        self.actor = actor
        self.default_budget = default_budget

    def _budget_row(
        self, session: Session, dataset: str, year: int, *, lock: bool
    ) -> PrivacyBudget | None:
        stmt = select(PrivacyBudget).where(
            PrivacyBudget.dataset == dataset, PrivacyBudget.year == year
        )
        if lock:
            stmt = stmt.with_for_update()
        return session.scalar(stmt)

    def budget(self, *, dataset: str, year: int) -> float:
        with self.store.session() as session:
            row = self._budget_row(session, dataset, year, lock=False)
            return float(row.epsilon) if row is not None else self.default_budget

    def set_budget(self, *, dataset: str, year: int, epsilon: float) -> None:
        if not epsilon > 0:
            raise ValidationFailed(msg("A budget must be a positive epsilon."))
        with self.store.session() as session, audit.acting_as(session, self.actor):
            row = self._budget_row(session, dataset, year, lock=True)
            if row is None:
                session.add(
                    PrivacyBudget(
                        dataset=dataset, year=year, epsilon=epsilon, set_by=self.actor.username
                    )
                )
            else:
                row.epsilon = epsilon
                row.set_by = self.actor.username
                row.set_at = utcnow()
                audit.name_change(session, row, "set_budget")

    def charges(self, *, dataset: str, year: int) -> list[Charge]:
        with self.store.session() as session:
            rows = session.scalars(
                select(PrivacyCharge)
                .where(PrivacyCharge.dataset == dataset, PrivacyCharge.year == year)
                .order_by(PrivacyCharge.id)
            )
            return [
                Charge(r.dataset, r.year, r.epsilon, r.release, r.charged_at.isoformat())
                for r in rows
            ]

    def spent(self, *, dataset: str, year: int) -> float:
        with self.store.session() as session:
            return _spent(session, dataset, year)

    def charge(self, *, dataset: str, years: list[int], epsilon: float, release: str) -> None:
        if not epsilon > 0:
            raise ValidationFailed(msg("A charge must be a positive epsilon."))
        try:
            self._charge(dataset, years, epsilon, release)
        except IntegrityError:
            # Two first charges of one account raced to create its budget row: the loser
            # retries once, now finding the row and waiting on its lock.
            self._charge(dataset, years, epsilon, release)

    def _charge(self, dataset: str, years: list[int], epsilon: float, release: str) -> None:
        with self.store.session() as session, audit.acting_as(session, self.actor):
            for year in sorted(set(years)):
                row = self._budget_row(session, dataset, year, lock=True)
                if row is None:
                    row = PrivacyBudget(
                        dataset=dataset,
                        year=year,
                        epsilon=self.default_budget,
                        set_by=self.actor.username,
                    )
                    session.add(row)
                    session.flush()
                left = max(0.0, float(row.epsilon) - _spent(session, dataset, year))
                if epsilon > left + _TOLERANCE:
                    raise BudgetExceeded(dataset=dataset, year=year, asked=epsilon, remaining=left)
            for year in sorted(set(years)):
                session.add(
                    PrivacyCharge(
                        dataset=dataset,
                        year=year,
                        epsilon=epsilon,
                        release=release[:500],
                        charged_by=self.actor.username,
                    )
                )


def _spent(session: Session, dataset: str, year: int) -> float:
    total = session.scalar(
        select(func.coalesce(func.sum(PrivacyCharge.epsilon), 0.0)).where(
            PrivacyCharge.dataset == dataset, PrivacyCharge.year == year
        )
    )
    return float(total or 0.0)
