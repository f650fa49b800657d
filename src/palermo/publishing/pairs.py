"""Which attribute pairs the synthesiser measures, and sampling from a tree model.

The scores are L1 distances between a pair's true two-way marginal and what the noisy
measurements so far predict for it. Adding or removing one person moves a true marginal
by one count in one cell, so every score by at most one: that is the sensitivity OpenDP's
noisy max is calibrated to. The predictions use only earlier DP output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

import numpy as np

from palermo.publishing.mechanisms import NoisyMax

Pair = tuple[str, str]


def true_pair(codes: dict[str, np.ndarray], sizes: dict[str, int], pair: Pair) -> np.ndarray:
    a, b = pair
    cells = np.bincount(codes[a] * sizes[b] + codes[b], minlength=sizes[a] * sizes[b])
    return cells.reshape(sizes[a], sizes[b])


def select_tree(
    names: list[str],
    sizes: dict[str, int],
    codes: dict[str, np.ndarray],
    probs: dict[str, np.ndarray],
    total: float,
    epsilon: float,
) -> tuple[list[Pair], float]:
    """MST: Kruskal's algorithm, each edge picked by noisy max over the misfit of independence."""
    scores = {
        (a, b): float(
            np.abs(true_pair(codes, sizes, (a, b)) - total * np.outer(probs[a], probs[b])).sum()
        )
        for a, b in combinations(names, 2)
    }
    component = {n: n for n in names}

    def root(n: str) -> str:
        while component[n] != n:
            component[n] = component[component[n]]
            n = component[n]
        return n

    rounds = len(names) - 1
    chosen: list[Pair] = []
    if rounds < 1:
        return chosen, 0.0
    select = NoisyMax(epsilon=epsilon / rounds, sensitivity=1)
    for _ in range(rounds):
        candidates = [p for p in scores if root(p[0]) != root(p[1])]
        a, b = candidates[select(np.asarray([scores[p] for p in candidates]))]
        chosen.append((a, b))
        component[root(a)] = root(b)
    return chosen, select.epsilon * rounds


def tree_predictions(
    names: list[str],
    tree: list[Pair],
    probs: dict[str, np.ndarray],
    noisy: dict[Pair, np.ndarray],
) -> Callable[[Pair], np.ndarray]:
    """The joint shares of any pair implied by the tree of noisy two-way marginals.

    Along the tree path u = x0, ..., xk = v: P(u, v) = diag(P(u)) C(x0, x1) ... C(xk-1, xk),
    with C(p, c) the conditional of c given p from the clipped noisy table.
    """
    neighbours: dict[str, list[str]] = {n: [] for n in names}
    for a, b in tree:
        neighbours[a].append(b)
        neighbours[b].append(a)

    def conditional(parent: str, child: str) -> np.ndarray:
        table = noisy[(parent, child)] if (parent, child) in noisy else noisy[(child, parent)].T
        table = np.clip(table.astype(float), 0, None)
        rows = table.sum(axis=1, keepdims=True)
        fallback = np.broadcast_to(probs[child], table.shape)
        return np.where(rows > 0, table / np.where(rows > 0, rows, 1), fallback)

    def path(u: str, v: str) -> list[str]:
        previous = {u: u}
        queue = [u]
        while queue and v not in previous:
            node = queue.pop(0)
            for nxt in neighbours[node]:
                if nxt not in previous:
                    previous[nxt] = node
                    queue.append(nxt)
        if v not in previous:  # different trees of a forest: independent
            return []
        steps = [v]
        while steps[-1] != u:
            steps.append(previous[steps[-1]])
        return steps[::-1]

    def predict(pair: Pair) -> np.ndarray:
        u, v = pair
        steps = path(u, v)
        if not steps:
            return np.outer(probs[u], probs[v])
        joint = np.diag(probs[u])
        for parent, child in zip(steps, steps[1:], strict=False):
            joint = joint @ conditional(parent, child)
        return joint

    return predict


def select_extra(
    candidates: Sequence[Pair],
    scores: dict[Pair, float],
    *,
    count: int,
    epsilon: float,
    fits: Callable[[list[Pair]], bool],
) -> tuple[list[Pair], float]:
    """Up to ``count`` more pairs by ``count`` rounds of noisy max.

    A winner the graphical model cannot hold (``fits`` is false: the check reads only the
    public sizes of the DP-compressed domains) is dropped and its round is spent anyway,
    which keeps the privacy loss fixed at ``epsilon`` while checking one pair per round.
    """
    if count < 1 or not candidates:
        return [], 0.0
    select = NoisyMax(epsilon=epsilon / count, sensitivity=1)
    chosen: list[Pair] = []
    left = list(candidates)
    rounds = 0
    while rounds < count and left:
        pick = left.pop(select(np.asarray([scores[p] for p in left])))
        rounds += 1
        if fits([*chosen, pick]):
            chosen.append(pick)
    return chosen, select.epsilon * rounds


def sample_tree(
    project: Callable[[tuple[str, ...]], np.ndarray],
    names: list[str],
    tree: list[Pair],
    rows: int,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Rows drawn i.i.d. from a tree model, root first, each child given its parent.

    ``project`` gives the model's marginal over one or two attributes. Vectorised and
    seeded by ``rng`` (mbi's sampler uses numpy's global generator).
    """
    neighbours: dict[str, list[str]] = {n: [] for n in names}
    for a, b in tree:
        neighbours[a].append(b)
        neighbours[b].append(a)
    drawn: dict[str, np.ndarray] = {}
    for root in names:
        if root in drawn:
            continue
        p = np.clip(project((root,)), 0, None)
        p = p / p.sum() if p.sum() > 0 else np.full(len(p), 1 / len(p))
        drawn[root] = rng.choice(len(p), size=rows, p=p)
        queue = [root]
        while queue:
            parent = queue.pop()
            for child in neighbours[parent]:
                if child in drawn:
                    continue
                joint = np.clip(project((parent, child)), 0, None)
                totals = joint.sum(axis=1, keepdims=True)
                uniform = np.full_like(joint, 1 / joint.shape[1])
                cond = np.divide(joint, totals, out=uniform, where=totals > 0)
                cdf = np.cumsum(cond, axis=1)[drawn[parent]]
                u = rng.random(rows)[:, None] * cdf[:, -1:]
                drawn[child] = np.minimum((cdf < u).sum(axis=1), joint.shape[1] - 1)
                queue.append(child)
    return drawn
