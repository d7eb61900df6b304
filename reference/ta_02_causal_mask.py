"""Exercise ta.2: the causal mask (reference solution)."""

import numpy as np


def causal_mask(T):
    """(T, T) booleans, True where query i may NOT attend to key j (j > i); the diagonal is visible."""
    return np.triu(np.ones((T, T), dtype=bool), k=1)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _diagonal_hidden(T):
    return np.triu(np.ones((T, T), dtype=bool), k=0)


def _true_visible(T):
    return np.tril(np.ones((T, T), dtype=bool))


def _past_hidden(T):
    return np.tril(np.ones((T, T), dtype=bool), k=-1)


def _float_mask(T):
    return np.triu(np.ones((T, T)), k=1)


MISTAKES = (
    mistake("diagonal hidden (k=0)", "your mask hides the diagonal too (np.triu with k=0): a token could not "
            "attend to itself, and position 0 would have nothing left to attend to; use k=1",
            causal_mask=_diagonal_hidden),
    mistake("True means visible", "your mask is True where attention is allowed; in this course True means "
            "hidden (the future, j > i)", causal_mask=_true_visible),
    mistake("past hidden instead of future", "your mask hides the entries below the diagonal (the past) and "
            "shows the future; hide j > i, the part above the diagonal", causal_mask=_past_hidden),
    mistake("float mask", "your mask is made of floats (np.ones without dtype=bool); a mask is boolean, and "
            "`np.where(mask, ...)` or `~mask` on floats does not mean what you want", causal_mask=_float_mask),
)
