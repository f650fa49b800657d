"""Networks of ads: near-duplicate templates joined with shared contacts.

Two ads are tied when they are near-duplicates (``templates``) or share a phone number,
an e-mail address or a messaging handle. The connected components of these ties with
at least ``min_size`` ads are the networks; each comes with its evidence: the contacts
its ads share, its templates with their slots, the cities, countries and sites it
spans, and, when the ads were screened, their risk levels and flags. A network of ads
shows common authorship, not a crime: a licensed agency's ads form one too, and its
flags are what tell them apart. :meth:`NetworksResult.graph` gives the shared-entity
graph of one network (networkx) for a picture.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

import numpy as np
import polars as pl
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from palermo.recruitment.slots import Template, extract_template
from palermo.recruitment.templates import NetworkSpec, signatures, star_pairs, template_pairs


@dataclass(frozen=True)
class TemplateGroup:
    template_id: str
    ads: int
    template: Template


@dataclass(frozen=True)
class Network:
    network_id: str
    ad_ids: tuple[str, ...]
    contacts: tuple[tuple[str, int], ...]  # shared contact key, number of ads
    templates: tuple[TemplateGroup, ...]
    template_pairs: int
    contact_pairs: int
    sites: tuple[tuple[str, int], ...] = ()
    cities: tuple[tuple[str, int], ...] = ()
    countries: tuple[tuple[str, int], ...] = ()
    risks: tuple[tuple[str, int], ...] = ()
    flags: tuple[tuple[str, int], ...] = ()

    @property
    def size(self) -> int:
        return len(self.ad_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "network_id": self.network_id,
            "ads": self.size,
            "sites": dict(self.sites),
            "cities": dict(self.cities),
            "countries": dict(self.countries),
            "shared_contacts": dict(self.contacts),
            "template_pairs": self.template_pairs,
            "contact_pairs": self.contact_pairs,
            "templates": [
                {
                    "template_id": g.template_id,
                    "ads": g.ads,
                    "text": g.template.text,
                    "slots": [list(s) for s in g.template.slots],
                    "coverage": g.template.coverage,
                }
                for g in self.templates
            ],
            "risks": dict(self.risks),
            "flags": dict(self.flags),
        }


@dataclass(frozen=True)
class NetworksResult:
    spec: NetworkSpec
    ad_ids: tuple[str, ...]
    networks: tuple[Network, ...]
    labels: np.ndarray = field(repr=False)  # component per ad
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray] = field(
        repr=False
    )  # a, b, kind (0 template, 1 contact)
    contact_rows: np.ndarray = field(repr=False)
    contact_keys: tuple[str, ...] = field(repr=False)
    timings: tuple[tuple[str, float], ...] = field(default=(), repr=False, compare=False)

    def assignments(self) -> list[tuple[str, str]]:
        """``(ad_id, network_id)`` for every ad that belongs to a network."""
        return [(ad, net.network_id) for net in self.networks for ad in net.ad_ids]

    def network(self, network_id: str) -> Network:
        for net in self.networks:
            if net.network_id == network_id:
                return net
        from palermo.errors import NotFound

        raise NotFound(f"No network {network_id!r}.", hint="See networks.csv for the ids.")

    def graph(self, network_id: str) -> Any:
        """The shared-entity graph of one network: ads, their contacts, template ties."""
        import networkx as nx

        net = self.network(network_id)
        index = {ad: i for i, ad in enumerate(self.ad_ids)}
        members = np.array(sorted(index[a] for a in net.ad_ids))
        inside = np.isin(np.arange(len(self.ad_ids)), members)
        g = nx.Graph(network_id=network_id)
        for row in members:
            g.add_node(self.ad_ids[row], kind="ad")
        a, b, kind = self.pairs
        keep = inside[a] & inside[b] & (kind == 0)
        for x, y in zip(a[keep], b[keep], strict=True):
            g.add_edge(self.ad_ids[x], self.ad_ids[y], kind="template")
        shared = {key for key, _ in net.contacts}
        for row, key in zip(self.contact_rows, self.contact_keys, strict=True):
            if inside[row] and key in shared:
                g.add_node(key, kind=key.split(":", 1)[0])
                g.add_edge(self.ad_ids[row], key, kind="contact")
        return g


def _rank(ad_ids: Sequence[str]) -> np.ndarray:
    order = np.argsort(np.array(ad_ids, dtype=object), kind="stable")
    rank = np.empty(len(ad_ids), dtype=np.int64)
    rank[order] = np.arange(len(ad_ids))
    return rank


def contact_pairs(
    contacts: Sequence[Sequence[str]], rank: np.ndarray, spec: NetworkSpec
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Pairs of ads sharing a contact (each tied to the sharer of smallest ad id)."""
    rows = np.repeat(np.arange(len(contacts)), [len(c) for c in contacts])
    keys = [k for c in contacts for k in c]
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, []
    frame = pl.DataFrame({"row": rows, "key": keys}).unique(maintain_order=True)
    codes = frame["key"].cast(pl.Categorical).to_physical().to_numpy().astype(np.int64)
    member_rows = frame["row"].to_numpy().astype(np.int64)
    member_keys = frame["key"].to_list()
    if spec.max_contact_ads is not None:
        keep = np.bincount(codes)[codes] <= spec.max_contact_ads
        codes, member_rows = codes[keep], member_rows[keep]
        member_keys = [k for k, ok in zip(member_keys, keep, strict=True) if ok]
    a, b = star_pairs(codes.astype(np.uint64), rank[member_rows])
    return member_rows[a], member_rows[b], member_rows, member_keys


def _top(values: Sequence[str]) -> tuple[tuple[str, int], ...]:
    return tuple(Counter(v for v in values if v).most_common())


