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


# Each mistake comes twice: on the 12 L d^2 + 2 V d estimate, and on the exact count (biases and LayerNorms
# included), so it is named whichever way the learner counts.

def _exact(V, d, L, *, ffn_width=4, layers=None, head=True):
    """The exact count of the statement's model, with one part changed the way a mistake changes it."""
    attention = 4 * (d * d + d)
    feed_forward = (d * ffn_width * d + ffn_width * d) + (ffn_width * d * d + d) if ffn_width else 0
    block = attention + feed_forward + 2 * (2 * d)
    output = d * V + V if head else 0
    return V * d + (L if layers is None else layers) * block + 2 * d + output


def _attention_only(V, d, L):
    return 4 * L * d**2 + 2 * V * d


def _one_layer(V, d, L):
    return 12 * d**2 + 2 * V * d


def _one_vocabulary_matrix(V, d, L):
    return 12 * L * d**2 + V * d


def _narrow_ffn(V, d, L):
    return 6 * L * d**2 + 2 * V * d


_FFN = ("you count the attention projections (4 d^2 per block) but not the feed-forward network, which holds "
        "twice as many: d x 4d and 4d x d")
_LAYERS = "you count one block; there are L of them"
_VOCABULARY = ("you count V x d once; this model has an embedding and a separate (untied) output head, 2 V d "
               "together, which matters when V is large next to d L")
_WIDTH = "your feed-forward matrices are d x d; the hidden layer is 4d wide, so they hold 8 d^2 per block"

MISTAKES = (
    mistake("attention only", _FFN, param_count=_attention_only),
    mistake("one layer only", _LAYERS, param_count=_one_layer),
    mistake("one vocabulary matrix", _VOCABULARY, param_count=_one_vocabulary_matrix),
    mistake("FFN as wide as the model", _WIDTH, param_count=_narrow_ffn),
    mistake("attention only, exact count", _FFN, param_count=lambda V, d, L: _exact(V, d, L, ffn_width=0)),
    mistake("one layer only, exact count", _LAYERS, param_count=lambda V, d, L: _exact(V, d, L, layers=1)),
    mistake("tied head, exact count", _VOCABULARY + " (a tied head also has no bias here)",
            param_count=lambda V, d, L: _exact(V, d, L, head=False)),
    mistake("FFN as wide as the model, exact count", _WIDTH, param_count=lambda V, d, L: _exact(V, d, L, ffn_width=1)),
)
