"""Exercise 13.29: inference FLOPs per token, about 2N (reference solution)."""


def forward_flops_per_token(config, n_ctx):
    """Exact matmul flops (2 per multiply-add) of one token's forward pass through a decoder-only model.

    Per layer: Q, K, V, output projections (4 d^2 weights), FFN (2 d d_ff weights), each weight one
    multiply-add; attention adds n_ctx * d multiply-adds for the scores and as many for the value mix.
    Then the unembedding (d * vocab weights). The embedding lookup is indexing: 0 flops.
    """
    d, layers, d_ff, vocab = (int(config[key]) for key in ("d_model", "n_layers", "d_ff", "vocab"))
    weights = 4 * d * d + 2 * d * d_ff
    attention = 2 * n_ctx * d
    return 2 * (layers * (weights + attention) + d * vocab)


WHY_2N = "d"

REFLECTION = ("Each weight is used in one multiply-add (2 flops) per token, so the matmuls cost 2N; attention "
              "adds 4 n_layers n_ctx d, small next to 24 n_layers d^2 while n_ctx << 6d.")


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from functools import partial  # noqa: E402

from kata.mistakes import mistake  # noqa: E402


def _count(config, n_ctx, *, per_mac=2, scores=1, mix=1, unembed=1, embed=0, ffn_width=None):
    """The count with one piece changed; the defaults give the right answer."""
    d, layers, vocab = (int(config[key]) for key in ("d_model", "n_layers", "vocab"))
    d_ff = 4 * d if ffn_width == "4d" else int(config["d_ff"])
    macs = layers * (4 * d * d + 2 * d * d_ff + (scores + mix) * n_ctx * d) + (unembed + embed) * d * vocab
    return per_mac * macs


MISTAKES = (
    mistake("1 flop per multiply-add", "you count one flop per multiply-add; a multiply-add is two flops (a "
            "multiplication and an addition), which is where the 2 in 2N comes from",
            forward_flops_per_token=partial(_count, per_mac=1)),
    mistake("attention-score flops forgotten", "your count does not grow with n_ctx: the query's dot products "
            "with the n_ctx keys and the weighted sum of the n_ctx values are matmuls too (2 * n_ctx * d_model "
            "flops each per layer)", forward_flops_per_token=partial(_count, scores=0, mix=0)),
    mistake("weighted sum of values forgotten", "you count the q.k scores but not the attention-weighted sum of "
            "the n_ctx value vectors, which costs as much (n_ctx * d_model multiply-adds per layer)",
            forward_flops_per_token=partial(_count, mix=0)),
    mistake("unembedding forgotten", "the final projection to the vocabulary (a d_model x vocab matrix) is a matmul "
            "of 2 * d_model * vocab flops", forward_flops_per_token=partial(_count, unembed=0)),
    mistake("FFN width assumed 4 d_model", "you use 4 * d_model for the FFN width; read config['d_ff'] (many "
            "models use another ratio)", forward_flops_per_token=partial(_count, ffn_width="4d")),
    mistake("embedding lookup counted as a matmul", "the input embedding is a table lookup (indexing one row), "
            "not a matrix product: it costs no flops", forward_flops_per_token=partial(_count, embed=1)),
)
