"""Exercise 13.4: head dimension and per-head capacity. `kata show 13.4` prints the statement."""


def head_dim(d_model, h):
    """The dimension of one attention head; ValueError if d_model is not divisible by h."""
    # TODO
    raise NotImplementedError("head_dim")


# Set to the letter of your answer ("a", "b", "c" or "d").
CAPACITY_AT_64_HEADS = None
