"""Exercise ta.7: the pre-LN residual step. `kata show ta.7` prints the statement."""

import numpy as np


def pre_ln_residual(x, f, eps=1e-5):
    """x + f(LN(x)), LN over the last axis without learned parameters; x: (d,) or (T, d)."""
    # TODO
    raise NotImplementedError("pre_ln_residual")


# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_PRE_LN = None
