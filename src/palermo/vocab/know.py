"""Know's own lists: national action plan monitoring (Palermo's values, not HTCDS)."""

from __future__ import annotations

from palermo.vocab.enums import VocabEnum


class MeasureStatus(VocabEnum, list_name="plan_measure_status"):
    """Where a measure of a national action plan stands in a period (derived, see
    ``palermo.stats.plans.status``)."""

    not_started = ("not_started", "Not started", "Non commencée", True)
    on_track = ("on_track", "On track", "En bonne voie", True)
    behind = ("behind", "Behind schedule", "En retard", True)
    achieved = ("achieved", "Achieved", "Atteinte", True)
    overdue = ("overdue", "Ended, target not met", "Terminée, cible non atteinte", True)
    no_data = ("no_data", "No indicator value yet", "Aucune valeur d'indicateur", True)


class IndicatorMethod(VocabEnum, list_name="plan_indicator_method"):
    """How an indicator's values are obtained."""

    computed = (
        "computed",
        "Computed from Palermo's data by a named query",
        "Calculé à partir des données de Palermo par une requête nommée",
        True,
    )
    manual = ("manual", "Entered by hand, with its source", "Saisi à la main, avec sa source", True)


class IndicatorDirection(VocabEnum, list_name="plan_indicator_direction"):
    """Whether the target is reached by rising to it or by falling to it."""

    increase = ("increase", "Higher is better", "Plus élevé est mieux", True)
    decrease = ("decrease", "Lower is better", "Plus bas est mieux", True)


KNOW_LISTS: tuple[type[VocabEnum], ...] = (MeasureStatus, IndicatorMethod, IndicatorDirection)
