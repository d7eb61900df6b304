"""Exercise ex.1: softmax with a temperature.

`kata show ex.1` prints the statement; `kata check ex.1` grades this file.
"""

import numpy as np


def softmax(logits, temperature=1.0):
    """Probabilities over the last axis of logits / temperature; ValueError if temperature <= 0."""
    # TODO: check the temperature, scale the logits, subtract the row maximum, exponentiate, normalise.
    raise NotImplementedError("softmax")
