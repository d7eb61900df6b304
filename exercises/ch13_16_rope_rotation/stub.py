"""Exercise 13.16: the RoPE rotation of one pair of dimensions. `kata show 13.16` prints the statement."""

import numpy as np


def rope_rotation(m, omega):
    """The 2x2 matrix turning a pair (q0, q1) counter-clockwise by the angle m * omega."""
    # TODO
    raise NotImplementedError("rope_rotation")
