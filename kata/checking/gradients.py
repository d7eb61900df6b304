"""Central finite differences, the yardstick for hand-written NumPy ``backward`` methods."""

from __future__ import annotations

from typing import Callable

import numpy as np


def finite_difference(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f() / d x by central differences, perturbing ``x`` in place (and restoring it).

    ``f`` takes no arguments so it can read ``x`` and any parameter array through a closure:
    the same function differentiates with respect to inputs and to weights.
    """
    grad = np.zeros_like(x, dtype=np.float64)
    flat, out = x.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, x):
        raise ValueError("finite_difference needs a contiguous array it can perturb in place")
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + eps
        up = f()
        flat[i] = keep - eps
        down = f()
        flat[i] = keep
        out[i] = (up - down) / (2 * eps)
    return grad
