"""Checks for ta.9: causal, bidirectional and padded attention masks."""

import numpy as np
import pytest

from exercises.ta_09_attention_mask.questions import CHOICES
from kata.parts import MultiHeadAttention
from kata.testing import choice_check, expect_close, expect_raises, expect_same, known, points


def _padding(rng, B, T):
    """(B, T) booleans, True = padding: the first row unpadded, then right-padded rows, the last left-padded."""
    lengths = rng.integers(1, T, size=B)
    lengths[0] = T
    pad = np.arange(T)[None, :] >= lengths[:, None]
    pad[-1] = pad[-1, ::-1]
    return pad


def _expect_mask(solution, reference, kind, T, pad=None):
    shown = "None" if pad is None else f"pad of shape {pad.shape}"
    expect_same(lambda m: m.attention_mask(kind, T, None if pad is None else pad.copy()), solution, reference,
                atol=0, what=f"attention_mask({kind!r}, {T}, {shown})")


@points(1)
@pytest.mark.parametrize("T", [4, 1, 9])
def test_causal(solution, reference, T):
    """decoder-only: the causal (T, T) mask"""
    _expect_mask(solution, reference, "causal", T)


@points(1)
@pytest.mark.parametrize("T", [4, 1, 9])
def test_bidirectional(solution, reference, T):
    """encoder-only: the bidirectional (T, T) mask hides nothing"""
    _expect_mask(solution, reference, "bidirectional", T)


@points(2)
@pytest.mark.parametrize("kind", ["causal", "bidirectional"])
@pytest.mark.parametrize("B, T", [(3, 5), (4, 8)], ids=str)
def test_padded_batch(solution, reference, kind, B, T, rng):
    """padded batches: (B, 1, T, T), padding keys hidden in every row"""
    _expect_mask(solution, reference, kind, T, _padding(rng, B, T))


@points(1)
@pytest.mark.parametrize("kind", ["causal", "bidirectional"])
def test_mask_in_attention(solution, kind, rng):
    """in real attention, padding and (for causal) the future do not reach real tokens"""
    B, T, d = 3, 6, 8
    pad = _padding(rng, B, T)
    mask = solution.attention_mask(kind, T, pad.copy())
    attention = MultiHeadAttention(d, 2, rng)
    attention.W_q *= 40.0  # sharp attention: a leak shows well above rounding
    # the attention is kata.parts' own, so with a right mask the real rows are bit-identical (0 measured); the
    # padding mistakes move them by >= 5e-3
    x = rng.normal(size=(B, T, d))
    refilled = np.where(pad[..., None], rng.normal(size=(B, T, d)), x)
    real = ~pad
    expect_close(attention(refilled, mask)[real], attention(x, mask)[real], atol=1e-12,
                 what=f"the real tokens' outputs once the padding tokens are changed ({kind} mask), against before")
    if kind == "causal":
        t = 2
        changed = x.copy()
        changed[:, t + 1:] = rng.normal(size=(B, T - t - 1, d))
        before = real[:, : t + 1]
        expect_close(attention(changed, mask)[:, : t + 1][before], attention(x, mask)[:, : t + 1][before],
                     atol=1e-12, what=f"the outputs of tokens 0..{t} once tokens {t + 1}.. are changed, against before")


@points(1)
@pytest.mark.parametrize("kind, pad_shape", [("casual", None), ("decoder", None), ("causal", (2, 6)),
                                             ("bidirectional", (5,))], ids=str)
def test_bad_arguments(solution, reference, kind, pad_shape):
    """an unknown kind or a pad not shaped (B, T) raises ValueError"""
    pad = None if pad_shape is None else np.zeros(pad_shape, dtype=bool)
    explain = known(reference, "unknown kind accepted") if pad is None else ""
    expect_raises(ValueError, lambda: solution.attention_mask(kind, 5, pad),
                  f"attention_mask({kind!r}, 5, {'None' if pad is None else f'pad of shape {pad_shape}'})",
                  explain=explain)


test_choices = choice_check(CHOICES, points_each=1)
