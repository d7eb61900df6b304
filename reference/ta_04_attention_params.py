"""Exercise ta.4: attention parameter count (reference solution)."""


def attention_params(d, bias):
    """Parameters of the Q, K, V and output projections (d x d each), with their biases when bias is true."""
    per_projection = d * d + (d if bias else 0)
    return 4 * per_projection


MORE_HEADS = "d"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _no_biases(d, bias):
    return 4 * d * d


def _three_projections(d, bias):
    return 3 * (d * d + (d if bias else 0))


def _one_bias(d, bias):
    return 4 * d * d + (d if bias else 0)


def _square_biases(d, bias):
    return 4 * d * d + (4 * d * d if bias else 0)


def _float_count(d, bias):
    return 4.0 * (d * d + (d if bias else 0))

MISTAKES = (
    mistake("missing biases", "your count ignores `bias`: with biases each of the four projections adds a "
            "d-vector, 4 * d more", attention_params=_no_biases),
    mistake("no output projection", "you count Q, K and V only; the output projection W_o (d x d, plus its "
            "bias) that mixes the heads is part of the layer too", attention_params=_three_projections),
    mistake("one bias vector", "you add a single bias of d; each of the four projections has its own",
            attention_params=_one_bias),
    mistake("biases counted as d*d", "a bias is a vector of d numbers, one per output feature, not a d x d matrix",
            attention_params=_square_biases),
    mistake("count as a float", "your count is a float (4.0 * ...); a number of parameters is an int: keep the "
            "arithmetic in integers", attention_params=_float_count),
)
