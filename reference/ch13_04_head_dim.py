"""Exercise 13.4: head dimension and per-head capacity (reference solution)."""


def head_dim(d_model, h):
    """The dimension of one attention head; ValueError if d_model is not divisible by h."""
    if h <= 0 or d_model % h:
        raise ValueError(f"d_model={d_model} cannot be split evenly across h={h} heads")
    return d_model // h


CAPACITY_AT_64_HEADS = "c"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _float_division(d_model, h):
    if d_model % h:
        raise ValueError("uneven")
    return d_model / h


def _no_check(d_model, h):
    return d_model // h


def _times(d_model, h):
    if d_model % h:
        raise ValueError("uneven")
    return d_model * h


MISTAKES = (
    mistake("float division", "head_dim returns a float (d_model / h); a dimension is an int: use // once "
            "you know the split is exact", head_dim=_float_division),
    mistake("no divisibility check", "an uneven split (like d_model=512, h=7) must raise ValueError; // silently "
            "drops the remainder", head_dim=_no_check),
    mistake("heads times d_model", "the width is divided among the heads, not multiplied: d_k = d_model / h",
            head_dim=_times),
)
