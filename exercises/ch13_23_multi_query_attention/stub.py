"""Exercise 13.23: multi-query attention and its KV-cache saving.

`kata show 13.23` prints the statement; `kata check 13.23` grades this file.
"""

import math  # noqa: F401

import torch  # noqa: F401
import torch.nn as nn


class MultiQueryAttention(nn.Module):
    """n_heads query heads share ONE key head and ONE value head."""

    def __init__(self, d_model, n_heads):
        super().__init__()
        # TODO: check divisibility; self.d_head; q_proj, k_proj, v_proj, o_proj (nn.Linear, see the statement).
        raise NotImplementedError("MultiQueryAttention.__init__")

    def forward(self, x, is_causal=False):
        """x: (B, T, d_model) -> (B, T, d_model); is_causal hides the positions after each query."""
        # TODO: per-head queries, one shared key and value head, scaled scores, (causal mask), softmax, o_proj.
        raise NotImplementedError("MultiQueryAttention.forward")


def mqa_param_count(d_model, n_heads):
    """Parameters of MultiQueryAttention(d_model, n_heads), biases included."""
    # TODO
    raise NotImplementedError("mqa_param_count")


def kv_cache_saving(n_layers, n_heads, d_head, seq_len, batch=1, bytes_per=2):
    """KV-cache bytes of multi-head vs multi-query attention: {"mha", "mqa", "saving", "ratio"}."""
    # TODO
    raise NotImplementedError("kv_cache_saving")
