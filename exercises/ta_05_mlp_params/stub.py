"""Exercise ta.5: feed-forward parameter count. `kata show ta.5` prints the statement."""


def mlp_params(d, d_ff, bias):
    """Parameters of W1 (d x d_ff) and W2 (d_ff x d), with b1 (d_ff) and b2 (d) when bias is true."""
    # TODO
    raise NotImplementedError("mlp_params")
