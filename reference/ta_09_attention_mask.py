"""Exercise ta.9: architecture masks (reference solution)."""

import numpy as np

KINDS = ("causal", "bidirectional")


def attention_mask(kind, T, pad=None):
    """kind "causal" or "bidirectional"; pad: (B, T) booleans, True = padding, or None.

    Returns booleans, True = may not attend: (T, T) without pad, (B, 1, T, T) with it.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    base = np.triu(np.ones((T, T), dtype=bool), k=1) if kind == "causal" else np.zeros((T, T), dtype=bool)
    if pad is None:
        return base
    pad = np.asarray(pad, dtype=bool)
    if pad.ndim != 2 or pad.shape[1] != T:
        raise ValueError(f"pad must have shape (B, {T}), got {pad.shape}")
    B = pad.shape[0]
    # a padding position is hidden as a key (a column) from every query of its sequence
    return np.broadcast_to(base | pad[:, None, None, :], (B, 1, T, T)).copy()


DECODER_ONLY_MASK = "d"
ENCODER_ONLY_MASK = "a"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _variant(base_of, combine=np.logical_or, pad_axis="key", strict=True):
    """An attention_mask built like the reference but for one deliberate difference."""
    def attention_mask(kind, T, pad=None):
        if strict and kind not in KINDS:
            raise ValueError(kind)
        base = base_of(kind, T)
        if pad is None:
            return base
        pad = np.asarray(pad, dtype=bool)
        if pad.ndim != 2 or pad.shape[1] != T:
            raise ValueError(pad.shape)
        spread = pad[:, None, None, :] if pad_axis == "key" else pad[:, None, :, None]
        hidden = combine(base, spread) if pad_axis else base[None, None]
        return np.broadcast_to(hidden, (pad.shape[0], 1, T, T)).copy()
    return attention_mask


def _base(causal_k=1, causal_kinds=("causal",)):
    def base_of(kind, T):
        if kind in causal_kinds:
            return np.triu(np.ones((T, T), dtype=bool), k=causal_k)
        return np.zeros((T, T), dtype=bool)
    return base_of


MISTAKES = (
    mistake("padding on the query axis", "your padding hides rows (queries) instead of columns (keys): real "
            "tokens can still attend to the padding; use pad[:, None, None, :]",
            attention_mask=_variant(_base(), pad_axis="query")),
    mistake("padding ignored", "your mask does not use `pad`: padding tokens stay visible as keys",
            attention_mask=_variant(_base(), pad_axis=None)),
    mistake("causal diagonal hidden", "your causal mask hides the diagonal too (k=0); a token sees itself: "
            "np.triu(..., k=1)", attention_mask=_variant(_base(causal_k=0))),
    mistake("causal for encoder-only", "your bidirectional mask is causal; an encoder-only model hides nothing "
            "but padding", attention_mask=_variant(_base(causal_kinds=KINDS))),
    mistake("and instead of or", "you combine the causal and padding masks with AND, which hides a position only "
            "when both hide it; a position is hidden when EITHER does: use |",
            attention_mask=_variant(_base(), combine=np.logical_and)),
    mistake("unknown kind accepted", "an unknown kind (a typo such as 'casual') silently gives a mask; raise "
            "ValueError instead", attention_mask=_variant(_base(), strict=False)),
)
