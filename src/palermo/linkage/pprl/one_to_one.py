"""One-to-one links from a graph of scored candidate pairs.

``greedy`` takes pairs best first and keeps a pair when neither record is linked yet
(what anonlink does); ``hungarian`` finds the assignment of largest total similarity
on the sparse candidate graph (SciPy's minimum-weight full bipartite matching, with
a stand-in partner per record so that a record may stay unlinked).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

Assignment = Literal["greedy", "hungarian", "none"]


def greedy(ia: np.ndarray, ib: np.ndarray, sim: np.ndarray) -> np.ndarray:
    """Indexes of the kept pairs, best first (ties: lower a, then lower b)."""
    order = np.lexsort((ib, ia, -sim))
    used_a: set[int] = set()
    used_b: set[int] = set()
    kept = []
    for p, i, j in zip(order.tolist(), ia[order].tolist(), ib[order].tolist(), strict=True):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        kept.append(p)
    return np.array(kept, dtype=np.int64)


def hungarian(ia: np.ndarray, ib: np.ndarray, sim: np.ndarray) -> np.ndarray:
    """Indexes of the pairs of the maximum-similarity one-to-one assignment."""
    if ia.size == 0:
        return np.empty(0, dtype=np.int64)
    ua, ra = np.unique(ia, return_inverse=True)
    ub, rb = np.unique(ib, return_inverse=True)
    na, nb = ua.size, ub.size
    # Left nodes: a-records, then one stand-in per b; right: b-records, then one per a.
    # A record left unlinked is matched to its stand-in (cost 2); the stand-ins of a
    # linked pair meet over the transposed edge (cost 1). Every full matching has
    # na + nb edges, so the total is constant minus the sum of the linked similarities.
    rows = np.concatenate([ra, np.arange(na), na + np.arange(nb), na + rb])
    cols = np.concatenate([rb, nb + np.arange(na), np.arange(nb), nb + ra])
    cost = np.concatenate([3.0 - sim, np.full(na + nb, 2.0), np.ones(ra.size)])
    graph = coo_matrix((cost, (rows, cols)), shape=(na + nb, nb + na)).tocsr()
    left, right = min_weight_full_bipartite_matching(graph)
    lookup = {
        (int(r), int(c)): p for p, (r, c) in enumerate(zip(ra.tolist(), rb.tolist(), strict=True))
    }
    kept = [lookup[(int(r), int(c))] for r, c in zip(left, right, strict=True) if r < na and c < nb]
    return np.array(sorted(kept, key=lambda p: (-sim[p], ia[p], ib[p])), dtype=np.int64)


def assign(ia: np.ndarray, ib: np.ndarray, sim: np.ndarray, how: Assignment) -> np.ndarray:
    """Indexes of the pairs kept by ``how`` (``none`` keeps every candidate)."""
    if how == "greedy":
        return greedy(ia, ib, sim)
    if how == "hungarian":
        return hungarian(ia, ib, sim)
    return np.lexsort((ib, ia, -sim))
