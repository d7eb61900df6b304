"""Exercise 13.31: pre-norm vs post-norm, a counterexample (reference solution)."""

import numpy as np


def prepost_counterexample():
    """An input and FFN/LayerNorm weights on which x + f(LN(x)) and LN(x + f(x)) clearly differ.

    One token of width 2 whose features have mean 2: post-norm returns a normalised row ([-1, 1]),
    pre-norm keeps x's mean on the residual path ([0.84, 3.84]). Identity FFN weights keep it readable.
    """
    return {
        "x": np.array([[1.0, 3.0]]),
        "W1": np.eye(2), "b1": np.zeros(2),
        "W2": np.eye(2), "b2": np.zeros(2),
        "gamma": np.ones(2), "beta": np.zeros(2),
    }


WHY_NOT_EQUIVALENT = "c"

REFLECTION = ("Post-norm always returns a LayerNorm output; pre-norm returns x + f(LN(x)), which keeps x's own "
              "mean and scale. With x = [1, 3] and identity FFN weights: pre [0.84, 3.84], post [-1, 1].")


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _all_zero():
    d, d_ff = 4, 8
    return {"x": np.zeros((2, d)), "W1": np.zeros((d, d_ff)), "b1": np.zeros(d_ff), "W2": np.zeros((d_ff, d)),
            "b2": np.zeros(d), "gamma": np.ones(d), "beta": np.zeros(d)}


def _zero_sublayer_normalised_input():
    x = np.random.default_rng(0).normal(size=(3, 4))
    example = _all_zero()
    example["x"] = (x - x.mean(-1, keepdims=True)) / x.std(-1, keepdims=True)
    return example


def _transposed():
    rng = np.random.default_rng(1)
    d, d_ff = 4, 8
    return {"x": rng.normal(size=(2, d)), "W1": rng.normal(size=(d_ff, d)), "b1": np.zeros(d_ff),
            "W2": rng.normal(size=(d, d_ff)), "b2": np.zeros(d), "gamma": np.ones(d), "beta": np.zeros(d)}


MISTAKES = (
    mistake("all-zero example", "with x = 0 and all weights 0 both blocks return 0 (LN(0) = beta = 0 and f(0) = 0): "
            "this is an example where they agree, the opposite of what is asked. Any generic x breaks it",
            prepost_counterexample=_all_zero),
    mistake("zero sublayer on a normalised input", "with f = 0 both blocks reduce to x vs LN(x), and on rows that "
            "are already normalised (gamma = 1, beta = 0) those are equal up to LayerNorm's eps; use nonzero FFN "
            "weights or rows with a nonzero mean", prepost_counterexample=_zero_sublayer_normalised_input),
    mistake("weights transposed", "W1 must be (d, d_ff) and W2 (d_ff, d), because the FFN computes "
            "gelu(x @ W1 + b1) @ W2 + b2 with x's features on the last axis", prepost_counterexample=_transposed),
)
