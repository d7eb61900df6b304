"""Exercise ta.5: feed-forward parameter count (reference solution)."""


def mlp_params(d, d_ff, bias):
    """Parameters of W1 (d x d_ff) and W2 (d_ff x d), with b1 (d_ff) and b2 (d) when bias is true."""
    weights = d * d_ff + d_ff * d
    return weights + (d_ff + d if bias else 0)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _no_biases(d, d_ff, bias):
    return 2 * d * d_ff


def _four_d(d, d_ff, bias):
    return mlp_params(d, 4 * d, bias)


def _biases_d_ff(d, d_ff, bias):
    return 2 * d * d_ff + (2 * d_ff if bias else 0)


def _one_layer(d, d_ff, bias):
    return d * d_ff + (d_ff if bias else 0)


def _float_count(d, d_ff, bias):
    return d * d_ff * 2.0 + (d_ff + d if bias else 0)

MISTAKES = (
    mistake("missing biases", "your count ignores `bias`: with biases, b1 adds d_ff and b2 adds d",
            mlp_params=_no_biases),
    mistake("d_ff assumed to be 4d", "you use 4 * d for the hidden width; use the d_ff you are given (not every "
            "model uses 4d)", mlp_params=_four_d),
    mistake("both biases of size d_ff", "b2 belongs to the second layer, whose output is d wide: the biases are "
            "d_ff + d, not 2 * d_ff", mlp_params=_biases_d_ff),
    mistake("one linear layer", "you count only the first linear layer; the block has two, W1 (d x d_ff) and "
            "W2 (d_ff x d)", mlp_params=_one_layer),
    mistake("count as a float", "your count is a float (... * 2.0); a number of parameters is an int: keep the "
            "arithmetic in integers", mlp_params=_float_count),
)
