"""Exercise 13.17: a parameter count within 5% (reference solution, exact for the statement's model)."""


def param_count(V, d, L):
    """Parameters of the GPT-like model in the statement: vocabulary V, width d, L blocks."""
    attention = 4 * (d * d + d)  # W_Q, W_K, W_V, W_O and their biases
    feed_forward = (d * 4 * d + 4 * d) + (4 * d * d + d)  # d -> 4d -> d
    norms = 2 * (2 * d)  # two LayerNorms, scale and shift
    block = attention + feed_forward + norms  # 12 d^2 + 13 d
    embedding = V * d
    head = d * V + V  # untied output projection with a bias
    return embedding + L * block + 2 * d + head  # 2 d: the final LayerNorm


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _attention_only(V, d, L):
    return 4 * L * d**2 + 2 * V * d


def _one_layer(V, d, L):
    return 12 * d**2 + 2 * V * d


def _one_vocabulary_matrix(V, d, L):
    return 12 * L * d**2 + V * d


def _narrow_ffn(V, d, L):
    return 6 * L * d**2 + 2 * V * d


MISTAKES = (
    mistake("attention only", "you count the attention projections (4 d^2 per block) but not the feed-forward "
            "network, which holds twice as many: d x 4d and 4d x d", param_count=_attention_only),
    mistake("one layer only", "you count one block; there are L of them", param_count=_one_layer),
    mistake("one vocabulary matrix", "you count V x d once; this model has an embedding and a separate "
            "(untied) output head, 2 V d together, which matters when V is large next to d L",
            param_count=_one_vocabulary_matrix),
    mistake("FFN as wide as the model", "your feed-forward matrices are d x d; the hidden layer is 4d wide, "
            "so they hold 8 d^2 per block", param_count=_narrow_ffn),
)
