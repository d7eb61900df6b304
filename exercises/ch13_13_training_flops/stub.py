"""Exercise 13.13: training compute, 6 N D. `kata show 13.13` prints the statement."""


def training_flops(N, D):
    """FLOPs to train a model of N parameters on D tokens."""
    # TODO: forward and backward, per parameter and per token.
    raise NotImplementedError("training_flops")


# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_SIX = None
