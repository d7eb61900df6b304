"""Exercise ta.2: the causal mask. `kata show ta.2` prints the statement."""

import numpy as np


def causal_mask(T):
    """(T, T) booleans, True where query i may NOT attend to key j (j > i); the diagonal is visible."""
    # TODO
    raise NotImplementedError("causal_mask")
