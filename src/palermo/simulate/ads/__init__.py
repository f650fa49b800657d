"""Synthetic ads with ground truth, for the recruitment screening and its benchmark.

A seeded :class:`AdsSpec` gives a feed of benign job, au-pair, study, marriage and
modelling ads, ads of planted networks (templates with slots, numbers written to
escape filters, cross-posting across cities and sites, red flags of their profile)
and hard decoys (licensed agencies posting many near-identical ads), in English and
French. :func:`iter_ads` yields it in chunks; :func:`write_ads` (and ``palermo
simulate ads``) writes it with its truth and the registry of monitored agencies.
"""

from palermo.simulate.ads.generate import iter_ads, registry_of
from palermo.simulate.ads.output import AdsSummary, write_ads
from palermo.simulate.ads.plan import AdsSpec

__all__ = ["AdsSpec", "AdsSummary", "iter_ads", "registry_of", "write_ads"]
