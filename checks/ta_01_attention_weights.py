"""Checks for ta.1: scaled, stable attention weights."""

import numpy as np
import pytest

from exercises.ta_01_attention_weights.questions import CHOICES
from kata.testing import choice_check, declare, expect_same, input_not_mutated, points

BOOK = (np.array([1.0, 0.0]), np.array([[1.0, 0.0], [0.0, 1.0]]))


def _expect_weights(solution, reference, q, K, atol=1e-12):
    # rtol 1e-8 accepts a softmax written another valid way (dividing by sum + 1e-10 is 1e-10 relative, float64
    # round-off is ~1e-15); the mildest mistake (dividing by sqrt(n) for sqrt(d)) moves weights by over 1e-3.
    expect_same(lambda m: m.attention_weights(q.copy(), K.copy()), solution, reference, atol=atol, rtol=1e-8,
                what=f"attention_weights(q of shape {q.shape}, K of shape {K.shape})")


@points(2)
@pytest.mark.parametrize("d, n", [(2, 2), (4, 7), (16, 5), (64, 3)], ids=str)
def test_one_query(solution, reference, d, n, rng):
    """one query: the weights match the reference (the book's 2-d example first)"""
    q, K = BOOK if d == 2 else (rng.normal(size=d), rng.normal(size=(n, d)))
    _expect_weights(solution, reference, q, K)


@points(1)
@pytest.mark.parametrize("m, d, n", [(3, 8, 5), (6, 4, 9)], ids=str)
def test_batch_of_queries(solution, reference, m, d, n, rng):
    """a batch of queries: each row is its own softmax over the keys"""
    _expect_weights(solution, reference, rng.normal(size=(m, d)), rng.normal(size=(n, d)))


@points(1)
@pytest.mark.parametrize("level", [1000.0, -1000.0, 5000.0], ids=str)
def test_large_scores_do_not_overflow(solution, reference, level, rng):
    """scores near +-1000 give finite weights equal to the reference's"""
    d, n = 8, 6
    q = rng.normal(size=d)
    # every key is level * sqrt(d) / |q|^2 times q plus noise: scores = level + O(1), so the answer is not one-hot
    K = level * np.sqrt(d) / (q @ q) * q + rng.normal(size=(n, d))
    _expect_weights(solution, reference, q, K, atol=1e-9)  # scores of 1000 carry 1e-13 absolute round-off


test_choices = choice_check(CHOICES)


# ---- contracts ----------------------------------------------------------------------------------


def _query_and_keys(rng):
    return {"q": rng.normal(size=(3, 8)), "K": rng.normal(size=(5, 8))}


globals().update(declare(
    input_not_mutated("attention_weights(q, K)", lambda m, q, K: m.attention_weights(q, K), _query_and_keys),
    opt_out={"repeated calls": "a function of q and K alone, with no state",
             "constructor arguments": "a function, not a class",
             "inputs as given": "one query and batches of queries are both tried above",
             "types as stated": "the statement states no dtype",
             "validation as stated": "the statement asks for no error",
             "extremes": "test_large_scores_do_not_overflow tries scores near +-1000 and +5000",
             "weights distinct": "no weights"},
))
