"""Exercise 13.6: positional encoding and order. `kata show 13.6` prints the statement."""

import numpy as np


def make_model(embedding, block, positional=None):
    """A tiny encoder: return model(tokens) -> (T, d_model) that embeds, adds positions if given, runs the block."""
    # TODO: define and return an inner function of `tokens`.
    raise NotImplementedError("make_model")


def order_sensitivity(model, tokens, perm):
    """max |model(tokens[perm]) - model(tokens)[perm]| as a float: 0 when the model is blind to order."""
    # TODO
    raise NotImplementedError("order_sensitivity")


# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_POSITIONS = None
