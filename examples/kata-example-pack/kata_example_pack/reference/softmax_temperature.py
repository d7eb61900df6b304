"""Exercise ex.1: softmax with a temperature (reference solution)."""

import numpy as np


def softmax(logits, temperature=1.0):
    """Probabilities over the last axis of logits / temperature; ValueError if temperature <= 0."""
    if not temperature > 0:
        raise ValueError(f"the temperature must be positive, got {temperature!r}")
    z = np.asarray(logits) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _no_max(logits, temperature=1.0):
    if not temperature > 0:
        raise ValueError("temperature")
    e = np.exp(np.asarray(logits) / temperature)
    return e / e.sum(axis=-1, keepdims=True)


def _times_temperature(logits, temperature=1.0):
    if not temperature > 0:
        raise ValueError("temperature")
    return softmax(np.asarray(logits) * temperature)


def _axis0(logits, temperature=1.0):
    if not temperature > 0:
        raise ValueError("temperature")
    z = np.asarray(logits) / temperature
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def _unchecked(logits, temperature=1.0):
    with np.errstate(all="ignore"):
        z = np.asarray(logits) / temperature
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)


MISTAKES = (
    mistake("no max subtraction", "exp(1000) overflows to inf and inf/inf is NaN: subtract the row maximum before "
            "exp (softmax does not change when a constant is subtracted from a row)", softmax=_no_max),
    mistake("multiplied by the temperature", "you multiply the logits by the temperature; divide them: a high "
            "temperature must flatten the distribution", softmax=_times_temperature),
    mistake("axis 0", "you normalise over axis 0; the probabilities are over the vocabulary, the last axis",
            softmax=_axis0),
    mistake("temperature not checked", "a temperature of 0 or below must raise ValueError, not return NaN or a "
            "reversed distribution", softmax=_unchecked),
)
