"""Choosing pairs by noisy max, and sampling a tree model, without fitting one."""

from __future__ import annotations

import numpy as np
import pytest

from palermo.publishing.pairs import sample_tree, select_extra, tree_predictions


def test_a_pair_the_model_cannot_hold_is_skipped_and_its_round_paid() -> None:
    scores = {("a", "b"): 1e6, ("a", "c"): 5e5, ("b", "c"): 0.0}
    chosen, spent = select_extra(
        list(scores), scores, count=2, epsilon=1.0, fits=lambda pairs: ("a", "b") not in pairs
    )
    # Scores a million apart: noisy max (scale 2 per unit at epsilon 0.5) keeps the order.
    assert chosen == [("a", "c")]
    assert spent == pytest.approx(1.0)


def test_tree_sampling_reproduces_the_model_and_repeats_with_its_seed() -> None:
    root = np.array([0.7, 0.3])
    joint = np.array([[0.6, 0.1], [0.05, 0.25]])  # P(a, b); P(a) = root
    models = {("a",): root, ("a", "b"): joint}

    def project(attrs: tuple[str, ...]) -> np.ndarray:
        return models[attrs] if attrs in models else models[attrs[::-1]].T

    rows = sample_tree(project, ["a", "b"], [("a", "b")], 200_000, np.random.default_rng(3))
    observed = np.bincount(rows["a"] * 2 + rows["b"], minlength=4).reshape(2, 2) / 200_000
    assert np.abs(observed - joint).max() < 0.01  # sampling error ~0.001
    again = sample_tree(project, ["a", "b"], [("a", "b")], 200_000, np.random.default_rng(3))
    assert all((rows[k] == again[k]).all() for k in rows)


def test_tree_predicts_a_pair_along_its_path() -> None:
    probs = {"a": np.array([0.5, 0.5]), "b": np.array([0.5, 0.5]), "c": np.array([0.5, 0.5])}
    noisy = {("a", "b"): np.array([[50, 0], [0, 50]]), ("b", "c"): np.array([[50, 0], [0, 50]])}
    predict = tree_predictions(["a", "b", "c"], [("a", "b"), ("b", "c")], probs, noisy)
    # a = b and b = c along the tree, so a = c.
    assert np.allclose(predict(("a", "c")), [[0.5, 0.0], [0.0, 0.5]])
