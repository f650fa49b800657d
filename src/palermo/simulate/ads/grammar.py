"""A small grammar for ad sentences: ``{a|b}`` picks one alternative, ``[slot]`` is filled.

A network's template is expanded once (its choices fixed, its slots left open) and its
ads then differ only in their slots, as ads written from one template do; a benign ad
is expanded in full for itself. Templates are parsed once and cached.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from functools import lru_cache

from palermo.errors import ConfigurationError

Node = str | tuple[str, ...] | list  # literal, ("slot", name), or list of alternatives

_SLOT = re.compile(r"\[([a-z_0-9]+)\]")


def _parse(text: str, pos: int, depth: int) -> tuple[list[object], int]:
    """Parse until the closing ``}`` or ``|`` of the current level (or the end)."""
    seq: list[object] = []
    buf: list[str] = []
    while pos < len(text):
        ch = text[pos]
        if ch == "{":
            if buf:
                seq.append("".join(buf))
                buf = []
            alternatives: list[list[object]] = []
            pos += 1
            while True:
                alt, pos = _parse(text, pos, depth + 1)
                alternatives.append(alt)
                if pos >= len(text):
                    raise ConfigurationError(f"Unclosed '{{' in ad phrase {text!r}.")
                if text[pos] == "}":
                    pos += 1
                    break
                pos += 1  # past "|"
            seq.append(alternatives)
            continue
        if ch in "|}" and depth > 0:
            break
        buf.append(ch)
        pos += 1
    if buf:
        seq.append("".join(buf))
    return seq, pos


@lru_cache(maxsize=4096)
def parse(text: str) -> tuple[object, ...]:
    seq, pos = _parse(text, 0, 0)
    if pos != len(text):
        raise ConfigurationError(f"Unbalanced '}}' in ad phrase {text!r}.")
    return tuple(seq)


def _expand(seq: tuple[object, ...] | list[object], rng: random.Random, out: list[str]) -> None:
    for node in seq:
        if isinstance(node, str):
            out.append(node)
        else:
            _expand(rng.choice(node), rng, out)  # type: ignore[arg-type]


def choose(text: str, rng: random.Random) -> str:
    """``text`` with every ``{a|b}`` decided; ``[slots]`` are left as they are."""
    out: list[str] = []
    _expand(parse(text), rng, out)
    return "".join(out)


def fill(text: str, slots: Mapping[str, str]) -> str:
    """Replace every ``[slot]``; a slot without a value is a bug in the generator."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in slots:
            raise ConfigurationError(f"No value for slot [{name}] in {text!r}.")
        return slots[name]

    return _SLOT.sub(value, text)


def slots_of(text: str) -> set[str]:
    return set(_SLOT.findall(text))
