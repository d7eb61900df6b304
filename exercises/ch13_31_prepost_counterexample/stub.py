"""Exercise 13.31: pre-norm vs post-norm, a counterexample. `kata show 13.31` prints the statement."""

import numpy as np


def prepost_counterexample():
    """An input and FFN/LayerNorm weights on which x + f(LN(x)) and LN(x + f(x)) clearly differ.

    Returns {"x", "W1", "b1", "W2", "b2", "gamma", "beta"} as float arrays (shapes in the statement).
    """
    # TODO
    raise NotImplementedError("prepost_counterexample")


# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_NOT_EQUIVALENT = None

# Optional, ungraded: the argument in your own words (shown beside a model answer once you pass).
REFLECTION = ""
