"""Exercise 13.6: what a transformer sees without positional encoding (reference solution)."""

import numpy as np


def make_model(embedding, block, positional=None):
    """A tiny encoder, tokens (T,) -> outputs (T, d_model): embed, add positions if given, one block."""

    def model(tokens):
        x = embedding.forward(tokens)
        if positional is not None:
            x = positional.forward(x)
        return block.forward(x)

    return model


def order_sensitivity(model, tokens, perm):
    """max |model(tokens[perm]) - model(tokens)[perm]|: 0 when reordering the tokens only reorders the outputs."""
    tokens, perm = np.asarray(tokens), np.asarray(perm)
    return float(np.max(np.abs(model(tokens[perm]) - model(tokens)[perm])))


WHY_POSITIONS = "b"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _positions_after_block(embedding, block, positional=None):
    def model(tokens):
        y = block.forward(embedding.forward(tokens))
        return positional.forward(y) if positional is not None else y

    return model


def _positions_ignored(embedding, block, positional=None):
    return lambda tokens: block.forward(embedding.forward(tokens))


def _sensitivity_inverse(model, tokens, perm):
    tokens, perm = np.asarray(tokens), np.asarray(perm)
    return float(np.max(np.abs(model(tokens[perm]) - model(tokens)[np.argsort(perm)])))


MISTAKES = (
    mistake("positions after the block", "the positional encoding is added to the block's output; it must be "
            "added to the embeddings, before the block, so attention can use it", make_model=_positions_after_block),
    mistake("positions ignored", "make_model never uses `positional`, so the model stays blind to order: add "
            "positional.forward(...) to the embeddings when it is given", make_model=_positions_ignored),
    mistake("inverse permutation", "model(tokens)[argsort(perm)] undoes the reordering instead of applying it; "
            "compare model(tokens[perm]) with model(tokens)[perm]", order_sensitivity=_sensitivity_inverse),
)
