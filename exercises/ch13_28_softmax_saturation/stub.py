"""Exercise 13.28: softmax saturation without the sqrt(d_k) scale. `kata show 13.28` prints the statement."""

import numpy as np


def expected_max_softmax(d_k, scaled, n_keys, samples, seed):
    """Mean over `samples` draws of the largest softmax weight of q.k_j (/ sqrt(d_k) if scaled), unit-variance q, k."""
    # TODO: draw with np.random.default_rng(seed); scores; softmax over the keys; top weight; mean.
    raise NotImplementedError("expected_max_softmax")


def top_weight_lower_bound(gap, n_keys):
    """The least weight softmax can give the top score when it beats each of the other n_keys - 1 by at least gap."""
    # TODO: each other weight, relative to the top one, is exp(s_j - s_max) <= exp(-gap).
    raise NotImplementedError("top_weight_lower_bound")


# Your prediction, BEFORE you run the sweep: the gap between the two largest unscaled scores grows like
# d_k ** p. What is p?
PREDICTED_GAP_EXPONENT = None

# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_SATURATION_HURTS = None

# Optional, ungraded: the argument in your own words (shown beside a model answer once you pass).
REFLECTION = ""
