"""Exercise 13.19: scaled dot-product attention in at most 10 lines.

`kata show 13.19` prints the statement; `kata check 13.19` grades this file.
"""

import math  # noqa: F401  (you will want math.sqrt)

import torch  # noqa: F401


def scaled_dot_product_attention(q, k, v, mask=None, is_causal=False):
    """softmax(q k^T / sqrt(d_k) + mask) v over the last two axes; bool mask True = may attend."""
    # TODO: scores, the mask (boolean, additive or causal), the softmax over the keys, the values.
    # At most 10 lines of code in this body (comments and this docstring are not counted).
    raise NotImplementedError("scaled_dot_product_attention")
