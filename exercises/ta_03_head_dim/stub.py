"""Exercise ta.3: the head dimension. `kata show ta.3` prints the statement."""


def head_dim(d_model, n_heads):
    """d_model / n_heads as an int; ValueError when n_heads <= 0 or the split is not exact."""
    # TODO
    raise NotImplementedError("head_dim")


# Set to the letter of your answer ("a", "b", "c" or "d").
UNEVEN_SPLIT = None
