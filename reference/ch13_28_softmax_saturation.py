"""Exercise 13.28: softmax saturation without the sqrt(d_k) scale (reference solution)."""

import numpy as np


def _softmax(scores, axis=-1):
    shifted = scores - scores.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def expected_max_softmax(d_k, scaled, n_keys, samples, seed):
    """Mean over `samples` draws of the largest softmax weight of q.k_j (/ sqrt(d_k) if scaled), unit-variance q, k."""
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((samples, d_k))
    k = rng.standard_normal((samples, n_keys, d_k))
    scores = np.einsum("sd,snd->sn", q, k)
    if scaled:
        scores = scores / np.sqrt(d_k)
    return float(_softmax(scores).max(axis=-1).mean())


def top_weight_lower_bound(gap, n_keys):
    """The least weight softmax can give the top score when it beats each of the other n_keys - 1 by at least gap."""
    return 1.0 / (1.0 + (n_keys - 1) * np.exp(-gap))


# The prediction: unscaled scores q.k_j have variance d_k, so their spread, and the gap between the two
# largest, grows like sqrt(d_k) = d_k ** 0.5.
PREDICTED_GAP_EXPONENT = 0.5

WHY_SATURATION_HURTS = "a"

REFLECTION = ("Unscaled scores have variance d_k, so their gaps grow like sqrt(d_k) and softmax, which only sees "
              "gaps, piles onto the argmax; the scale keeps the variance at 1 and the top weight where it was.")


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _variant(*, draw="normal", divide=lambda d_k: np.sqrt(d_k), when=lambda scaled: scaled, axis=-1):
    """expected_max_softmax with one thing changed (how components are drawn, the divisor, when, the axis)."""
    def expected_max(d_k, scaled, n_keys, samples, seed):
        rng = np.random.default_rng(seed)
        sample = rng.standard_normal if draw == "normal" else rng.random
        q, k = sample((samples, d_k)), sample((samples, n_keys, d_k))
        scores = np.einsum("sd,snd->sn", q, k)
        if when(scaled):
            scores = scores / divide(d_k)
        return float(_softmax(scores, axis=axis).max(axis=-1).mean())

    return expected_max


MISTAKES = (
    mistake("n_keys others counted in the bound", "the top key competes with the n_keys - 1 others, not with n_keys: "
            "the bound is 1 / (1 + (n_keys - 1) exp(-gap))",
            top_weight_lower_bound=lambda gap, n_keys: 1.0 / (1.0 + n_keys * np.exp(-gap))),
    mistake("exp(+gap) in the bound", "each other key's weight relative to the top one is exp(s_j - s_max) <= exp(-gap): "
            "the sign is minus", top_weight_lower_bound=lambda gap, n_keys: 1.0 / (1.0 + (n_keys - 1) * np.exp(gap))),
    mistake("the gap grows like the variance", "the variance of the scores grows like d_k, but a gap is measured in "
            "standard deviations: it grows like sqrt(d_k), exponent 0.5", PREDICTED_GAP_EXPONENT=1.0),
    mistake("scale forgotten", "your scores are never divided by sqrt(d_k), even when scaled=True",
            expected_max_softmax=_variant(when=lambda scaled: False)),
    mistake("scaled flag ignored (always scaled)", "you divide by sqrt(d_k) even when scaled=False; the unscaled "
            "case is the one that saturates", expected_max_softmax=_variant(when=lambda scaled: True)),
    mistake("divided by d_k", "you divide the scores by d_k instead of sqrt(d_k): their variance becomes 1/d_k, so "
            "the softmax drifts towards uniform (1/n_keys) as d_k grows, the opposite failure",
            expected_max_softmax=_variant(divide=lambda d_k: d_k)),
    mistake("softmax over the wrong axis", "your softmax normalises over the samples (axis 0), not over the keys "
            "of each sample (the last axis)", expected_max_softmax=_variant(axis=0)),
    mistake("uniform components", "your components are uniform on [0, 1) (np.random.rand / rng.random): mean 0.5, "
            "variance 1/12. The argument assumes mean 0, variance 1: use rng.standard_normal",
            expected_max_softmax=_variant(draw="uniform")),
)
