"""Exercise 13.5: causal masking, one pass versus token by token. `kata show 13.5` prints the statement."""

import numpy as np


def masked_forward(X, Wq, Wk, Wv):
    """Causal self-attention of X (n, d_model) in one pass: row t attends to rows 0..t only."""
    # TODO: all scores at once, a causal mask before the softmax, then weight V.
    raise NotImplementedError("masked_forward")


def incremental_forward(X, Wq, Wk, Wv):
    """The same outputs computed token by token: step t sees X[:t+1] only."""
    # TODO: loop over t; recompute the prefix's keys and values, or cache them one step at a time.
    raise NotImplementedError("incremental_forward")


# Set to the letter of your answer ("a", "b", "c" or "d").
ONE_PASS = None
