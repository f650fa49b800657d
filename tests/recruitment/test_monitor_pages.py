"""The monitors' pages on a stored screening of a synthetic feed: the queue and its
filters, an ad with its reasons, the networks, the mark (audited), and the refusals."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from palermo.config import Settings
from palermo.errors import PermissionDenied
from palermo.prevent.screening_runs import FeedPlaces, store_screening_run
from palermo.recruitment import networks_of
from palermo.store import Store
from palermo.store.models import AuditEntry, ScreenedAd, ScreenedAdFlag
from palermo.web.app import create_app
from tests.factories import make_agency_user
from tests.recruitment.monitor_support import inspectorate_user
from tests.web.conftest import login


def _store_run(store: Store, feed: dict[str, Any], username: str = "insp") -> int:
    actor = inspectorate_user(store, username=username)
    frame = feed["frame"]
    with store.session() as s:
        run = store_screening_run(
            s,
            feed="synthetic-11",
            screening=feed["screened"],
            places=FeedPlaces(
                frame["site"].to_list(), frame["city"].to_list(), frame["country"].to_list()
            ),
            networks=networks_of(feed["screened"], frame),
            actor=actor,
        )
    return run.id


@pytest.fixture
def monitored(store: Store, feed: dict[str, Any]) -> Iterator[tuple[TestClient, Store, int]]:
    run_id = _store_run(store, feed)
    app = create_app(
        store=store, settings=Settings(database_url=str(store.engine.url), insecure_cookies=True)
    )
    with TestClient(app) as client:
        yield client, store, run_id


def test_the_run_keeps_only_flagged_ads_with_their_flags(
    store: Store, feed: dict[str, Any]
) -> None:
    run_id = _store_run(store, feed)
    screened = feed["screened"]
    flagged = {
        a for a, r in zip(screened.ad_ids, screened.risks, strict=True) if r != "no_flags_found"
    }
    with store.session() as s:
        kept = set(s.scalars(select(ScreenedAd.ad_id).where(ScreenedAd.run_id == run_id)))
        flags = s.scalar(select(func.count()).select_from(ScreenedAdFlag)) or 0
    assert kept == flagged and 0 < len(kept) < len(screened.ad_ids)
    index = {a: i for i, a in enumerate(screened.ad_ids)}
    assert flags == sum(len(dict(screened.flags[index[a]])) for a in kept)


def test_the_queue_filters_by_risk_and_flag(monitored: tuple[TestClient, Store, int]) -> None:
    client, store, run_id = monitored
    login(client, "insp")
    everything = client.get(f"/monitor/ads/runs/{run_id}")
    assert everything.status_code == 200
    high = client.get(f"/monitor/ads/runs/{run_id}?risk=high").text
    risks = set(re.findall(r'<tr data-risk="(\w+)">', high))
    assert risks == {"high"}
    with store.session() as s:
        n_high = s.scalar(
            select(func.count()).where(ScreenedAd.run_id == run_id, ScreenedAd.risk == "high")
        )
        wanted = s.scalars(
            select(ScreenedAd.id).join(ScreenedAdFlag, ScreenedAdFlag.ad_row_id == ScreenedAd.id)
            .where(ScreenedAd.run_id == run_id, ScreenedAdFlag.code == "recruitment_fee")
        ).all()  # fmt: skip
    assert f"of {n_high} flagged ads" in high
    fee = client.get(f"/monitor/ads/runs/{run_id}?flag=recruitment_fee").text
    shown = {int(i) for i in re.findall(r'href="/monitor/ads/flagged/(\d+)"', fee)}
    assert shown and shown <= set(wanted) and len(shown) == min(len(wanted), 100)
    assert client.get(f"/monitor/ads/runs/{run_id}?flag=no_such_flag").status_code == 422
    fr = client.get(f"/monitor/ads/runs/{run_id}?risk=high", headers={"accept-language": "fr"})
    assert "Risque élevé" in fr.text


def test_an_ad_shows_its_reasons_and_a_monitor_marks_it(
    monitored: tuple[TestClient, Store, int],
) -> None:
    client, store, run_id = monitored
    csrf = login(client, "insp")
    with store.session() as s:
        ad = s.scalars(
            select(ScreenedAd).where(ScreenedAd.run_id == run_id, ScreenedAd.risk == "high")
        ).first()
        assert ad is not None
        ad_row, codes = ad.id, [c for c, _ in ad.flags]
        evidence = next(e for _, e in ad.flags if e)
    page = client.get(f"/monitor/ads/flagged/{ad_row}").text
    assert set(re.findall(r'<tr data-code="(\w+)">', page)) == set(codes)
    assert f"<q>{evidence}</q>" in page.replace("&#39;", "'").replace("&amp;", "&")
    assert 'data-risk="high"' in page
    done = client.post(
        f"/monitor/ads/flagged/{ad_row}/mark",
        data={"mark": "referred", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert "Referred to inspection" in client.get(f"/monitor/ads/flagged/{ad_row}").text
    bad = client.post(
        f"/monitor/ads/flagged/{ad_row}/mark", data={"mark": "closed", "csrf_token": csrf}
    )
    assert bad.status_code == 422 and "Unknown mark" in bad.text
    with store.session() as s:
        assert s.get(ScreenedAd, ad_row).mark == "referred"
        entry = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "screened_ad", AuditEntry.entity_id == ad_row
            )
        ).one()
    assert (entry.action, entry.actor) == ("refer", "insp")
    referred = client.get(f"/monitor/ads/runs/{run_id}?mark=referred").text
    assert re.findall(r'href="/monitor/ads/flagged/(\d+)"', referred) == [str(ad_row)]


def test_the_network_view_lists_size_and_shared_contacts(
    monitored: tuple[TestClient, Store, int], feed: dict[str, Any]
) -> None:
    client, _, run_id = monitored
    login(client, "insp")
    page = client.get(f"/monitor/ads/runs/{run_id}/networks").text
    nets = networks_of(feed["screened"], feed["frame"]).networks
    assert len(re.findall(r'<tr data-network="', page)) == len(nets) > 0
    biggest = max(nets, key=lambda n: n.size)
    row = re.search(rf'<tr data-network="{biggest.network_id}">(.*?)</tr>', page, re.S)
    assert row is not None and f'<td class="num">{biggest.size}</td>' in row.group(1)
    if biggest.contacts:
        assert biggest.contacts[0][0] in row.group(1)


def test_other_roles_are_refused_every_page(monitored: tuple[TestClient, Store, int]) -> None:
    client, store, run_id = monitored
    make_agency_user(store, agency="NGO North", username="ngo")
    make_agency_user(store, agency="NGO North", role="admin", username="ngo-admin")
    inspectorate_user(store, username="insp-analyst", role="analyst")
    with store.session() as s:
        ad_row = s.scalars(select(ScreenedAd.id)).first()
    for username in ("ngo", "ngo-admin", "insp-analyst"):
        csrf = login(client, username)
        for url in (
            "/monitor/ads",
            f"/monitor/ads/runs/{run_id}",
            f"/monitor/ads/runs/{run_id}/networks",
            f"/monitor/ads/flagged/{ad_row}",
            "/monitor/ads/runs/999999",
        ):
            assert client.get(url).status_code == 403, (username, url)
        posted = client.post(
            f"/monitor/ads/flagged/{ad_row}/mark", data={"mark": "reviewed", "csrf_token": csrf}
        )
        assert posted.status_code == 403, username
    with store.session() as s:
        assert s.get(ScreenedAd, ad_row).mark == "new"
    coordinator = make_agency_user(store, agency="NGO North", role="national_coordinator")
    login(client, coordinator.username)
    assert client.get(f"/monitor/ads/runs/{run_id}").status_code == 200


def test_storing_a_run_is_for_monitors(store: Store, feed: dict[str, Any]) -> None:
    ngo = make_agency_user(store, agency="NGO North", username="ngo")
    frame = feed["frame"]
    places = FeedPlaces(
        frame["site"].to_list(), frame["city"].to_list(), frame["country"].to_list()
    )
    with store.session() as s, pytest.raises(PermissionDenied):
        store_screening_run(
            s, feed="x", screening=feed["screened"], places=places, networks=None, actor=ngo
        )
