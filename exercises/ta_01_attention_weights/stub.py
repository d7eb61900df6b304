"""Exercise ta.1: scaled attention weights. `kata show ta.1` prints the statement."""

import numpy as np


def attention_weights(q, K):
    """Softmax of q @ K.T / sqrt(d) over the keys; q: (d,) or (m, d), K: (n, d) -> (n,) or (m, n)."""
    # TODO: scale the scores, then a softmax that cannot overflow.
    raise NotImplementedError("attention_weights")


# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_SQRT_D = None
