"""The monitors' queue: the flagged ads of a stored screening, by risk, flag and mark;
one ad with its reasons; the networks of a run; and the monitor's mark on an ad
(reviewed, or referred to inspection), each mark audited.

An ad's reasons are rebuilt from its stored flags with the rules of
:mod:`palermo.recruitment` (labels, sources and the risk's own reasons, in the page's
language), so they read as the screening explained them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from palermo.errors import FieldProblem, NotFound, ValidationFailed
from palermo.i18n import msg
from palermo.prevent.monitor_access import require_monitor
from palermo.recruitment.catalogue import flag_catalogue
from palermo.recruitment.result import Flag
from palermo.recruitment.risk import assess_risk
from palermo.store import audit
from palermo.store.actor import Actor
from palermo.store.models import (
    AdNetwork,
    AdScreeningRun,
    ScreenedAd,
    ScreenedAdFlag,
    utcnow,
)

MARKS = ("new", "reviewed", "referred")
RISKS = ("high", "caution")
PAGE = 100


@dataclass(frozen=True)
class QueueFilter:
    risk: str | None = None
    flag: str | None = None
    mark: str | None = None
    network_id: str | None = None
    offset: int = 0

    def problems(self) -> list[FieldProblem]:
        found = []
        if self.risk and self.risk not in RISKS:
            found.append(FieldProblem("risk", msg("high or caution"), value=self.risk))
        if self.flag and self.flag not in flag_catalogue().flags:
            found.append(FieldProblem("flag", msg("a flag of the catalogue"), value=self.flag))
        if self.mark and self.mark not in MARKS:
            found.append(FieldProblem("mark", msg("new, reviewed or referred"), value=self.mark))
        if self.offset < 0:
            found.append(FieldProblem("offset", msg("0 or more"), value=str(self.offset)))
        return found


@dataclass(frozen=True)
class QueueRow:
    id: int
    ad_id: str
    risk: str
    score: int
    flags: tuple[str, ...]
    city: str | None
    site: str | None
    network_id: str | None
    mark: str


@dataclass(frozen=True)
class Queue:
    run_id: int
    feed: str
    total: int
    rows: tuple[QueueRow, ...]
    flag_counts: tuple[tuple[str, int], ...]  # the run's flags, most frequent first
    chosen: QueueFilter


@dataclass(frozen=True)
class AdReason:
    code: str
    label: str
    evidence: str
    category: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AdView:
    id: int
    run_id: int
    feed: str
    ad_id: str
    risk: str
    score: int
    language: str
    risk_reasons: tuple[str, ...]
    reasons: tuple[AdReason, ...]
    contacts: tuple[str, ...]
    site: str | None
    city: str | None
    country: str | None
    network_id: str | None
    mark: str
    marked_by: str | None
    marked_at: datetime | None


@dataclass(frozen=True)
class NetworkRow:
    network_id: str
    size: int
    flagged: int
    shared_contacts: tuple[tuple[str, int], ...]
    templates: int
    template_pairs: int
    contact_pairs: int
    cities: tuple[tuple[str, int], ...]
    sites: tuple[tuple[str, int], ...]


def _run(session: Session, run_id: int) -> AdScreeningRun:
    run = session.get(AdScreeningRun, run_id)
    if run is None:
        raise NotFound(
            msg("No stored screening {id}.", id=run_id), hint=msg("See the list of screenings.")
        )
    return run


def ad_queue(session: Session, *, run_id: int, chosen: QueueFilter, actor: Actor) -> Queue:
    require_monitor(session, actor, doing=msg("read the screenings of ads"))
    if problems := chosen.problems():
        raise ValidationFailed(msg("The filter is refused."), problems=problems)
    run = _run(session, run_id)
    query = select(ScreenedAd).where(ScreenedAd.run_id == run_id)
    if chosen.risk:
        query = query.where(ScreenedAd.risk == chosen.risk)
    if chosen.mark:
        query = query.where(ScreenedAd.mark == chosen.mark)
    if chosen.network_id:
        query = query.where(ScreenedAd.network_id == chosen.network_id)
    if chosen.flag:
        having = select(ScreenedAdFlag.ad_row_id).where(ScreenedAdFlag.code == chosen.flag)
        query = query.where(ScreenedAd.id.in_(having))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = session.scalars(
        query.order_by(ScreenedAd.score.desc(), ScreenedAd.id).offset(chosen.offset).limit(PAGE)
    ).all()
    counts = session.execute(
        select(ScreenedAdFlag.code, func.count())
        .join(ScreenedAd, ScreenedAd.id == ScreenedAdFlag.ad_row_id)
        .where(ScreenedAd.run_id == run_id)
        .group_by(ScreenedAdFlag.code)
        .order_by(func.count().desc(), ScreenedAdFlag.code)
    ).all()
    rows = tuple(
        QueueRow(
            a.id,
            a.ad_id,
            a.risk,
            a.score,
            tuple(c for c, _ in a.flags),
            a.city,
            a.site,
            a.network_id,
            a.mark,
        )  # fmt: skip
        for a in page
    )
    return Queue(run.id, run.feed, total, rows, tuple((c, n) for c, n in counts), chosen)


def _ad(session: Session, ad_row_id: int) -> ScreenedAd:
    ad = session.get(ScreenedAd, ad_row_id)
    if ad is None:
        raise NotFound(msg("No flagged ad {id}.", id=ad_row_id), hint=msg("See the queue."))
    return ad


def read_ad(session: Session, *, ad_row_id: int, actor: Actor, locale: str | None = None) -> AdView:
    require_monitor(session, actor, doing=msg("read the screenings of ads"))
    ad = _ad(session, ad_row_id)
    catalogue = flag_catalogue()
    flags = [Flag(code) for code, _ in ad.flags if code in catalogue.flags]
    _, _, reasons = assess_risk(flags)
    shown = tuple(
        AdReason(
            code,
            catalogue.flags[code].label.get(locale),
            evidence,
            catalogue.categories[catalogue.flags[code].category].get(locale),
            tuple(Flag(code).sources(locale)),
        )
        for code, evidence in ad.flags
        if code in catalogue.flags
    )
    return AdView(
        ad.id, ad.run_id, _run(session, ad.run_id).feed, ad.ad_id, ad.risk, ad.score,
        ad.language, tuple(r.text(locale) for r in reasons), shown, tuple(ad.contacts),
        ad.site, ad.city, ad.country, ad.network_id, ad.mark, ad.marked_by, ad.marked_at,
    )  # fmt: skip


@audit.audited
def mark_ad(session: Session, *, ad_row_id: int, mark: str, actor: Actor) -> str:
    """Mark a flagged ad ``reviewed`` or ``referred`` (to inspection), or ``new`` again."""
    require_monitor(session, actor, doing=msg("mark flagged ads"))
    if mark not in MARKS:
        raise ValidationFailed(
            msg("Unknown mark {mark!r}.", mark=mark),
            problems=[FieldProblem("mark", msg("new, reviewed or referred"), value=mark)],
        )
    ad = _ad(session, ad_row_id)
    if ad.mark != mark:
        audit.name_change(session, ad, "refer" if mark == "referred" else "review")
        ad.mark, ad.marked_by, ad.marked_at = mark, actor.username, utcnow()
        session.flush()
    return ad.mark


def run_networks(session: Session, *, run_id: int, actor: Actor) -> tuple[str, list[NetworkRow]]:
    """The feed's name and its networks, largest first."""
    require_monitor(session, actor, doing=msg("read the screenings of ads"))
    run = _run(session, run_id)
    rows = session.scalars(
        select(AdNetwork)
        .where(AdNetwork.run_id == run_id)
        .order_by(AdNetwork.flagged.desc(), AdNetwork.size.desc(), AdNetwork.network_id)
    ).all()
    return run.feed, [
        NetworkRow(
            n.network_id,
            n.size,
            n.flagged,
            tuple((c, k) for c, k in n.contacts),
            n.templates,
            n.template_pairs,
            n.contact_pairs,
            tuple((c, k) for c, k in n.cities),
            tuple((s, k) for s, k in n.sites),
        )  # fmt: skip
        for n in rows
    ]
