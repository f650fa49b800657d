"""Labels of the codes in statistics tables, in the reader's language.

A table's ``dimension`` names where its codes come from: a registered vocabulary list
(``gender``, ``age_band``, ``country``...), the screening instrument's vulnerabilities,
years and agencies (named by the table's owner), or Palermo's flow placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping

from palermo.i18n import msg, render
from palermo.stats.sankey import DIRECT, OTHER, UNKNOWN
from palermo.vocab import get_list

# Dimension of each counted column -> the vocabulary of its codes.
DIMENSIONS = {
    "gender": "gender",
    "age_band": "age_band",
    "forms": "type_of_exploitation",
    "sex_forms": "type_of_sex_exploitation",
    "recruitment": "method_of_recruitment",
    "control": "methods_of_control",
    "citizenship": "country",
    "origin": "country",
    "transit": "country",
    "destination": "country",
    "relationship": "relationship_to_trafficker",
    "vulnerabilities": "vulnerability",
    "year": "year",
    "agency_id": "agency",
}
_PLACEHOLDERS = {
    OTHER: msg("Other (small flows together)"),
    DIRECT: msg("No transit recorded"),
    UNKNOWN: msg("Not recorded"),
}
OTHER_AGENCIES = "others"


def _vulnerability(code: str, locale: str) -> str:
    from palermo.screening.instruments import fact_vocabulary

    labels = fact_vocabulary().by_name()["vulnerabilities"].labels.get(code) or {}
    language = locale.split("_")[0].split("-")[0]
    return str(labels.get(language) or labels.get("en") or code)


def label(
    dimension: str,
    code: str | None,
    locale: str,
    *,
    agencies: Mapping[int, str] | None = None,
) -> str:
    """The label of ``code`` in ``dimension``; "Not recorded" for None."""
    if code is None or code == "":
        return render(msg("Not recorded"), locale)
    if code in _PLACEHOLDERS and dimension in ("country", "flow"):
        return render(_PLACEHOLDERS[code], locale)
    if dimension == "year":
        return str(code)
    if dimension == "agency":
        if code == OTHER_AGENCIES:
            return render(msg("Other agencies (together)"), locale)
        return (agencies or {}).get(int(code), str(code))
    if dimension == "vulnerability":
        return _vulnerability(code, locale)
    try:
        return get_list(dimension).parse(code).label(locale)
    except Exception:  # an old or foreign code still shows, as itself
        return str(code)
