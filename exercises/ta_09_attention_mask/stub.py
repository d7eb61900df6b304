"""Exercise ta.9: architecture masks. `kata show ta.9` prints the statement."""

import numpy as np


def attention_mask(kind, T, pad=None):
    """kind "causal" or "bidirectional"; pad: (B, T) booleans, True = padding, or None.

    Returns booleans, True = may not attend: (T, T) without pad, (B, 1, T, T) with it.
    """
    # TODO
    raise NotImplementedError("attention_mask")


# Set to the letters of your answers ("a", "b", "c" or "d").
DECODER_ONLY_MASK = None
ENCODER_ONLY_MASK = None
