"""Exercise 13.27: the RoPE score depends only on n - m. `kata show 13.27` prints the statement."""

import numpy as np


def rotate(x, pos, base=10000.0):
    """A suggested helper: R_pos x for x of shape (..., d), interleaved pairs (x[2i], x[2i+1])."""
    # TODO
    raise NotImplementedError("rotate")


def rope_score(q, k, m, n):
    """<R_m q, R_n k> over the last axis."""
    # TODO
    raise NotImplementedError("rope_score")


def relative_score(q, k, delta):
    """The same score from the offset delta = n - m alone."""
    # TODO
    raise NotImplementedError("relative_score")


# Optional, ungraded: the proof in your own words (shown beside a model answer once you pass).
REFLECTION = ""
