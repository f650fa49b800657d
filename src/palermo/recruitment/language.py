"""Which language an ad or a contract is written in, with py3langid's model.

:func:`detect_language` asks py3langid itself. :func:`detect_languages` runs the same
model (its byte automaton and naive-Bayes table) over a whole batch with NumPy: the
automaton advances every text of the batch by one byte per step, so a million ads
cost seconds instead of the quarter of an hour one call per ad takes on two cores. A
test checks that both give the same answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
from scipy import sparse

# Languages considered: those with rules, and others common in labour migration so
# that an ad in an unsupported language is reported as such rather than as French.
CANDIDATES = (
    "en",
    "fr",
    "es",
    "pt",
    "de",
    "it",
    "nl",
    "ro",
    "pl",
    "ru",
    "uk",
    "bg",
    "sq",
    "tr",
    "ar",
    "fa",
    "ur",
    "hi",
    "bn",
    "ne",
    "zh",
    "vi",
    "th",
    "tl",
    "id",
    "ms",
    "am",
    "sw",
    "ha",
    "yo",
    "ig",
    "so",
)
MIN_LETTERS = 12  # below this, no language is given ("und")
_BATCH = 4096
# MIN_LETTERS letters among the first 200 characters; the match stops at the last.
_ENOUGH = re.compile(r"(?:[\W\d_]*[^\W\d_]){" + str(MIN_LETTERS) + "}")
_CELLS = 8_000_000  # bytes of one batch's padded grid


@cache
def _model() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    identifier.set_languages(list(CANDIDATES))
    return identifier


@cache
def _arrays() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    model = _model()
    nextmove = np.asarray(model.tk_nextmove, dtype=np.int64)
    output = np.asarray(model.tk_output, dtype=np.int64)
    rowbase = np.asarray(model.tk_row, dtype=np.int64) << 8
    table = np.asarray(model.nb_ptc, dtype=np.float32)
    prior = np.asarray(model.nb_pc, dtype=np.float32)
    return nextmove, output, rowbase, table, prior, list(model.nb_classes)


def _encode(text: str) -> bytes:
    # As py3langid prepares a text: an all-capitals text is lower-cased, then NFC.
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _enough_letters(text: str) -> bool:
    return _ENOUGH.match(text[:200]) is not None


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or ``und`` when it is too short to tell."""
    if not _enough_letters(text):
        return "und"
    return str(_model().classify(text)[0])


def _classify_batch(encoded: list[bytes]) -> list[str]:
    nextmove, output, rowbase, table, prior, classes = _arrays()
    lengths = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
    # Longest texts last and the grid byte-major: the texts still being read at a step
    # are a contiguous tail, read with slices instead of gathers.
    order = np.argsort(lengths, kind="stable")
    lengths = lengths[order]
    width = int(lengths[-1]) if len(encoded) else 0
    grid = np.zeros((max(width, 1), len(encoded)), dtype=np.uint8)
    for column, i in enumerate(order):
        data = encoded[i]
        grid[: len(data), column] = np.frombuffer(data, dtype=np.uint8)
    state = np.zeros(len(encoded), dtype=np.int64)
    rows: list[np.ndarray] = []
    feats: list[np.ndarray] = []
    first_live = 0
    for step in range(width):
        first_live = int(np.searchsorted(lengths, step, side="right"))
        if first_live == len(encoded):
            break
        tail = state[first_live:]
        tail[:] = nextmove[rowbase[tail] + grid[step, first_live:]]
        found = output[tail]
        hit = np.flatnonzero(found >= 0)
        rows.append(order[hit + first_live])
        feats.append(found[hit])
    if not rows:
        return ["und"] * len(encoded)
    r, f = np.concatenate(rows), np.concatenate(feats)
    counts = sparse.coo_matrix(
        (np.ones(len(r), dtype=np.float32), (r, f)), shape=(len(encoded), table.shape[0])
    ).tocsr()
    counts.data = np.log1p(counts.data)
    scores = np.asarray(counts @ table) + prior
    # A label listed twice (script aliases) keeps its best column, as py3langid does.
    first: dict[str, int] = {}
    for j, name in enumerate(classes):
        if name in first:
            scores[:, first[name]] = np.maximum(scores[:, first[name]], scores[:, j])
            scores[:, j] = -np.inf
        else:
            first[name] = j
    best = scores.argmax(axis=1)
    return [classes[k] for k in best]


def detect_languages(texts: Sequence[str]) -> list[str]:
    """:func:`detect_language` for many texts at once (same answers, much faster)."""
    result = ["und"] * len(texts)
    keep = [i for i, t in enumerate(texts) if _enough_letters(t)]
    encoded = {i: _encode(texts[i]) for i in keep}
    # Texts of similar length share a batch, so that padding stays small.
    keep.sort(key=lambda i: len(encoded[i]))
    part: list[int] = []
    for i in keep:
        if part and (len(part) >= _BATCH or (len(part) + 1) * len(encoded[i]) > _CELLS):
            _fill(result, part, encoded)
            part = []
        part.append(i)
    if part:
        _fill(result, part, encoded)
    return result


def _fill(result: list[str], part: list[int], encoded: dict[int, bytes]) -> None:
    for i, lang in zip(part, _classify_batch([encoded[i] for i in part]), strict=True):
        result[i] = lang
