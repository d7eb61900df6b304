"""Exercise ta.10: a debug report for attention models (reference solution)."""

import numpy as np

LENGTHS = (1, 2, 5, 16, 33)  # short and long: a mask can be right for short sequences only
BATCHES = ((1, 1), (2, 7), (4, 128))  # (B, T) pairs for the KV-cache estimate


def check_qkv_shapes(model):
    """True when W_q, W_k and W_v all have shape (d_model, d_model)."""
    square = (model.d_model, model.d_model)
    return all(np.shape(getattr(model, name)) == square for name in ("W_q", "W_k", "W_v"))


def check_causal_mask(model):
    """True when model.mask(T) is exactly the causal mask (True strictly above the diagonal) for several T."""
    return all(np.array_equal(np.asarray(model.mask(T)), np.triu(np.ones((T, T), dtype=bool), k=1))
               for T in LENGTHS)


def check_head_divisibility(model):
    """True when n_heads > 0 and d_model is divisible by n_heads."""
    return model.n_heads > 0 and model.d_model % model.n_heads == 0


def check_kv_cache(model):
    """True when model.kv_cache_bytes(B, T) == 2 * B * n_layers * T * d_model * bytes_per for several B, T."""
    return all(model.kv_cache_bytes(B, T) == 2 * B * model.n_layers * T * model.d_model * model.bytes_per
               for B, T in BATCHES)


def debug_report(model):
    """The four checks by name; True = the model passes that check."""
    return {
        "qkv_shapes": bool(check_qkv_shapes(model)),
        "causal_mask": bool(check_causal_mask(model)),
        "head_divisibility": bool(check_head_divisibility(model)),
        "kv_cache": bool(check_kv_cache(model)),
    }


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _report(**replaced):
    """debug_report with some of its four checks replaced by wrong ones."""
    checks = {"qkv_shapes": check_qkv_shapes, "causal_mask": check_causal_mask,
              "head_divisibility": check_head_divisibility, "kv_cache": check_kv_cache, **replaced}
    return lambda model: {name: bool(fn(model)) for name, fn in checks.items()}


def _kv_without_2(model):
    return all(model.kv_cache_bytes(B, T) == B * model.n_layers * T * model.d_model * model.bytes_per
               for B, T in BATCHES)


def _q_only(model):
    return np.shape(model.W_q) == (model.d_model, model.d_model)


def _above_diagonal_only(model):
    return all(model.mask(T)[np.triu_indices(T, k=1)].all() for T in LENGTHS)


def _one_length(model):
    return np.array_equal(model.mask(4), np.triu(np.ones((4, 4), dtype=bool), k=1))


def _heads_always(model):
    return isinstance(model.d_model // model.n_heads, int)


def _inverted(model):
    return {name: not ok for name, ok in debug_report(model).items()}


def _heads_nonzero(model):
    return model.n_heads != 0 and model.d_model % model.n_heads == 0

MISTAKES = (
    mistake("KV estimate without the 2", "your KV-cache check expects B * n_layers * T * d_model * bytes_per: it "
            "flags the sound models and passes the one missing the factor 2; K and V are both cached",
            debug_report=_report(kv_cache=_kv_without_2)),
    mistake("only W_q checked", "your shape check looks at W_q only; W_k and W_v can be misshaped too",
            debug_report=_report(qkv_shapes=_q_only)),
    mistake("mask checked above the diagonal only", "your mask check only asks that the future be hidden; a mask "
            "that also hides the diagonal (or more) passes it. Compare the whole mask with the causal one",
            debug_report=_report(causal_mask=_above_diagonal_only)),
    mistake("mask checked at one short length", "your mask check tries one short length; a mask can be right "
            "for short sequences and wrong for long ones: try several T, long ones included",
            debug_report=_report(causal_mask=_one_length)),
    mistake("head check that cannot fail", "d_model // n_heads is an int even when the split is uneven; test the "
            "remainder, d_model % n_heads == 0", debug_report=_report(head_divisibility=_heads_always)),
    mistake("True means a problem", "your report says True where it found a problem; True means the model "
            "passes that check", debug_report=_inverted),
    mistake("negative head count accepted", "your head check tests the remainder but not the sign: a model with "
            "n_heads = -4 and d_model = 64 passes it (64 % -4 == 0); the statement asks for n_heads > 0 too",
            debug_report=_report(head_divisibility=_heads_nonzero)),
)
