"""The privacy budget: how much epsilon each dataset and registration year has left.

Every release charges its epsilon to a (dataset, year) account before its files are
written; a charge that would take the account past its budget is refused with
:class:`BudgetExceeded`, which names what is left. The default budget is epsilon = 2 per
dataset and year; :meth:`PrivacyLedger.set_budget` changes it for one account.

:class:`PrivacyLedger` is the interface; :class:`FileLedger` keeps the accounts in one
JSON file (written atomically, readable by its owner only), and a database-backed ledger
can implement the same methods. Synthetic data spans several years: it is charged to
each year it covers, since it reads every person of each.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from palermo.errors import Conflict, ValidationFailed

DEFAULT_BUDGET = 2.0
# Float sums of shares (0.1 + 0.2 ...) must not refuse a release that fits exactly.
_TOLERANCE = 1e-9


class BudgetExceeded(Conflict):
    """A release would spend more epsilon than its dataset and year have left."""

    def __init__(self, *, dataset: str, year: int, asked: float, remaining: float) -> None:
        super().__init__(
            f"Refused: the release needs epsilon {asked:g} but dataset {dataset!r}, year "
            f"{year} has only {remaining:g} left.",
            hint=(
                f"Ask for epsilon <= {remaining:g}, or have the data protection officer raise "
                "the budget (a larger budget is a weaker guarantee)."
            ),
        )
        self.dataset = dataset
        self.year = year
        self.asked = asked
        self.remaining = remaining


@dataclass(frozen=True)
class Charge:
    """One release charged to an account."""

    dataset: str
    year: int
    epsilon: float
    release: str
    at: str


class PrivacyLedger(ABC):
    """Accounts of epsilon per (dataset, year)."""

    @abstractmethod
    def budget(self, *, dataset: str, year: int) -> float: ...

    @abstractmethod
    def set_budget(self, *, dataset: str, year: int, epsilon: float) -> None: ...

    @abstractmethod
    def charges(self, *, dataset: str, year: int) -> list[Charge]: ...

    @abstractmethod
    def charge(self, *, dataset: str, years: list[int], epsilon: float, release: str) -> None:
        """Charge ``epsilon`` to every year of ``years``, all or none."""

    def spent(self, *, dataset: str, year: int) -> float:
        return sum(c.epsilon for c in self.charges(dataset=dataset, year=year))

    def remaining(self, *, dataset: str, year: int) -> float:
        left = self.budget(dataset=dataset, year=year) - self.spent(dataset=dataset, year=year)
        return max(0.0, left)

    def check(self, *, dataset: str, years: list[int], epsilon: float) -> None:
        """Raise :class:`BudgetExceeded` if any year cannot pay ``epsilon``."""
        for year in years:
            left = self.remaining(dataset=dataset, year=year)
            if epsilon > left + _TOLERANCE:
                raise BudgetExceeded(dataset=dataset, year=year, asked=epsilon, remaining=left)


def _key(dataset: str, year: int) -> str:
    return f"{dataset}/{year}"


class FileLedger(PrivacyLedger):
    """The ledger as a JSON file, locked while charged, replaced atomically, mode 0600."""

    def __init__(self, path: Path, *, default_budget: float = DEFAULT_BUDGET) -> None:
        if not default_budget > 0:
            raise ValidationFailed("The default budget must be a positive epsilon.")
        self.path = Path(path)
        self.default_budget = default_budget

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {"budgets": {}, "charges": []}
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError) as exc:
            raise ValidationFailed(
                f"The privacy ledger {self.path} cannot be read: {exc}.",
                hint="Restore it from a backup; never delete it (the budget would reset).",
            ) from exc
        if not isinstance(data, dict) or "charges" not in data:
            raise ValidationFailed(f"{self.path} is not a Palermo privacy ledger.")
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ledger-", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w") as handle:
                json.dump(data, handle, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def budget(self, *, dataset: str, year: int) -> float:
        return float(self._read()["budgets"].get(_key(dataset, year), self.default_budget))

    def set_budget(self, *, dataset: str, year: int, epsilon: float) -> None:
        if not epsilon > 0:
            raise ValidationFailed("A budget must be a positive epsilon.")
        with self._locked():
            data = self._read()
            data["budgets"][_key(dataset, year)] = epsilon
            self._write(data)

    def charges(self, *, dataset: str, year: int) -> list[Charge]:
        return [
            Charge(**c)
            for c in self._read()["charges"]
            if c["dataset"] == dataset and c["year"] == year
        ]

    def charge(self, *, dataset: str, years: list[int], epsilon: float, release: str) -> None:
        if not epsilon > 0:
            raise ValidationFailed("A charge must be a positive epsilon.")
        with self._locked():
            self.check(dataset=dataset, years=years, epsilon=epsilon)
            data = self._read()
            at = datetime.now(UTC).isoformat(timespec="seconds")
            for year in years:
                data["charges"].append(asdict(Charge(dataset, year, epsilon, release, at)))
            self._write(data)