def find_networks(
    *,
    ad_ids: Sequence[str],
    texts: Sequence[str],
    contacts: Sequence[Sequence[str]],
    spec: NetworkSpec | None = None,
    sites: Sequence[str] | None = None,
    cities: Sequence[str] | None = None,
    countries: Sequence[str] | None = None,
    risks: Sequence[str] | None = None,
    flags: Sequence[Sequence[str]] | None = None,
    sig: np.ndarray | None = None,
    usable: np.ndarray | None = None,
) -> NetworksResult:
    """Networks of ``ad_ids``; ``contacts`` are each ad's keys (``Entities.keys()``)."""
    spec = spec or NetworkSpec()
    timings: dict[str, float] = {}
    start = perf_counter()
    rank = _rank(ad_ids)
    if sig is None or usable is None:
        sig, usable = signatures(texts, spec)
        timings["shingles and MinHash (rensa)"] = perf_counter() - start
    ta, tb, _ = template_pairs(sig, usable, rank, spec, timings=timings)
    start = perf_counter()
    ca, cb, contact_rows, contact_keys = contact_pairs(contacts, rank, spec)
    timings["shared-contact pairs"] = perf_counter() - start
    result = assemble(
        spec=spec,
        ad_ids=ad_ids,
        texts=texts,
        template=(ta, tb),
        contact=(ca, cb),
        contact_rows=contact_rows,
        contact_keys=contact_keys,
        meta={
            "sites": sites,
            "cities": cities,
            "countries": countries,
            "risks": risks,
            "flags": flags,
        },
        timings=timings,
    )
    return result


def assemble(
    *,
    spec: NetworkSpec,
    ad_ids: Sequence[str],
    texts: Sequence[str],
    template: tuple[np.ndarray, np.ndarray],
    contact: tuple[np.ndarray, np.ndarray],
    contact_rows: np.ndarray,
    contact_keys: Sequence[str],
    meta: dict[str, Any],
    timings: dict[str, float] | None = None,
) -> NetworksResult:
    """Networks from the ties found (rows index ``ad_ids``), with their evidence."""
    timings = {} if timings is None else timings
    start = perf_counter()
    n = len(ad_ids)
    ta, tb = template
    a = np.concatenate([ta, contact[0]]).astype(np.int64)
    b = np.concatenate([tb, contact[1]]).astype(np.int64)
    kind = np.r_[np.zeros(len(ta), np.int8), np.ones(len(contact[0]), np.int8)]
    graph = sparse.coo_matrix((np.ones(len(a), np.int8), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    template_graph = sparse.coo_matrix((np.ones(len(ta), np.int8), (ta, tb)), shape=(n, n))
    _, template_labels = connected_components(template_graph, directed=False)
    sizes = np.bincount(labels)
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.r_[True, labels[order][1:] != labels[order][:-1], True])
    pair_label = labels[a]
    t_count = np.bincount(pair_label[kind == 0], minlength=len(sizes))
    c_count = np.bincount(pair_label[kind == 1], minlength=len(sizes))
    timings["connected components (scipy)"] = perf_counter() - start
    start = perf_counter()
    key_rows: dict[int, list[int]] = {}
    for i, row in enumerate(contact_rows):
        key_rows.setdefault(int(row), []).append(i)
    networks = []
    for s, e in zip(bounds[:-1], bounds[1:], strict=True):
        members = order[s:e]
        comp = labels[members[0]]
        if sizes[comp] < spec.min_size:
            continue
        ties = (int(t_count[comp]), int(c_count[comp]))
        networks.append(
            _network(members, ad_ids, texts, template_labels, key_rows, contact_keys, ties, meta)
        )
    networks.sort(key=lambda net: (-net.size, net.network_id))
    timings["evidence: templates, slots, shares"] = perf_counter() - start
    return NetworksResult(
        spec,
        tuple(ad_ids),
        tuple(networks),
        labels,
        (a, b, kind),
        contact_rows,
        tuple(contact_keys),
        tuple(timings.items()),
    )


def _network(
    members: np.ndarray,
    ad_ids: Sequence[str],
    texts: Sequence[str],
    template_labels: np.ndarray,
    key_rows: dict[int, list[int]],
    contact_keys: Sequence[str],
    ties: tuple[int, int],
    meta: dict[str, Any],
) -> Network:
    ids = sorted(ad_ids[m] for m in members)
    network_id = f"net-{ids[0]}"
    key_count: Counter[str] = Counter()
    for m in members:
        key_count.update({contact_keys[i] for i in key_rows.get(int(m), ())})
    shared = tuple((k, c) for k, c in key_count.most_common() if c >= 2)
    groups: dict[int, list[int]] = {}
    for m in members:
        groups.setdefault(int(template_labels[m]), []).append(int(m))
    templates: list[TemplateGroup] = []
    for rows in sorted((r for r in groups.values() if len(r) >= 2), key=len, reverse=True):
        rows.sort(key=lambda r: ad_ids[r])
        template = extract_template([texts[r] for r in rows])
        templates.append(TemplateGroup(f"{network_id}/t{len(templates) + 1}", len(rows), template))

    def pick(values: Sequence[str] | None) -> tuple[tuple[str, int], ...]:
        return _top([values[m] for m in members]) if values is not None else ()

    return Network(
        network_id=network_id,
        ad_ids=tuple(ids),
        contacts=shared,
        templates=tuple(templates),
        template_pairs=ties[0],
        contact_pairs=ties[1],
        sites=pick(meta.get("sites")),
        cities=pick(meta.get("cities")),
        countries=pick(meta.get("countries")),
        risks=pick(meta.get("risks")),
        flags=_top([f for m in members for f in meta["flags"][m]])
        if meta.get("flags") is not None
        else (),
    )
