"""Exercise ta.3: the head dimension (reference solution)."""


def head_dim(d_model, n_heads):
    """d_model / n_heads as an int; ValueError when n_heads <= 0 or the split is not exact."""
    if n_heads <= 0:
        raise ValueError(f"n_heads must be positive, got {n_heads}")
    if d_model % n_heads:
        raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
    return d_model // n_heads


UNEVEN_SPLIT = "a"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _float_division(d_model, n_heads):
    if n_heads <= 0 or d_model % n_heads:
        raise ValueError("uneven")
    return d_model / n_heads


def _unchecked(d_model, n_heads):
    return d_model // n_heads


def _zero_heads(d_model, n_heads):
    if d_model % n_heads:
        raise ValueError("uneven")
    return d_model // n_heads


def _times(d_model, n_heads):
    if n_heads <= 0 or d_model % n_heads:
        raise ValueError("uneven")
    return d_model * n_heads


def _negative_heads(d_model, n_heads):
    if n_heads == 0 or d_model % n_heads:
        raise ValueError("uneven")
    return d_model // n_heads

MISTAKES = (
    mistake("float division", "head_dim returns a float (d_model / n_heads, e.g. 64.0); a dimension is an int: "
            "use // once the split is known to be exact", head_dim=_float_division),
    mistake("no divisibility check", "an uneven split must raise ValueError; d_model // n_heads silently drops "
            "the remainder (100 // 8 = 12 covers only 96 features)", head_dim=_unchecked),
    mistake("zero heads not refused", "with n_heads = 0 your code raises ZeroDivisionError from `d_model % 0`; "
            "test n_heads <= 0 first and raise ValueError", head_dim=_zero_heads),
    mistake("heads times d_model", "the width is divided among the heads, not multiplied: "
            "d_head = d_model / n_heads", head_dim=_times),
    mistake("negative heads accepted", "your head_dim accepts a negative n_heads (512 % -8 == 0 in Python, so "
            "head_dim(512, -8) gives -64); a model has a positive number of heads: raise ValueError when "
            "n_heads <= 0", head_dim=_negative_heads),
)
