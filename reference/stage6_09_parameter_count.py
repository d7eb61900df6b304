"""Exercise 6.9: parameter counting (reference solution)."""


def param_breakdown(vocab, d_model, n_heads, n_layers, d_ff, max_len, tied=True):
    """The parameter count of a GPT-style transformer, by part.

    Returns {"embedding", "attention" (one layer), "ffn" (one layer), "norms" (all), "head", "total"},
    each an int.
    """
    d = d_model
    embedding = vocab * d + max_len * d  # token + learned position embeddings
    attention = 4 * (d * d + d)  # W_q, W_k, W_v, W_o and their biases; n_heads only splits them
    ffn = d * d_ff + d_ff + d_ff * d + d
    norms = (2 * n_layers + 1) * 2 * d  # gamma and beta, two per block and a final one
    head = 0 if tied else d * vocab + vocab
    total = embedding + n_layers * (attention + ffn) + norms + head
    return {"embedding": embedding, "attention": attention, "ffn": ffn, "norms": norms, "head": head,
            "total": total}


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _variant(vocab, d_model, n_layers, d_ff, max_len, tied, *, biases=True, qkvo=4, tie_aware=True,
             norms_per_block=2, final_norm=1, positions=True):
    """The reference with one term counted wrongly, to build the mistakes below."""
    d = d_model
    embedding = vocab * d + (max_len * d if positions else 0)
    attention = qkvo * (d * d + (d if biases else 0))
    ffn = 2 * d * d_ff + ((d_ff + d) if biases else 0)
    norms = (norms_per_block * n_layers + final_norm) * 2 * d
    head = 0 if tied and tie_aware else d * vocab + vocab
    total = embedding + n_layers * (attention + ffn) + norms + head
    return {"embedding": embedding, "attention": attention, "ffn": ffn, "norms": norms, "head": head,
            "total": total}


def _wrong(**change):
    def breakdown(vocab, d_model, n_heads, n_layers, d_ff, max_len, tied=True):
        return _variant(vocab, d_model, n_layers, d_ff, max_len, tied, **change)
    return breakdown


def _per_head_float(vocab, d_model, n_heads, n_layers, d_ff, max_len, tied=True):
    counts = param_breakdown(vocab, d_model, n_heads, n_layers, d_ff, max_len, tied)
    d_head = d_model / n_heads  # true division: every count built on it becomes a float
    attention = n_heads * 4 * d_model * d_head + 4 * d_model
    return {**counts, "attention": attention,
            "total": counts["total"] - counts["attention"] * n_layers + attention * n_layers}

MISTAKES = (
    mistake("missing biases", "every projection has a bias: attention adds 4*d_model, the FFN d_ff + d_model",
            param_breakdown=_wrong(biases=False)),
    mistake("K and V forgotten", "attention has four projections, queries, keys, values and the output: "
            "4 * (d_model**2 + d_model)", param_breakdown=_wrong(qkvo=2)),
    mistake("untied head counted when tied", "a tied head reuses the token embedding matrix: it adds no "
            "parameters (head = 0)", param_breakdown=_wrong(tie_aware=False)),
    mistake("norms forgotten", "each LayerNorm learns gamma and beta (2*d_model): two per block and a final one",
            param_breakdown=_wrong(norms_per_block=0, final_norm=0)),
    mistake("final LayerNorm forgotten", "a pre-norm model has one more LayerNorm after the last block",
            param_breakdown=_wrong(final_norm=0)),
    mistake("position embeddings forgotten", "learned position embeddings are a max_len x d_model table, "
            "part of \"embedding\"", param_breakdown=_wrong(positions=False)),
    mistake("counts as floats", "your attention count is a float: d_model / n_heads is a float even when it "
            "divides evenly; every count is an int (use //)", param_breakdown=_per_head_float),
)
