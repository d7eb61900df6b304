"""Exercise 13.26: shifting a sinusoidal encoding by k positions is a matrix. `kata show 13.26` prints the statement."""

import numpy as np


def sinusoidal_shift_matrix(k, d_model):
    """M_k of shape (d_model, d_model) with PE(pos + k) = M_k @ PE(pos) for every pos (interleaved sin/cos)."""
    # TODO: one 2x2 block per frequency, on the diagonal; ValueError for an odd d_model.
    raise NotImplementedError("sinusoidal_shift_matrix")


# Optional, ungraded: the proof in your own words (shown beside a model answer once you pass).
REFLECTION = ""
