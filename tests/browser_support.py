"""Browser test fixtures (a plugin of tests/conftest.py): Playwright driving Debian's
chromium against a live server on loopback.

They run when PALERMO_TEST_BROWSER=1 (as .ci/run sets); elsewhere they are skipped with
the reason shown. In CI a missing browser is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from palermo.cases import open_case
from palermo.cases.record.schemas import CaseCreate, PersonData
from palermo.config import Settings
from palermo.store import Store, open_store
from palermo.store.keys import new_keyring
from tests.factories import PASSWORD, make_agency_user

CHROMIUM = os.environ.get("PALERMO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _why_not_runnable() -> str | None:
    if os.environ.get("PALERMO_TEST_BROWSER") != "1":
        return "browser tests need PALERMO_TEST_BROWSER=1 (see .ci/run)"
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM}: apt-get install chromium"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[browser]'"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = _why_not_runnable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class LiveServer:
    url: str
    store: Store


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seed_users(store: Store) -> dict[str, str]:
    """Two agencies: 'NGO North' (caseworker ana, supervisor sam) and 'Police South' (paul)."""
    make_agency_user(store, agency="NGO North", role="caseworker", username="ana")
    make_agency_user(store, agency="NGO North", role="supervisor", username="sam")
    make_agency_user(store, agency="Police South", role="caseworker", username="paul")
    return {"ana": PASSWORD, "sam": PASSWORD, "paul": PASSWORD}


@contextmanager
def serve_live(store: Store, settings: Settings) -> Iterator[LiveServer]:
    """The app on ``store``, served by uvicorn on a free loopback port in a thread."""
    import uvicorn

    from palermo.web.app import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(store=store, settings=settings),
            host="127.0.0.1",
            port=port,
            log_level="warning",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the live server did not start within 15 s")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", store=store)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_server(browser: object, tmp_path: Path) -> Iterator[LiveServer]:
    url = f"sqlite:///{tmp_path / 'live.db'}"
    settings = Settings(database_url=url, insecure_cookies=True)
    store = open_store(settings, keyring=new_keyring())
    seed_users(store)
    with serve_live(store, settings) as server:
        yield server
    store.engine.dispose()


@pytest.fixture
def page(browser, live_server: LiveServer) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    # Generous: CI shares two cores with the server and argon2 is slow on purpose.
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def sign_in(page, username: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    from playwright.sync_api import expect

    expect(page.get_by_role("button", name="Sign out")).to_be_visible(timeout=20_000)


@pytest.fixture
def signed_in_page(page):  # noqa: ANN001, ANN201
    sign_in(page, "ana")
    return page


@pytest.fixture
def case_id(live_server: LiveServer) -> int:
    """A case of NGO North, opened by ana."""
    from sqlalchemy import select

    from palermo.accounts.service import actor_of
    from palermo.store.models import User

    with live_server.store.session() as session:
        user = session.scalar(select(User).where(User.username == "ana"))
        data = CaseCreate(
            person=PersonData(given_name="Mariam", family_name="Haddad"),
            exploitation_types=["ForcedLabour"],
        )
        return open_case(session, data=data, actor=actor_of(user, "test")).id
