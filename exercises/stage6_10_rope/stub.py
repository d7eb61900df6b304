"""Exercise 6.10: rotary position embeddings (RoPE).

`kata show 6.10` prints the statement; `kata check 6.10` grades this file.
"""

import numpy as np

# Which features form a pair: "interleaved" for (x0, x1), (x2, x3), ...
# or "half" for (x_i, x_{i + d/2}). Set it to the one your apply_rope uses.
PAIRING = None  # TODO: "interleaved" or "half"


def apply_rope(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    """Rotate each feature pair of x by position * theta_i, theta_i = base ** (-2i / d).

    x: (..., seq, d) with d even; positions: (seq,) integers. Returns an array shaped like x.
    """
    # TODO: raise ValueError for an odd d; build the angles (seq, d/2); rotate every pair.
    raise NotImplementedError("apply_rope")
