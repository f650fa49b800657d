"""Recording noise: how one agency writes down what it learns about a victim.

Decisions (which record gets which error) are drawn for a whole chunk with numpy;
only the few strings that actually change go through Python.
"""

from __future__ import annotations

import numpy as np

from palermo.simulate.nametable import NameTable
from palermo.simulate.spec import NoiseSpec

_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _typo(text: str, op: int, where: float, letter: int) -> str:
    if len(text) < 3:
        return text
    i = 1 + int(where * (len(text) - 2))  # spare the first letter, as people usually do
    if op == 0:
        return text[:i] + _LOWER[letter] + text[i + 1 :]
    if op == 1:
        return text[:i] + text[i + 1 :]
    if op == 2:
        return text[:i] + text[i] + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def typos(rng: np.random.Generator, values: np.ndarray, rate: float) -> np.ndarray:
    """Put one keyboard error into a share ``rate`` of the non-empty ``values``."""
    hit = np.flatnonzero((rng.random(len(values)) < rate) & (values != None))  # noqa: E711
    ops = rng.integers(0, 4, len(hit))
    where = rng.random(len(hit))
    letters = rng.integers(0, 26, len(hit))
    out = values.copy()
    for k, row in enumerate(hit):
        out[row] = _typo(out[row], int(ops[k]), float(where[k]), int(letters[k]))
    return out


def _spell(rng: np.random.Generator, table: NameTable, ids: np.ndarray, rate: float) -> np.ndarray:
    variant = rng.random(len(ids)) < rate
    offset = (rng.random(len(ids)) * table.spell_count[ids]).astype(np.int64)
    pick = table.spell_start[ids] + np.where(variant, offset, 0)
    return table.spellings[pick]


def noisy_names(
    rng: np.random.Generator,
    table: NameTable,
    given: np.ndarray,
    family: np.ndarray,
    family_first: np.ndarray,
    noise: NoiseSpec,
    scale: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Recorded (prs_FirstName, prs_SecondName) for true name entry ids."""
    n = len(given)
    has_nick = table.nick_count[given] > 0
    use_nick = has_nick & (rng.random(n) < noise.nickname * scale)
    nick_pick = table.nick_start[given] + (rng.random(n) * table.nick_count[given]).astype(int)
    given = np.where(use_nick, table.nicks[np.minimum(nick_pick, len(table.nicks) - 1)], given)
    first = _spell(rng, table, given, min(1.0, noise.name_variant * scale))
    second = _spell(rng, table, family, min(1.0, noise.name_variant * scale))
    first = typos(rng, first, min(1.0, noise.name_typo * scale))
    second = typos(rng, second, min(1.0, noise.name_typo * scale))
    swap_rate = noise.name_swap * scale * np.where(family_first, 4.0, 1.0)
    swap = rng.random(n) < swap_rate
    first, second = np.where(swap, second, first), np.where(swap, first, second)
    first[rng.random(n) < noise.name_missing * scale] = None
    return first, second


def _components(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    years = days.astype("datetime64[Y]")
    months = days.astype("datetime64[M]")
    y = years.astype(np.int64) + 1970
    m = (months - years.astype("datetime64[M]")).astype(np.int64) + 1
    d = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return y, m, d


def _compose(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    months = (y - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (m - 1)
    return months.astype("datetime64[D]") + (d - 1)


def noisy_birthdates(
    rng: np.random.Generator, birth: np.ndarray, noise: NoiseSpec, scale: float
) -> np.ndarray:
    """Recorded prs_Birthdate: ISO 'YYYY-MM-DD', 'YYYY' (year only) or None."""
    n = len(birth)
    y, m, d = _components(birth)
    swap = (rng.random(n) < noise.birthdate_day_month_swap * scale) & (d <= 12) & (d != m)
    m, d = np.where(swap, d, m), np.where(swap, m, d)
    off = rng.random(n) < noise.birthdate_year_off * scale
    y = y + np.where(off, rng.choice(np.array([-1, 1]), n), 0)
    d = np.where(off & (m == 2) & (d == 29), 28, d)  # a shifted 29 February may not exist
    text = np.datetime_as_string(_compose(y, m, d), unit="D").astype(object)
    year_only = rng.random(n) < noise.birthdate_year_only * scale
    text[year_only] = np.asarray([t[:4] for t in text[year_only]], dtype=object)
    text[rng.random(n) < noise.birthdate_missing * scale] = None
    return text


def _doc_typo(text: str, op: int, where: float, digit: int) -> str:
    i = int(where * len(text))
    if op == 0:
        return text[:i] + str(digit) + text[i + 1 :]
    if op == 1 and i + 1 < len(text):
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == 2:
        return text.replace("0", "O", 1) if "0" in text else text[:-1]
    return text[:i] + text[i + 1 :]


def noisy_documents(
    rng: np.random.Generator, docs: np.ndarray, noise: NoiseSpec, scale: float
) -> np.ndarray:
    """Recorded prs_IdentityNumber: missing or mistyped at the configured rates."""
    out = docs.copy()
    out[rng.random(len(out)) < noise.document_missing * scale] = None
    hit = np.flatnonzero((rng.random(len(out)) < noise.document_typo * scale) & (out != None))  # noqa: E711
    ops = rng.integers(0, 4, len(hit))
    where = rng.random(len(hit))
    digits = rng.integers(0, 10, len(hit))
    for k, row in enumerate(hit):
        out[row] = _doc_typo(out[row], int(ops[k]), float(where[k]), int(digits[k]))
    return out


def drop_codes(rng: np.random.Generator, masks: np.ndarray, width: int, rate: float) -> np.ndarray:
    """Forget each code of a bit-mask picklist with probability ``rate``."""
    keep = rng.random((len(masks), width)) >= rate
    keep_mask = (keep.astype(np.int64) << np.arange(width, dtype=np.int64)).sum(axis=1)
    return masks & keep_mask


def blank(rng: np.random.Generator, values: np.ndarray, rate: float) -> np.ndarray:
    """Leave a share ``rate`` of ``values`` unrecorded (None, or NaT for dates)."""
    if values.dtype.kind == "M":
        out = values.copy()
        out[rng.random(len(out)) < rate] = np.datetime64("NaT")
        return out
    out = values.astype(object).copy()
    out[rng.random(len(out)) < rate] = None
    return out
