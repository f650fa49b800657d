"""Sums of money in an ad: amount, currency, how often it is paid, and pay per month.

"3,000 USD per month", "€15/hour", "2 500 € net par mois", "1.200 euros": the
money pattern finds them; this module reads the amount (thousands separators of
either convention), the currency (symbols, codes and words of the going-rate file)
and the period, and turns pay into an amount per month in EUR for the going rate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from palermo.recruitment.catalogue import GoingRates, going_rates
from palermo.recruitment.patterns import (
    AMOUNT,
    currency_pattern,
    for_python,
    money_pattern,
    period_words,
)

# Working hours, days and weeks in a month, to compare pay given per hour or day.
PER_MONTH = {"hour": 173.0, "day": 22.0, "week": 4.33, "month": 1.0, "year": 1 / 12}


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str
    period: str | None  # hour, day, week, month, year, or None when not said
    raw: str

    def monthly(self) -> float | None:
        return None if self.period is None else self.amount * PER_MONTH[self.period]


@cache
def _parts() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (
        re.compile(for_python(money_pattern())),
        re.compile(for_python(f"(?i){currency_pattern()}")),
        re.compile(rf"(?:{AMOUNT})(?:\s?k\b)?"),
    )


def _amount(text: str) -> float | None:
    thousand = text.rstrip().lower().endswith("k")
    digits = re.sub(r"[\s\u00a0\u202f']", "", text.rstrip().rstrip("kK"))
    if "," in digits and "." in digits:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        digits = digits.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "," in digits or "." in digits:
        mark = "," if "," in digits else "."
        head, _, tail = digits.rpartition(mark)
        # 1,000 / 2.500 are thousands; 15,50 / 12.5 are decimals.
        digits = digits.replace(mark, "") if len(tail) == 3 else f"{head.replace(mark, '')}.{tail}"
    try:
        value = float(digits)
    except ValueError:
        return None
    return value * 1000 if thousand else value


@lru_cache(maxsize=1 << 16)
def parse_money(raw: str) -> Money | None:
    """The sum written in ``raw`` (a match of the money pattern), or None."""
    _, currency_re, amount_re = _parts()
    cur = currency_re.search(raw)
    amt = amount_re.search(raw)
    if cur is None or amt is None:
        return None
    value = _amount(amt.group(0))
    code = going_rates().currency_words.get(cur.group(0).lower().strip())
    if value is None or code is None or value <= 0:
        return None
    tail = raw[max(cur.end(), amt.end()) :].strip().lower()
    period = period_words().get(tail) if tail else None
    if period is None and tail:
        period = next((p for w, p in period_words().items() if tail.endswith(w)), None)
    return Money(value, code, period, raw.strip())


def find_money(text: str) -> list[Money]:
    """Every sum in ``text`` (used on the short pay phrases the scan hands over)."""
    pattern = _parts()[0]
    found = (parse_money(m.group(0)) for m in pattern.finditer(text))
    return [m for m in found if m is not None]


def monthly_eur(money: Money, rates: GoingRates, *, assume_month: bool = False) -> float | None:
    """Pay per month in EUR; a pay phrase without a period is taken as monthly."""
    period = money.period or ("month" if assume_month else None)
    if period is None:
        return None
    return rates.to_eur(money.amount * PER_MONTH[period], money.currency)
