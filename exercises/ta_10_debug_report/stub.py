"""Exercise ta.10: a debug report for attention models. `kata show ta.10` prints the statement."""

import numpy as np


def check_qkv_shapes(model):
    """True when W_q, W_k and W_v all have shape (d_model, d_model)."""
    # TODO
    raise NotImplementedError("check_qkv_shapes")


def check_causal_mask(model):
    """True when model.mask(T) is exactly the causal mask (True strictly above the diagonal) for several T."""
    # TODO
    raise NotImplementedError("check_causal_mask")


def check_head_divisibility(model):
    """True when n_heads > 0 and d_model is divisible by n_heads."""
    # TODO
    raise NotImplementedError("check_head_divisibility")


def check_kv_cache(model):
    """True when model.kv_cache_bytes(B, T) == 2 * B * n_layers * T * d_model * bytes_per for several B, T."""
    # TODO
    raise NotImplementedError("check_kv_cache")


def debug_report(model):
    """The four checks by name; True = the model passes that check."""
    return {
        "qkv_shapes": check_qkv_shapes(model),
        "causal_mask": check_causal_mask(model),
        "head_divisibility": check_head_divisibility(model),
        "kv_cache": check_kv_cache(model),
    }
