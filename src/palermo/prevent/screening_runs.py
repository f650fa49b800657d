"""Stored screenings of ad feeds: what ``palermo ads screen`` and ``ads networks`` found,
kept for the monitors' queue (:mod:`.monitor_queue`).

Only flagged ads are kept, each with what the ad itself published that the monitor needs
(its id on the feed, the words that raised each flag, the contacts it printed, its site,
city and country) and what screening found (risk, score, flags, network); never the ad's
whole text, nor anything about anyone else. Every network of the feed is kept with its
size, the contacts its ads share and the cities and sites it spans. Runs are national
(:mod:`.monitor_access`). The run itself is one audited record; its ads and networks
are written with it in batched statements (a feed holds up to millions of ads), and every
later change to an ad (a monitor's mark) is audited on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from palermo.errors import FieldProblem, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.monitor_access import require_monitor
from palermo.recruitment.bulk import FeedScreening
from palermo.recruitment.catalogue import rule_versions
from palermo.recruitment.networks import NetworksResult
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import AdNetwork, AdScreeningRun, ScreenedAd, ScreenedAdFlag
from palermo.store.models.sealing import allocate_ids

BATCH = 5_000


@dataclass(frozen=True)
class FeedPlaces:
    """What each ad of the feed says of where it was posted (in feed order)."""

    sites: Sequence[str | None]
    cities: Sequence[str | None]
    countries: Sequence[str | None]


@dataclass(frozen=True)
class RunView:
    id: int
    feed: str
    ads: int
    flagged: int
    risks: dict[str, int]
    networks: int
    stored_by: str
    created_at: datetime


def _short(value: str | None, size: int) -> str | None:
    return value[:size] if value else None


def _country(value: str | None) -> str | None:
    return value.upper() if value and len(value) == 2 else None


@audit.audited
def store_screening_run(
    session: Session,
    *,
    feed: str,
    screening: FeedScreening,
    places: FeedPlaces,
    networks: NetworksResult | None,
    actor: Actor,
) -> RunView:
    """Keep the flagged ads and the networks of one screened feed; the run's id."""
    require_monitor(session, actor, doing=msg("store a screening of ads"))
    name = feed.strip()
    if not 1 <= len(name) <= 200:
        raise ValidationFailed(
            msg("Name the feed (1 to 200 characters)."),
            problems=[FieldProblem("feed", msg("1 to 200 characters"), value=feed)],
        )
    n = len(screening.ad_ids)
    if not (len(places.sites) == len(places.cities) == len(places.countries) == n):
        raise ValidationFailed(
            msg("The places do not match the screened ads."),
            problems=[FieldProblem("places", msg("one value per ad"))],
        )
    network_of = dict(networks.assignments()) if networks is not None else {}
    flagged = [i for i, risk in enumerate(screening.risks) if risk != "no_flags_found"]
    run = AdScreeningRun(
        feed=name,
        ads=n,
        flagged=len(flagged),
        risks=dict(Counter(screening.risks)),
        versions=rule_versions(),
        stored_by=actor.username,
    )
    session.add(run)
    session.flush()
    for start in range(0, len(flagged), BATCH):
        part = flagged[start : start + BATCH]
        rows = [
            {
                "run_id": run.id,
                "ad_id": str(screening.ad_ids[i])[:200],
                "risk": screening.risks[i],
                "score": screening.scores[i],
                "language": screening.languages[i][:8],
                "flags": [[code, evidence[:300]] for code, evidence in screening.flags[i]],
                "contacts": list(screening.contacts[i])[:50],
                "site": _short(places.sites[i], 120),
                "city": _short(places.cities[i], 120),
                "country": _country(places.countries[i]),
                "network_id": network_of.get(screening.ad_ids[i]),
                "mark": "new",
            }
            for i in part
        ]
        # Keys known before the insert (one statement, no RETURNING row by row).
        ids = allocate_ids(session.connection(), cast(Table, ScreenedAd.__table__), len(part))
        for row, row_id in zip(rows, ids, strict=True):
            row["id"] = row_id
        session.execute(insert(ScreenedAd), rows)
        flag_rows = [
            {"ad_row_id": row_id, "code": code}
            for row_id, i in zip(ids, part, strict=True)
            for code in dict(screening.flags[i])
        ]
        if flag_rows:
            session.execute(insert(ScreenedAdFlag), flag_rows)
    if networks is not None and networks.networks:
        risk_of = dict(zip(screening.ad_ids, screening.risks, strict=True))
        session.execute(
            insert(AdNetwork),
            [
                {
                    "run_id": run.id,
                    "network_id": net.network_id,
                    "size": net.size,
                    "flagged": sum(risk_of.get(a) != "no_flags_found" for a in net.ad_ids),
                    "contacts": [list(c) for c in net.contacts[:50]],
                    "templates": len(net.templates),
                    "template_pairs": net.template_pairs,
                    "contact_pairs": net.contact_pairs,
                    "cities": [list(c) for c in net.cities[:20]],
                    "sites": [list(c) for c in net.sites[:20]],
                }
                for net in networks.networks
            ],
        )
    return _view(session, run)


def _view(session: Session, run: AdScreeningRun) -> RunView:
    count = session.scalars(select(AdNetwork.id).where(AdNetwork.run_id == run.id)).all()
    return RunView(
        run.id, run.feed, run.ads, run.flagged, dict(run.risks), len(count), run.stored_by,
        run.created_at,
    )  # fmt: skip


def list_runs(session: Session, *, actor: Actor) -> list[RunView]:
    require_monitor(session, actor, doing=msg("read the screenings of ads"))
    runs = session.scalars(select(AdScreeningRun).order_by(AdScreeningRun.id.desc())).all()
    return [_view(session, r) for r in runs]
