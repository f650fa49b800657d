"""EVALUATION TOOL: a pattern-mining attack on CLKs, to measure how well they are hardened.

Not used by encoding or matching. It plays an attacker who holds the encodings (say,
a curious linkage unit), the published schema (so ``k`` and the fields are known) and
a plain-text list of people from the same population (a voters' roll, a leaked
register), but not the secret. It follows the pattern-mining attack of Christen,
Vidanage, Ranbaduge & Schnell (PAKDD 2018) and Christen, Ranbaduge, Vatsalan & Schnell
(TKDE 2018) in three steps:

1. *Mine* bit patterns: every frequent token sets the same ``k`` bit positions in each
   record that holds it, so its positions form a set of ``k`` bits that are set
   together in (at least) that token's share of records. Patterns are grown from the
   most frequent bit positions along the pairwise co-occurrence counts and kept with
   their exact support (the records that have all ``k`` bits set).
2. *Align* patterns to plain tokens: each mined pattern, in order of support, takes the
   unassigned token whose frequency, and whose co-occurrence with the tokens already
   aligned, best match the pattern's in the encodings (the conditional-frequency
   idea of the published attack, without its recursive partitioning).
3. *Re-identify*: a record holds the aligned tokens whose pattern it has fully set and
   lacks those whose pattern it misses; each record gets the plain name whose tokens
   agree best with that (ties to the more frequent name).

:func:`run_attack` returns the share of records whose name was guessed exactly, and the
chance level: the share that guessing the population's most frequent name for every
record would get.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from palermo.linkage.pprl.clk_encode import field_tokens
from palermo.linkage.pprl.clk_normalise import normalise_name
from palermo.linkage.pprl.clk_schema import EncodingSpec, FieldSpec

_REFINE_ROUNDS = 4


@dataclass(frozen=True)
class AttackSpec:
    """How hard the attacker tries: patterns mined, seeds tried per pattern, names guessed.

    ``stability``: a grown pattern is kept when its support at full length is at
    least this share of its support at two positions (a token's positions are set
    together). 0 keeps the best pattern of every round, however unstable: the
    attacker's last resort against hardened encodings.
    """

    patterns: int = 160
    seeds: int = 24
    names: int = 3000
    target_field: str = "given_name"
    stability: float = 0.9


@dataclass(frozen=True)
class AttackResult:
    records: int
    patterns_mined: int
    patterns_aligned_correctly: int  # checked against the attacker's unknown truth
    reidentified: int
    share: float
    chance: float
    most_common_name: str


def _unpack(words: np.ndarray) -> np.ndarray:
    raw = np.ascontiguousarray(words.astype("<u8", copy=False)).view(np.uint8)
    return np.unpackbits(raw, axis=1, bitorder="little").astype(bool)


Pattern = tuple[np.ndarray, np.ndarray, int]  # positions, holders, token length class


def _grow(
    columns: np.ndarray, seed: int, steps: int, first: int
) -> tuple[list[int], np.ndarray, list[int]]:
    chosen = [seed]
    holders = columns[seed].copy()
    supports = [first]
    for _ in range(steps):
        overlap = np.bitwise_count(columns & holders[None, :]).sum(axis=1, dtype=np.int64)
        overlap[chosen] = -1
        nxt = int(np.argmax(overlap))
        chosen.append(nxt)
        holders &= columns[nxt]
        supports.append(int(overlap[nxt]))
    return chosen, holders, supports


def _mine(bits: np.ndarray, lengths: list[int], spec: AttackSpec) -> list[Pattern]:
    """Up to ``spec.patterns`` (positions, records holding all of them, length), by support.

    A pattern grows from a seed position by the position most often set among the
    records that hold the pattern so far (conditional support). The ``k`` positions of
    one token are set in all its holders, so a token's pattern keeps its support as it
    grows; a mixture of tokens loses it and is dropped. The schema says how many
    positions each field's tokens set (``lengths``, smallest first); a kept pattern is
    grown further to tell, say, a birth-date part (10 positions) from a bigram (8).
    """
    k = lengths[0]
    n, m = bits.shape
    pad = (-n) % 64
    columns = np.packbits(np.pad(bits, ((0, pad), (0, 0))).T, axis=1, bitorder="little")
    columns = np.ascontiguousarray(columns).view("<u8")  # m x n/64: records per position
    freq = bits.sum(axis=0)
    order = np.argsort(-freq)
    explained = np.zeros(m, dtype=bool)
    found: list[Pattern] = []
    while len(found) < spec.patterns:
        seeds = [p for p in order.tolist() if not explained[p]][: spec.seeds]
        if not seeds:
            break
        best: tuple[int, list[int], np.ndarray] | None = None
        for seed in seeds:
            chosen, holders, supports = _grow(columns, seed, k - 1, int(freq[seed]))
            stable = supports[-1] >= spec.stability * supports[1]
            if not stable:
                explained[seed] = True  # a mixture, or a token with fewer positions
                continue
            if best is None or supports[-1] > best[0]:
                best = (supports[-1], chosen, holders)
        if best is None:
            continue
        positions = np.array(sorted(best[1]))
        explained[positions] = True
        length = k
        if len(lengths) > 1:
            _, _, longer = _grow(columns, best[1][0], lengths[-1] - 1, int(freq[best[1][0]]))
            reach = spec.stability * longer[1] if spec.stability > 0 else 0.9 * longer[1]
            length = max((n_ for n_ in lengths if longer[n_ - 1] >= reach), default=k)
        mask = np.unpackbits(best[2].view(np.uint8), bitorder="little")[:n].astype(bool)
        # Tokens with more than k positions (birth-date parts) yield several k-subsets
        # held by the same records: keep one pattern per holder set.
        if any((mask & other).sum() > 0.95 * (mask | other).sum() for _, other, _ in found):
            continue
        found.append((positions, mask, length))
    return found


def _token_sets(
    spec: EncodingSpec, records: list[dict[str, str | None]], lengths: set[int]
) -> list[set[str]]:
    fields = [f for f in spec.fields if f.k in lengths]
    out = []
    for record in records:
        tokens: set[str] = set()
        for f in fields:
            tokens.update(f"{f.space}|{t}" for t in field_tokens(f, record.get(f.column)) or [])
        out.append(tokens)
    return out


def _align(patterns: list[Pattern], reference: list[set[str]], n: int) -> list[str]:
    """The plain token each pattern stands for (by frequency and co-occurrence)."""
    counts = Counter(t for tokens in reference for t in tokens)
    vocab = [t for t, c in counts.most_common(4 * len(patterns)) if c >= 2]
    index = {t: i for i, t in enumerate(vocab)}
    incidence = np.zeros((len(reference), len(vocab)), dtype=np.float32)
    for row, tokens in enumerate(reference):
        cols = [index[t] for t in tokens if t in index]
        incidence[row, cols] = 1.0
    plain_co = (incidence.T @ incidence) / len(reference)
    plain_freq = np.diag(plain_co).copy()
    holders = np.stack([h for _, h, _ in patterns]).astype(np.float32)
    enc_co = (holders @ holders.T) / n
    taken = np.zeros(len(vocab), dtype=bool)
    chosen: list[int] = []
    for i in range(len(patterns)):
        cost = np.abs(plain_freq - enc_co[i, i]) / np.maximum(plain_freq, enc_co[i, i])
        if chosen:
            anchors = np.array(chosen)
            diff = np.abs(plain_co[:, anchors] - enc_co[i, : len(chosen)][None, :])
            cost = cost + diff.sum(axis=1) / np.maximum(plain_freq, 1e-6) / len(chosen)
        cost[taken] = np.inf
        pick = int(np.argmin(cost))
        taken[pick] = True
        chosen.append(pick)
    # Refine: every pattern against all the others' current tokens, solved jointly.
    scale = np.maximum(plain_freq, 1e-6)
    for _ in range(_REFINE_ROUNDS):
        anchors = np.array(chosen)
        freq_cost = np.abs(plain_freq[None, :] - np.diag(enc_co)[:, None]) / np.maximum(
            plain_freq[None, :], np.diag(enc_co)[:, None]
        )
        co_cost = np.abs(plain_co[:, anchors][None, :, :] - enc_co[:, None, :]).sum(axis=2)
        total = freq_cost + co_cost / scale[None, :] / max(len(chosen) - 1, 1)
        rows, cols = linear_sum_assignment(total)
        updated = [int(c) for _, c in sorted(zip(rows.tolist(), cols.tolist(), strict=True))]
        if updated == chosen:
            break
        chosen = updated
    return [vocab[c] for c in chosen]


def run_attack(
    words: np.ndarray,
    true_names: list[str | None],
    *,
    spec: EncodingSpec,
    reference: list[dict[str, str | None]],
    attack: AttackSpec | None = None,
    true_records: list[dict[str, str | None]] | None = None,
) -> AttackResult:
    """Attack encodings ``words`` (n x words); score guesses against ``true_names``.

    ``reference`` is the attacker's plain-text population (records with the
    schema's columns). ``true_records`` (the encoded records in plain text) only
    serve to count how many patterns were aligned to the right token.
    """
    attack = attack or AttackSpec()
    target: FieldSpec = next(f for f in spec.fields if f.name == attack.target_field)
    bits = _unpack(words)
    n = bits.shape[0]
    lengths = sorted({f.k for f in spec.fields if f.k >= target.k})
    patterns = _mine(bits, lengths, attack)
    # Align each length class (bigrams, birth-date parts, ...) to its own fields' tokens.
    aligned = [""] * len(patterns)
    for length in lengths:
        rows = [i for i, p in enumerate(patterns) if p[2] == length]
        if rows:
            tokens = _token_sets(spec, reference, {length})
            for i, token in zip(rows, _align([patterns[i] for i in rows], tokens, n), strict=True):
                aligned[i] = token
    correct = 0
    if true_records is not None:
        truth_sets = _token_sets(spec, true_records, set(lengths))
        for (_, holders, _), token in zip(patterns, aligned, strict=True):
            has = np.array([token in s for s in truth_sets])
            correct += int((has == holders).mean() > 0.98)
    names = Counter(normalise_name(r.get(target.column)) for r in reference)
    names.pop("", None)
    candidates = [name for name, _ in names.most_common(attack.names)]
    token_index = {t: i for i, t in enumerate(aligned)}
    incidence = np.zeros((len(candidates), len(aligned)), dtype=np.float32)
    for row, name in enumerate(candidates):
        for token in field_tokens(target, name) or []:
            col = token_index.get(f"{target.space}|{token}")
            if col is not None:
                incidence[row, col] = 1.0
    present = np.zeros((n, len(patterns)), dtype=np.float32)
    for col, (_, holders, _) in enumerate(patterns):
        present[:, col] = holders
    # Agreeing tokens count for, contradicted ones against; a tiny prior breaks ties.
    prior = np.log(np.array([names[c] for c in candidates], dtype=np.float32)) * 1e-3
    guesses = []
    for start in range(0, n, 4096):
        block = present[start : start + 4096]
        score = block @ incidence.T - 2.0 * (1.0 - block) @ incidence.T + prior[None, :]
        guesses.extend(np.argmax(score, axis=1).tolist())
    truth = [normalise_name(t) for t in true_names]
    hits = sum(candidates[g] == t for g, t in zip(guesses, truth, strict=True))
    top = candidates[0]  # the attacker's best guess without the encodings
    top_count = sum(t == top for t in truth)
    return AttackResult(
        records=n,
        patterns_mined=len(patterns),
        patterns_aligned_correctly=correct,
        reidentified=hits,
        share=hits / n,
        chance=top_count / n,
        most_common_name=top,
    )
