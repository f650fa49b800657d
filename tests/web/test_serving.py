"""How the app is served: worker processes, and the headers every answer carries."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from palermo.cli.serve import worker_count
from palermo.store import Store
from palermo.store.keys import KeyRing
from palermo.web.app import create_app


def test_worker_count_is_one_per_core_and_one_for_a_memory_database() -> None:
    assert worker_count(3, "sqlite:///var/palermo.db") == 3
    assert worker_count(0, "postgresql://h/db") == max(1, min(8, os.cpu_count() or 1))
    # A second process could not see the first one's in-memory database.
    assert worker_count(4, "sqlite:///:memory:") == 1
    assert worker_count(0, "sqlite://") == 1


def test_static_files_may_be_cached_and_pages_may_not(store: Store) -> None:
    client = TestClient(create_app(store=store))
    page = client.get("/login")
    static = client.get("/static/palermo.css")
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert static.status_code == 200 and static.headers.get("cache-control") != "no-store"
    assert static.headers["x-content-type-options"] == "nosniff"


@pytest.mark.slow
def test_two_worker_processes_serve_and_stop_cleanly(
    database_url: str, keyring: KeyRing, tmp_path: Path
) -> None:
    checkpoints = tmp_path / "checkpoints.jsonl"
    src = str(Path(__file__).resolve().parents[2] / "src")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")]),
        "PALERMO_DATABASE_URL": database_url,
        "PALERMO_KEYS": keyring.to_json(),
        "PALERMO_AUDIT_CHECKPOINTS": str(checkpoints),
    }
    port = 18000 + os.getpid() % 1000
    command = [sys.executable, "-c", "from palermo.cli import main; main()", "serve",
               "--port", str(port), "--workers", "2"]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        answered = None
        for _ in range(150):
            try:
                answered = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert answered is not None and answered.status_code == 200
        assert answered.headers["content-security-policy"].startswith("default-src 'self'")
        assert "server" not in answered.headers
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=60)
    assert "with 2 worker processes" in out
    assert server.returncode == 0
