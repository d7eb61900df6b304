"""Exercise 13.10: tiled attention with an online softmax. `kata show 13.10` prints the statement."""

import numpy as np


def tiled_attention(Q, K, V, block):
    """softmax(Q K^T / sqrt(d)) V over blocks of `block` keys; never holds the n_q x n_k score matrix.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    """
    # TODO: running max m, running sum l, unnormalised output acc per query row;
    # for each block of keys: scores, new max, rescale l and acc, add the block; return acc / l.
    raise NotImplementedError("tiled_attention")


# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_FLASH_IS_EXACT = None

# Optional, ungraded: the explanation in your own words (shown beside a model answer once you pass).
REFLECTION = ""
