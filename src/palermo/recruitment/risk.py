"""The risk level of an offer from its flags, with the reasons for it.

The evidence (shared/reference/recruitment/README.md) is that a single indicator
discriminates poorly: 98.4 % of 430 work-abroad ads carried at least one, and much
of what matters is simply missing. So the level counts *distinct* flags, weighs
them by strength (strong 3, medium 2, weak 1 in ``flags.yaml``), and says ``high``
only when the weighted score reaches the threshold with flags of at least two
categories. Any flag gives ``caution``; none gives ``no_flags_found``, whose reason
says plainly that this does not make the offer safe.
"""

from __future__ import annotations

from palermo.recruitment.catalogue import flag_catalogue
from palermo.recruitment.result import Flag, Reason, Risk, category_list


def assess_risk(flags: list[Flag]) -> tuple[Risk, int, tuple[Reason, ...]]:
    catalogue = flag_catalogue()
    distinct = {f.code: f for f in flags}
    score = sum(catalogue.flags[c].weight for c in distinct)
    categories = [catalogue.flags[c].category for c in distinct]
    n_categories = len(set(categories))
    names = category_list(categories)
    if score < catalogue.caution_min_score:
        return Risk.NO_FLAGS_FOUND, score, (Reason("risk.no_flags_found"),)
    common = (("flags", len(distinct)), ("categories", names), ("score", score))
    if score >= catalogue.high_min_score and n_categories >= catalogue.high_min_categories:
        params = common + (
            ("n_categories", n_categories),
            ("min_score", catalogue.high_min_score),
            ("min_categories", catalogue.high_min_categories),
        )
        return Risk.HIGH, score, (Reason("risk.high", params),)
    reasons = [Reason("risk.caution", common)]
    if score >= catalogue.high_min_score:
        reasons.append(
            Reason("risk.high_single_category", (("score", score), ("categories", names)))
        )
    return Risk.CAUTION, score, tuple(reasons)
