"""Exercise 6.9: parameter counting.

`kata show 6.9` prints the statement; `kata check 6.9` grades this file.
"""


def param_breakdown(vocab, d_model, n_heads, n_layers, d_ff, max_len, tied=True):
    """The parameter count of a GPT-style transformer, by part.

    Returns {"embedding", "attention" (one layer), "ffn" (one layer), "norms" (all), "head", "total"},
    each an int.
    """
    # TODO
    raise NotImplementedError("param_breakdown")
