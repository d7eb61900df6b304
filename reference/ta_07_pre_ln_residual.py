"""Exercise ta.7: the pre-LN residual step (reference solution)."""

import numpy as np


def _layer_norm(x, eps):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)


def pre_ln_residual(x, f, eps=1e-5):
    """x + f(LN(x)), LN over the last axis without learned parameters; x: (d,) or (T, d)."""
    x = np.asarray(x, dtype=np.float64)
    return x + f(_layer_norm(x, eps))


WHY_PRE_LN = "b"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _post_ln(x, f, eps=1e-5):
    return _layer_norm(x + f(x), eps)


def _no_residual(x, f, eps=1e-5):
    return f(_layer_norm(x, eps))


def _normalised_residual(x, f, eps=1e-5):
    h = _layer_norm(x, eps)
    return h + f(h)


def _norm_after(x, f, eps=1e-5):
    return x + _layer_norm(f(x), eps)


def _in_place(x, f, eps=1e-5):
    x += f(_layer_norm(x, eps))  # changes the caller's array
    return x


def _eps_hard_coded(x, f, eps=1e-5):
    x = np.asarray(x, dtype=np.float64)
    return x + f(_layer_norm(x, 1e-5))


MISTAKES = (
    mistake("post-LN", "you compute LN(x + f(x)), the original post-LN order; pre-LN normalises only f's input: "
            "x + f(LN(x))", pre_ln_residual=_post_ln),
    mistake("no residual", "you return f(LN(x)) without adding x back: the residual connection is missing",
            pre_ln_residual=_no_residual),
    mistake("normalised residual", "you add f's output to LN(x); the residual adds it to x itself, which is "
            "never normalised", pre_ln_residual=_normalised_residual),
    mistake("norm after the sublayer", "you compute x + LN(f(x)); the norm comes before f: x + f(LN(x))",
            pre_ln_residual=_norm_after),
    mistake("in-place residual", "you add f(LN(x)) to x in place (x += ...), which changes the caller's array; "
            "return a new one: x + f(LN(x))", pre_ln_residual=_in_place),
    mistake("eps hard-coded", "you use 1e-5 instead of the eps you are given, so pre_ln_residual(x, f, eps=...) "
            "ignores its argument", pre_ln_residual=_eps_hard_coded),
)
