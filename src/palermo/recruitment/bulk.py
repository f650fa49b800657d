"""Screening a whole feed and finding its networks, locally (Polars, worker processes).

:func:`screen_frame` screens a feed chunk by chunk, in ``workers`` processes (each runs
Polars on one thread, so two workers fill the two cores), keeps per ad what the
outputs and the network step need, and computes the MinHash signatures in the same
pass. :func:`write_screening` and :func:`write_networks` write the files of
``palermo ads screen`` and ``palermo ads networks``.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from palermo.recruitment.catalogue import GoingRates, flag_catalogue, rule_versions
from palermo.recruitment.networks import NetworksResult, find_networks
from palermo.recruitment.offer import OfferSpec, screen_offers
from palermo.recruitment.registry import AgencyRecord, AgencyRegistry
from palermo.recruitment.templates import NetworkSpec, signatures

PARALLEL_FROM = 40_000  # smaller feeds are screened in this process


@dataclass(frozen=True)
class FeedSpec:
    chunk_size: int = 20_000
    workers: int | None = None  # None: two processes from PARALLEL_FROM ads, else one
    network: NetworkSpec = field(default_factory=NetworkSpec)


@dataclass(frozen=True)
class FeedScreening:
    """What screening a feed keeps per ad (in feed order)."""

    ad_ids: tuple[str, ...]
    risks: tuple[str, ...]
    scores: tuple[int, ...]
    languages: tuple[str, ...]
    flags: tuple[tuple[tuple[str, str], ...], ...]  # (code, first evidence) per flag
    contacts: tuple[tuple[str, ...], ...]
    sig: np.ndarray | None = field(default=None, repr=False)
    usable: np.ndarray | None = field(default=None, repr=False)
    # Seconds of each step, summed over the workers (what the benchmark prints).
    timings: tuple[tuple[str, float], ...] = field(default=(), repr=False, compare=False)

    def codes(self) -> list[tuple[str, ...]]:
        return [tuple(code for code, _ in row) for row in self.flags]


_STATE: dict[str, Any] = {}


def _init(records: tuple[AgencyRecord, ...] | None, rates: GoingRates | None) -> None:
    _STATE["registry"] = AgencyRegistry(records) if records is not None else None
    _STATE["rates"] = rates


def _screen_chunk(chunk: dict[str, list[Any]], network: NetworkSpec | None) -> dict[str, Any]:
    specs = [
        OfferSpec(text=t or "", contract=c or "", country=k, language=lang)
        for t, c, k, lang in zip(
            chunk["text"], chunk["contract"], chunk["country"], chunk["language"], strict=True
        )
    ]
    timings: dict[str, float] = {}
    results = screen_offers(
        specs, registry=_STATE.get("registry"), rates=_STATE.get("rates"), timings=timings
    )
    start = time.perf_counter()
    out: dict[str, Any] = {
        "risks": [r.risk.value for r in results],
        "scores": [r.score for r in results],
        "languages": [r.language for r in results],
        "flags": [
            tuple((f.code, f.evidence[0].text if f.evidence else "") for f in r.flags)
            for r in results
        ],
        "contacts": [r.entities.keys() for r in results],
    }
    timings["flags and risk (Python per ad)"] += time.perf_counter() - start
    if network is not None:
        start = time.perf_counter()
        out["sig"], out["usable"] = signatures([t or "" for t in chunk["text"]], network)
        timings["shingles and MinHash (rensa)"] = time.perf_counter() - start
    out["timings"] = timings
    return out


def _chunks(frame: pl.DataFrame, size: int) -> Iterator[dict[str, list[Any]]]:
    for start in range(0, frame.height, size):
        part = frame.slice(start, size)
        yield {c: part[c].to_list() for c in ("text", "contract", "country", "language")}


def screen_frame(
    frame: pl.DataFrame,
    *,
    spec: FeedSpec | None = None,
    registry: AgencyRegistry | None = None,
    rates: GoingRates | None = None,
    with_signatures: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> FeedScreening:
    """Screen every ad of a checked feed (see :func:`palermo.recruitment.feed.read_feed`)."""
    spec = spec or FeedSpec()
    network = spec.network if with_signatures else None
    records = registry.records if registry is not None else None
    workers = spec.workers or (2 if frame.height >= PARALLEL_FROM else 1)
    parts: list[dict[str, Any]] = []
    if workers == 1:
        _init(records, rates)
        for chunk in _chunks(frame, spec.chunk_size):
            parts.append(_screen_chunk(chunk, network))
            if on_progress:
                on_progress(len(chunk["text"]))
    else:
        previous = os.environ.get("POLARS_MAX_THREADS")
        os.environ["POLARS_MAX_THREADS"] = "1"  # read by the workers when they start
        try:
            with ProcessPoolExecutor(
                workers,
                mp_context=get_context("spawn"),
                initializer=_init,
                initargs=(records, rates),
            ) as pool:
                pending = [
                    (pool.submit(_screen_chunk, c, network), len(c["text"]))
                    for c in _chunks(frame, spec.chunk_size)
                ]
                for future, size in pending:
                    parts.append(future.result())
                    if on_progress:
                        on_progress(size)
        finally:
            if previous is None:
                os.environ.pop("POLARS_MAX_THREADS", None)
            else:
                os.environ["POLARS_MAX_THREADS"] = previous

    def joined(key: str) -> tuple[Any, ...]:
        return tuple(x for p in parts for x in p[key])

    sig = np.concatenate([p["sig"] for p in parts]) if network and parts else None
    timings: Counter[str] = Counter()
    for p in parts:
        timings.update(p["timings"])
    usable = np.concatenate([p["usable"] for p in parts]) if network and parts else None
    return FeedScreening(
        ad_ids=tuple(frame["ad_id"].to_list()),
        risks=joined("risks"),
        scores=joined("scores"),
        languages=joined("languages"),
        flags=joined("flags"),
        contacts=joined("contacts"),
        sig=sig,
        usable=usable,
        timings=tuple(timings.items()),
    )


def write_screening(result: FeedScreening, out: Path) -> dict[str, Any]:
    """``screening.csv`` (one row per ad), ``flags.csv`` (one per flag), ``summary.json``."""
    out.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(
        {
            "ad_id": result.ad_ids,
            "risk": result.risks,
            "score": result.scores,
            "language": result.languages,
            "flags": [";".join(c for c, _ in row) for row in result.flags],
        }
    ).write_csv(out / "screening.csv")
    catalogue = flag_catalogue().flags
    rows = [
        (ad, code, catalogue[code].category, catalogue[code].weight, ev)
        for ad, fl in zip(result.ad_ids, result.flags, strict=True)
        for code, ev in fl
    ]
    pl.DataFrame(
        rows, schema=["ad_id", "code", "category", "weight", "evidence"], orient="row"
    ).write_csv(out / "flags.csv")
    summary = {
        "ads": len(result.ad_ids),
        "risk": dict(Counter(result.risks)),
        "flags": dict(Counter(code for row in result.flags for code, _ in row).most_common()),
        "languages": dict(Counter(result.languages).most_common()),
        "versions": rule_versions(),
    }
    (out / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return summary


def networks_of(
    result: FeedScreening, frame: pl.DataFrame, spec: NetworkSpec | None = None
) -> NetworksResult:
    return find_networks(
        ad_ids=result.ad_ids,
        texts=frame["text"].to_list(),
        contacts=result.contacts,
        spec=spec,
        sites=frame["site"].fill_null("").to_list(),
        cities=frame["city"].fill_null("").to_list(),
        countries=frame["country"].fill_null("").to_list(),
        risks=result.risks,
        flags=result.codes(),
        sig=result.sig,
        usable=result.usable,
    )


def write_networks(
    nets: NetworksResult, out: Path, *, pictures: int = 10, risks: dict[str, str] | None = None
) -> dict[str, Any]:
    """``networks.csv`` (exactly ``ad_id,network_id``), ``networks.json`` (evidence per
    network) and an SVG picture of the ``pictures`` largest networks."""
    from palermo.recruitment.picture import write_network_svg

    out.mkdir(parents=True, exist_ok=True)
    pairs = nets.assignments()
    pl.DataFrame(pairs, schema=["ad_id", "network_id"], orient="row").write_csv(
        out / "networks.csv"
    )
    payload = {"spec": nets.spec.__dict__, "networks": [n.to_dict() for n in nets.networks]}
    (out / "networks.json").write_text(
        json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    drawn = []
    if pictures:
        (out / "pictures").mkdir(exist_ok=True)
        for net in nets.networks[:pictures]:
            title = f"{net.network_id}: {net.size} ads, {len(net.contacts)} shared contacts"
            write_network_svg(
                nets.graph(net.network_id),
                out / "pictures" / f"{net.network_id}.svg",
                title=title,
                risks=risks,
            )
            drawn.append(net.network_id)
    return {"networks": len(nets.networks), "ads_in_networks": len(pairs), "pictures": drawn}
