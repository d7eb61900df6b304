"""Exercise ex.2: perplexity from token losses. `kata show ex.2` prints the statement."""

import math


def perplexity(losses):
    """exp of the mean per-token loss (natural log); ValueError for an empty sequence."""
    # TODO
    raise NotImplementedError("perplexity")


# Set to the letter of your answer ("a", "b", "c" or "d").
UNIFORM_PERPLEXITY = None
