"""Exercise 13.13: training compute, 6 N D (reference solution)."""


def training_flops(N, D):
    """FLOPs to train a model of N parameters on D tokens."""
    forward = 2 * N * D  # one multiply-add per weight per token
    backward = 2 * forward  # gradients for the inputs and for the weights
    return forward + backward


WHY_SIX = "b"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _forward_only(N, D):
    return 2 * N * D


def _backward_like_forward(N, D):
    return 4 * N * D


def _n_times_d(N, D):
    return N * D


MISTAKES = (
    mistake("forward only", "2 N D is the forward pass alone (the cost of inference); training adds a backward "
            "pass that costs twice as much: 6 N D", training_flops=_forward_only),
    mistake("backward as cheap as forward", "4 N D counts the backward pass like the forward; it computes two "
            "products per weight (input gradient and weight gradient), so it costs 4 N D by itself",
            training_flops=_backward_like_forward),
    mistake("N times D", "N D counts one operation per parameter per token; a multiply-add is 2 FLOPs, and "
            "training needs forward and backward: 6 N D", training_flops=_n_times_d),
)
