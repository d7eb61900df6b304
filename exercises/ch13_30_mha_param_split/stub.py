"""Exercise 13.30: multi-head attention has 4 d^2 weights for any h. `kata show 13.30` prints the statement."""


def mha_param_breakdown(d, h):
    """One dict per head: the number of weights of its slice of W_q, W_k, W_v and its share of W_o."""
    # TODO: ValueError if h does not divide d; then the per-head counts.
    raise NotImplementedError("mha_param_breakdown")


# Optional, ungraded: the argument in your own words (shown beside a model answer once you pass).
REFLECTION = ""
