"""Every page a case worker, a supervisor and an administrator can reach by following links,
read in French: no text that is an English message of the catalogue, no raw vocabulary code.

A small world with one of each thing stands for the demo (building the demo takes minutes);
the pages are found by crawling their links, so a new page is covered once it is linked.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from palermo import clock
from palermo.cases.nrm.decisions import DecisionCreate, record_decision
from palermo.cases.referrals.answers import accept_referral
from palermo.cases.work.tasks import TaskCreate, add_task
from palermo.i18n.catalogue import read_catalogue
from palermo.store import Store
from palermo.vocab import registry
from palermo.web.language import LANG_COOKIE
from tests.factories import make_agency_user, make_two_agencies, open_referrable_case, refer_now
from tests.web.conftest import login

SKIP = re.compile(r"^/(static|api|docs|openapi|logout|redoc)|\.(csv|xlsx|json)(\?|$)")
MAX_PAGES = 80
# Codes written like identifiers (snake_case or CamelCase), never meant for a reader.
CODE_LIKE = re.compile(r"^(?:[a-z]+(?:_[a-z0-9]+)+|[A-Z][a-z]+(?:[A-Z][a-z]+)+)$")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a":
            self.links += [v for k, v in attrs if k == "href" and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skip:
            self.texts.append(text)


def _english_messages() -> set[str]:
    """Catalogue messages whose French differs, without placeholders (so they read whole),
    but for English words that are also the French of another message ("Comment" is the
    French of "How")."""
    french_words = {m.string for m in read_catalogue("fr") if isinstance(m.string, str)}
    found = set()
    for message in read_catalogue("fr"):
        if not message.id or not isinstance(message.id, str) or "{" in message.id:
            continue
        french = message.string
        if isinstance(french, str) and french and french != message.id:
            found.add(message.id)
    return found - french_words


def _raw_codes() -> set[str]:
    codes = set()
    for name in registry.list_names():
        if name in ("country", "language"):
            continue  # ISO codes are shown beside their names on purpose
        for member in registry.get_list(name):
            # A code that is its own French label is a name (WhatsApp), not a raw code.
            if CODE_LIKE.match(member.value) and member.label("fr") != member.value:
                codes.add(member.value)
    return codes


def _crawl(client: TestClient, start: list[str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    queue = list(start)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0).split("#")[0]
        if not path.startswith("/") or path in seen or SKIP.search(path):
            continue
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        parser = _Text()
        parser.feed(response.text)
        seen[path] = parser.texts
        queue += parser.links
    return seen


def test_pages_in_french_show_no_english_message_and_no_raw_code(
    client: TestClient, store: Store, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the words of a page do not depend on the database; SQLite is enough")
    sender, receiver = make_two_agencies(store)
    make_agency_user(store, agency="NGO North", role="supervisor", username="boss")
    make_agency_user(store, agency="NGO North", role="admin", username="root")
    today = clock.today()
    case_id = open_referrable_case(store, sender, to_agency_id=receiver.agency_id)
    referral_id = refer_now(store, sender, receiver, case_id)
    with store.session() as s:
        accept_referral(s, referral_id=referral_id, actor=receiver)
        add_task(s, case_id=case_id, data=TaskCreate(title="Appeler", due_on=today), actor=sender)
        decision = DecisionCreate(
            stage="reasonable_grounds",
            result="positive",
            decision_maker="A. Agent",
            decided_on=today - timedelta(days=1),
            reasons="Indices",
        )
        record_decision(s, case_id=case_id, data=decision, actor=sender)
    english, codes = _english_messages(), _raw_codes()
    assert len(english) > 300 and "employment_help" in codes  # the checks have teeth
    found: dict[str, set[str]] = {}
    crawled = 0
    for username in ("worker", "boss", "root"):
        client.cookies.clear()
        login(client, username)
        client.cookies.set(LANG_COOKIE, "fr")
        start = ["/", "/cases", f"/cases/{case_id}", "/work", "/reports"]
        pages = _crawl(client, start)
        crawled += len(pages)
        for path, texts in pages.items():
            if bad := {t for t in texts if t in english or t in codes}:
                found.setdefault(path, set()).update(bad)
    assert crawled > 30
    assert not found, found
