"""Exercise 13.11: attention output for given Q, K, V.

`kata show 13.11` prints the statement; `kata check 13.11` grades this file.
"""

import numpy as np


def attention(Q, K, V):
    """softmax(Q K^T / sqrt(d_k)) V for Q (..., n_q, d_k), K (..., n_k, d_k), V (..., n_k, d_v)."""
    # TODO: scores, a softmax over the keys, then the weighted sum of the values.
    raise NotImplementedError("attention")
