"""Exercise ta.4: attention parameter count. `kata show ta.4` prints the statement."""


def attention_params(d, bias):
    """Parameters of the Q, K, V and output projections (d x d each), with their biases when bias is true."""
    # TODO
    raise NotImplementedError("attention_params")


# Set to the letter of your answer ("a", "b", "c" or "d").
MORE_HEADS = None
