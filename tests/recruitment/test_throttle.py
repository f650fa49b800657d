"""The public check's rate limit: per client and overall, forgotten when the window passes,
and it never keeps a client's address."""

from __future__ import annotations

import pytest

from palermo.recruitment.throttle import CheckThrottle, ThrottleSpec, TooManyChecks


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_one_client_is_limited_and_others_are_not() -> None:
    clock = Clock()
    throttle = CheckThrottle(ThrottleSpec(per_client=3, overall=100, window_seconds=60), clock)
    for _ in range(3):
        throttle.admit("203.0.113.7")
    with pytest.raises(TooManyChecks) as refused:
        throttle.admit("203.0.113.7")
    assert refused.value.http_status == 429 and "Wait a minute" in str(refused.value.hint)
    throttle.admit("198.51.100.2")  # another address still may
    clock.t += 59.0
    with pytest.raises(TooManyChecks):
        throttle.admit("203.0.113.7")
    clock.t += 1.5  # the window has passed
    throttle.admit("203.0.113.7")


def test_the_overall_limit_holds_across_clients() -> None:
    clock = Clock()
    throttle = CheckThrottle(ThrottleSpec(per_client=10, overall=5, window_seconds=10), clock)
    for n in range(5):
        throttle.admit(f"192.0.2.{n}")
    with pytest.raises(TooManyChecks):
        throttle.admit("192.0.2.99")
    clock.t += 11
    throttle.admit("192.0.2.99")


def test_clients_are_forgotten_and_their_addresses_never_kept() -> None:
    clock = Clock()
    throttle = CheckThrottle(ThrottleSpec(window_seconds=10, max_clients=3), clock)
    for n in range(5):
        throttle.admit(f"192.0.2.{n}")
    assert throttle.tracked() == 3  # beyond max_clients the oldest are dropped
    assert not any(b"192.0.2" in key for key in throttle._clients)
    clock.t += 11
    assert throttle.tracked() == 0


def test_worker_processes_together_never_admit_more_than_the_limits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``palermo serve --workers 3``: each process keeps its own window and admits its share,
    so one client spreading its checks over every process still gets ``per_client`` at most."""
    from palermo.config import get_settings

    monkeypatch.setenv("PALERMO_WEB_WORKERS", "3")
    get_settings.cache_clear()
    try:
        clock = Clock()
        spec = ThrottleSpec(per_client=10, overall=31, window_seconds=60)
        processes = [CheckThrottle(spec, clock) for _ in range(3)]  # as each worker builds it
    finally:
        get_settings.cache_clear()
    admitted = 0
    for _ in range(40):
        for throttle in processes:
            try:
                throttle.admit("203.0.113.7")
                admitted += 1
            except TooManyChecks:
                pass
    assert admitted == 9  # 3 per process: never above the 10 of one process alone
    everyone = 0
    for n in range(200):
        try:
            processes[n % 3].admit(f"198.51.100.{n}")
            everyone += 1
        except TooManyChecks:
            pass
    assert everyone + admitted == 30  # the overall 31, shared out as 10 per process
