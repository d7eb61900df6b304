"""Exercise 13.12: estimating parameters with 12 L d^2 + 2 V d (reference solution)."""


def approx_params(L, d, V):
    """Estimated parameter count of a transformer with L layers, width d and vocabulary V."""
    attention = 4 * d * d  # W_Q, W_K, W_V, W_O
    feed_forward = 2 * d * (4 * d)  # d -> 4d -> d
    return L * (attention + feed_forward) + 2 * V * d  # token embedding + untied output projection


WHERE_THE_12_COMES_FROM = "c"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _attention_only(L, d, V):
    return 4 * L * d**2 + 2 * V * d


def _one_vocabulary_matrix(L, d, V):
    return 12 * L * d**2 + V * d


def _narrow_ffn(L, d, V):
    return 6 * L * d**2 + 2 * V * d


def _linear_in_d(L, d, V):
    return 12 * L * d + 2 * V * d


def _float_estimate(L, d, V):
    return 12 * L * d**2 + 2.0 * V * d

MISTAKES = (
    mistake("attention only", "you count 4 L d^2, the attention projections alone; the feed-forward network "
            "adds 8 d^2 per layer (d x 4d and 4d x d)", approx_params=_attention_only),
    mistake("one vocabulary matrix", "you count V d once; the estimate counts the input embedding and the "
            "(untied) output projection: 2 V d", approx_params=_one_vocabulary_matrix),
    mistake("FFN as wide as the model", "your feed-forward matrices are d x d; its hidden layer is 4d wide, "
            "so it holds 8 d^2, not 2 d^2", approx_params=_narrow_ffn),
    mistake("d instead of d squared", "each projection is a d x d matrix: the layer term grows as d^2",
            approx_params=_linear_in_d),
    mistake("estimate as a float", "your estimate is a float (a float literal such as 2.0 or a / division); the "
            "statement asks for an int for int inputs", approx_params=_float_estimate),
)
