"""Networks: templates joined with shared contacts, against the planted ground truth."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from collections import Counter

from sklearn.metrics import adjusted_rand_score

from palermo.recruitment import NetworkSpec, find_networks, networks_of
from palermo.recruitment.picture import network_svg
from palermo.recruitment.slots import extract_template


def _labels(feed, nets):  # type: ignore[no-untyped-def]
    found = dict(nets.assignments())
    truth = feed["truth"]
    y_true = [g or f"solo:{a}" for a, g in zip(truth["ad_id"], truth["network_id"], strict=True)]
    y_pred = [found.get(a, f"solo:{a}") for a in truth["ad_id"]]
    return y_true, y_pred


def test_planted_networks_are_found(feed) -> None:  # type: ignore[no-untyped-def]
    nets = networks_of(feed["screened"], feed["frame"])
    y_true, y_pred = _labels(feed, nets)
    assert adjusted_rand_score(y_true, y_pred) >= 0.95
    kinds = feed["truth"]["kind"].to_list()
    benign_tied = sum(
        k == "benign" and not p.startswith("solo") for k, p in zip(kinds, y_pred, strict=True)
    )
    assert benign_tied < 0.02 * kinds.count("benign")


def test_each_network_carries_its_evidence(feed) -> None:  # type: ignore[no-untyped-def]
    nets = networks_of(feed["screened"], feed["frame"])
    biggest = nets.networks[0]
    assert biggest.size == max(n.size for n in nets.networks)
    assert biggest.network_id == f"net-{min(biggest.ad_ids)}"
    assert biggest.contacts and all(n >= 2 for _, n in biggest.contacts)
    assert biggest.templates and "[SLOT" in biggest.templates[0].template.text
    assert sum(n for _, n in biggest.risks) == biggest.size
    payload = biggest.to_dict()
    assert payload["ads"] == biggest.size and payload["shared_contacts"]


def test_decoys_are_networks_with_low_risk_and_planted_networks_score_high(feed) -> None:  # type: ignore[no-untyped-def]
    nets = networks_of(feed["screened"], feed["frame"])
    kind = dict(zip(feed["truth"]["ad_id"], feed["truth"]["kind"], strict=True))
    by_kind: dict[str, list[float]] = {"decoy": [], "network": []}
    for net in nets.networks:
        main = Counter(kind[a] for a in net.ad_ids).most_common(1)[0][0]
        if main in by_kind:
            by_kind[main].append(dict(net.risks).get("high", 0) / net.size)
    assert by_kind["decoy"] and max(by_kind["decoy"]) == 0.0
    assert sum(share > 0.5 for share in by_kind["network"]) >= 0.6 * len(by_kind["network"])


def test_networks_do_not_depend_on_the_order_of_the_feed(feed) -> None:  # type: ignore[no-untyped-def]
    frame, screened = feed["frame"], feed["screened"]
    order = list(range(frame.height))
    random.Random(3).shuffle(order)
    first = networks_of(screened, frame)
    shuffled = find_networks(
        ad_ids=[screened.ad_ids[i] for i in order],
        texts=[frame["text"][i] for i in order],
        contacts=[screened.contacts[i] for i in order],
    )
    assert sorted(first.assignments()) == sorted(shuffled.assignments())


def test_contacts_alone_tie_ads_and_a_hub_contact_can_be_ignored() -> None:
    ads = ["a1", "a2", "a3"]
    texts = ["one short text here now", "a completely different sentence for you", "third"]
    contacts = [("phone:+33612345678",), ("phone:+33612345678",), ()]
    nets = find_networks(ad_ids=ads, texts=texts, contacts=contacts)
    assert nets.assignments() == [("a1", "net-a1"), ("a2", "net-a1")]
    ignored = find_networks(
        ad_ids=ads, texts=texts, contacts=contacts, spec=NetworkSpec(max_contact_ads=1)
    )
    assert ignored.assignments() == []


def test_template_and_slots() -> None:
    ads = [
        f"Urgent: {job} needed in {city}, salary {pay} EUR per month, call Ana."
        for job, city, pay in [
            ("waiters", "Paris", 3000),
            ("cooks", "Lyon", 3500),
            ("cleaners", "Nice", 2800),
            ("waiters", "Lille", 3100),
        ]
    ]
    template = extract_template(ads)
    assert template.text.startswith(
        "Urgent: [SLOT 1] needed in [SLOT 2] salary [SLOT 3] EUR per month"
    )
    assert template.slots[0][:3] == ("waiters", "cooks", "cleaners")
    assert 0.5 < template.coverage < 1


def test_the_picture_is_an_svg_of_the_shared_entity_graph(feed) -> None:  # type: ignore[no-untyped-def]
    nets = networks_of(feed["screened"], feed["frame"])
    net = next(n for n in nets.networks if n.contacts)
    graph = nets.graph(net.network_id)
    kinds = Counter(d["kind"] for _, d in graph.nodes(data=True))
    assert kinds["ad"] == net.size and kinds["phone"] + kinds["email"] + kinds["handle"] == len(
        net.contacts
    )
    root = ET.fromstring(network_svg(graph, title=net.network_id))
    circles = root.findall("{http://www.w3.org/2000/svg}circle")
    assert len(circles) == graph.number_of_nodes()


def test_screening_and_network_search_report_the_time_of_each_step(feed) -> None:  # type: ignore[no-untyped-def]
    screened = feed["screened"]
    steps = dict(screened.timings)
    assert {"scan: language", "scan: entities and phones", "flags and risk (Python per ad)"} <= set(
        steps
    )
    assert all(seconds >= 0 for seconds in steps.values())
    nets = networks_of(screened, feed["frame"])
    found = dict(nets.timings)
    assert {"LSH candidates", "candidate verification", "connected components (scipy)"} <= set(
        found
    )
    assert all(0 <= seconds < 600 for seconds in found.values())
