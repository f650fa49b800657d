"""Prevent: screen recruitment offers and contracts, and expose the networks behind them.

For labour inspectors, recruitment regulators, platform trust-and-safety teams and
migrants themselves. This analytic core imports no database or web code, so that a
team can run it on a feed from a notebook.

One offer::

    result = screen_offer(OfferSpec(text=ad, contract=contract, country="SN"))
    result.to_dict(locale="fr")    # {"risk", "flags": [{code, explanation, evidence}], "questions"}
    result.to_report()             # + reasons, sources, categories, entities, versions

The public check (pre-departure information)::

    check = check_offer(text=pasted, country="SN", pdf=uploaded_bytes)
    check.to_dict(locale)          # the JSON of POST /api/check-offer
    check.contacts_dict(locale)    # hotline and embassy contacts (illustrative until configured)

A feed (CSV, Parquet, JSON lines) and its networks::

    frame = read_feed(path)
    screened = screen_frame(frame, registry=AgencyRegistry.from_records(rows))
    networks = networks_of(screened, frame)      # NetworksResult: networks with evidence
    write_networks(networks, out_dir)            # networks.csv (ad_id,network_id), JSON, SVG

The red flags, their wording per language, the going-rate table and the contacts
are versioned data files in ``data/`` (:func:`rule_versions`). Risk levels are
``no_flags_found``, ``caution`` and ``high``; none says an offer is safe.
"""

from palermo.recruitment.bulk import (
    FeedScreening,
    FeedSpec,
    networks_of,
    screen_frame,
    write_networks,
    write_screening,
)
from palermo.recruitment.catalogue import GoingRates, going_rates, load_going_rates, rule_versions
from palermo.recruitment.check import CheckResult, check_offer, text_from_pdf
from palermo.recruitment.contacts import Contact, ContactBook, contacts_for
from palermo.recruitment.entities import Entities
from palermo.recruitment.feed import read_feed
from palermo.recruitment.language import detect_language, detect_languages
from palermo.recruitment.networks import Network, NetworksResult, find_networks
from palermo.recruitment.offer import OfferSpec, screen_offer, screen_offers
from palermo.recruitment.registry import AgencyRecord, AgencyRegistry, AgencyStatus
from palermo.recruitment.result import Evidence, Flag, OfferResult, Reason, Risk
from palermo.recruitment.scan import extract_entities
from palermo.recruitment.templates import NetworkSpec

__all__ = [
    "AgencyRecord",
    "AgencyRegistry",
    "AgencyStatus",
    "CheckResult",
    "Contact",
    "ContactBook",
    "Entities",
    "Evidence",
    "FeedScreening",
    "FeedSpec",
    "Flag",
    "GoingRates",
    "Network",
    "NetworkSpec",
    "NetworksResult",
    "OfferResult",
    "OfferSpec",
    "Reason",
    "Risk",
    "check_offer",
    "contacts_for",
    "detect_language",
    "detect_languages",
    "extract_entities",
    "find_networks",
    "going_rates",
    "load_going_rates",
    "networks_of",
    "read_feed",
    "rule_versions",
    "screen_frame",
    "screen_offer",
    "screen_offers",
    "text_from_pdf",
    "write_networks",
    "write_screening",
]
