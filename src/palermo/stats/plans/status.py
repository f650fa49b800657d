"""Where a measure stands at the end of a period, from its dates and its indicators.

For each indicator, the latest value of a period ending on or before the period's end:

* *progress* = (value - baseline) / (target - baseline), capped to [0, 1]; without a
  baseline, 1 when the target is met and value / target otherwise (higher is better) or
  0 (lower is better, not yet met);
* an indicator *meets* its target when its value is at or beyond it, in its direction.

The measure is then, in this order: **not started** (the period ends before the measure
starts), **no data** (no indicator has a value yet), **achieved** (every indicator meets
its target), **ended, target not met** (the period ends after the measure), **on track**
(mean progress at least the share of the measure's time elapsed, less 10 points), else
**behind schedule**.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from palermo.vocab import IndicatorDirection, MeasureStatus

SLACK = 0.10  # progress may trail the calendar by ten points and still be on track


@dataclass(frozen=True)
class Reading:
    """An indicator's definition and its value at the period's end (None: no value)."""

    baseline: float | None
    target: float
    direction: str
    value: float | None


def meets(reading: Reading) -> bool:
    if reading.value is None:
        return False
    if reading.direction == IndicatorDirection.decrease.value:
        return reading.value <= reading.target
    return reading.value >= reading.target


def progress(reading: Reading) -> float | None:
    if reading.value is None:
        return None
    if meets(reading):
        return 1.0
    if reading.baseline is None or reading.baseline == reading.target:
        if reading.direction == IndicatorDirection.decrease.value or not reading.target:
            return 0.0
        return max(0.0, min(1.0, reading.value / reading.target))
    share = (reading.value - reading.baseline) / (reading.target - reading.baseline)
    return max(0.0, min(1.0, share))


def elapsed(starts_on: date, ends_on: date, on: date) -> float:
    """Share of the measure's time gone by on ``on``."""
    span = (ends_on - starts_on).days
    if span <= 0:
        return 1.0 if on >= ends_on else 0.0
    return max(0.0, min(1.0, (on - starts_on).days / span))


def measure_status(
    *, starts_on: date, ends_on: date, period_end: date, readings: Sequence[Reading]
) -> MeasureStatus:
    if period_end < starts_on:
        return MeasureStatus.not_started
    known = [r for r in readings if r.value is not None]
    if not known:
        return MeasureStatus.no_data
    if len(known) == len(readings) and all(meets(r) for r in readings):
        return MeasureStatus.achieved
    if period_end > ends_on:
        return MeasureStatus.overdue
    mean = sum(progress(r) or 0.0 for r in readings) / len(readings)
    if mean >= elapsed(starts_on, ends_on, period_end) - SLACK:
        return MeasureStatus.on_track
    return MeasureStatus.behind
