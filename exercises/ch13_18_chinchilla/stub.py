"""Exercise 13.18: the Chinchilla compute-optimal (N, D). `kata show 13.18` prints the statement."""


def chinchilla_optimal(compute):
    """(N, D): parameters and tokens that spend `compute` FLOPs (C = 6 N D) at D = 20 N."""
    # TODO
    raise NotImplementedError("chinchilla_optimal")


# Set to the letter of your answer ("a", "b", "c" or "d").
GPT3_BY_CHINCHILLA = None
