"""Template and slots of a group of near-duplicate ads, in the spirit of InfoShield.

InfoShield (ICDE 2021) describes a cluster of ads by one template, the words every ad
shares, and slots, the places where the ads differ (a city, a price, a number). Here
the ad closest to all the others is taken as the reference, every other ad is aligned
with it word by word (``difflib``), and a reference word is part of the template when
most ads keep it; runs of other words are slots, with the values the ads put there.
Coverage is the share of an ad's words the template explains: close to 1 for ads
written from one template, low for ads that merely look alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

MAX_ADS = 12  # ads aligned per template (the template changes little beyond)
KEEP = 0.8  # a word is part of the template when this share of the ads keeps it
_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class Template:
    text: str  # the template, slots written [SLOT n]
    slots: tuple[tuple[str, ...], ...]  # up to five values seen in each slot
    coverage: float  # mean share of an ad's words that the template explains
    ads: int


def _matches(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    return [m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size]


def extract_template(texts: Sequence[str]) -> Template:
    """The template and slots of ``texts`` (ads of one template cluster)."""
    docs = [_WORDS.findall(t) for t in texts[:MAX_ADS]]
    if not docs:
        return Template("", (), 0.0, 0)
    sets = [set(d) for d in docs]
    # The reference: the ad sharing most words with the others.
    ref_index = max(range(len(docs)), key=lambda i: sum(len(sets[i] & s) for s in sets))
    ref = docs[ref_index]
    kept = [0] * len(ref)
    aligned: list[list[tuple[int, int, int]]] = []
    for doc in docs:
        blocks = _matches(ref, doc)
        aligned.append(blocks)
        for start, _, size in blocks:
            for k in range(start, start + size):
                kept[k] += 1
    constant = [kept[k] >= KEEP * len(docs) for k in range(len(ref))]
    parts: list[str] = []
    slot_starts: list[int] = []
    for k, word in enumerate(ref):
        if constant[k]:
            parts.append(word)
        elif not parts or not parts[-1].startswith("[SLOT"):
            slot_starts.append(k)
            parts.append(f"[SLOT {len(slot_starts)}]")
    values: list[list[str]] = [[] for _ in slot_starts]
    slot_ends = [_end_of_slot(constant, k) for k in slot_starts]
    coverage = []
    for doc, blocks in zip(docs, aligned, strict=True):
        where = [-1] * len(ref)  # position in doc of each reference word it keeps
        for start, doc_start, size in blocks:
            for k in range(size):
                where[start + k] = doc_start + k
        explained = sum(1 for k, w in enumerate(where) if w >= 0 and constant[k])
        coverage.append(explained / max(len(doc), 1))
        for slot, (start, end) in enumerate(zip(slot_starts, slot_ends, strict=True)):
            left = max(
                (where[k] + 1 for k in range(start) if constant[k] and where[k] >= 0), default=0
            )
            right = min(
                (where[k] for k in range(end, len(ref)) if constant[k] and where[k] >= 0),
                default=len(doc),
            )
            value = " ".join(doc[left:right]) if left < right else ""
            if value and value not in values[slot] and len(values[slot]) < 5:
                values[slot].append(value)
    return Template(
        text=" ".join(parts),
        slots=tuple(tuple(v) for v in values),
        coverage=round(sum(coverage) / len(coverage), 3),
        ads=len(texts),
    )


def _end_of_slot(constant: list[bool], start: int) -> int:
    end = start
    while end < len(constant) and not constant[end]:
        end += 1
    return end
