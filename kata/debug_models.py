"""Attention models for exercise ta.10: one sound kind, and kinds broken on purpose.

The learner writes ``debug_report(model)``: four automatic checks (Q/K/V projection shapes,
the causal mask, the head split, the KV-cache estimate) run on an :class:`AttentionModel`.
The checks of ta.10 build models here with :func:`build`: a ``"sound"`` model passes all four;
each other kind breaks exactly one of them. The seed picks the configuration (width, heads,
layers, precision) and the flavour of the defect (which matrix is misshaped, how the mask is
wrong), so a report that hard-codes its answers, or looks at one matrix or at one short
sequence only, is caught. :func:`defect` says in words what a model built this way gets wrong.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

#: The keys of a report, in order: one automatic check each.
CHECKS = ("qkv_shapes", "causal_mask", "head_divisibility", "kv_cache")

#: Model kinds: "sound", then the one check each broken kind must fail.
KINDS = {"sound": None, "wrong_qkv_shapes": "qkv_shapes", "no_causal_mask": "causal_mask",
         "uneven_heads": "head_divisibility", "kv_cache_without_factor_2": "kv_cache"}

MaskBuilder = Callable[[int], np.ndarray]


def causal(T: int) -> np.ndarray:
    """The right mask: True strictly above the diagonal (position t may not see t+1, t+2, ...)."""
    return np.triu(np.ones((T, T), dtype=bool), k=1)


class AttentionModel:
    """What a debugger sees of a stack of multi-head self-attention layers (one K/V head per query head).

    ``d_model``, ``n_heads``, ``n_layers``: the architecture; ``bytes_per``: bytes per cached number
    (2 for float16); ``W_q``, ``W_k``, ``W_v``: the query, key and value projections of a layer.
    ``mask(T)`` is the boolean mask the model applies to a sequence of ``T`` tokens (True = may not
    attend); ``kv_cache_bytes(B, T)`` is the model's own estimate of its KV cache for ``B`` sequences
    of ``T`` tokens; ``project(x)`` returns ``(Q, K, V)`` for ``x`` of shape ``(..., T, d_model)``.
    """

    def __init__(self, d_model: int, n_heads: int, n_layers: int, bytes_per: int,
                 weights: dict[str, np.ndarray], mask_builder: MaskBuilder = causal, kv_factor: int = 2):
        self.d_model, self.n_heads, self.n_layers, self.bytes_per = d_model, n_heads, n_layers, bytes_per
        self.W_q, self.W_k, self.W_v = weights["W_q"], weights["W_k"], weights["W_v"]
        self._mask_builder = mask_builder
        self._kv_factor = kv_factor

    def mask(self, T: int) -> np.ndarray:
        return self._mask_builder(T)

    def kv_cache_bytes(self, B: int, T: int) -> int:
        # per token and layer, K and V each hold n_heads * d_head = d_model numbers
        return self._kv_factor * B * self.n_layers * T * self.d_model * self.bytes_per

    def project(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return x @ self.W_q, x @ self.W_k, x @ self.W_v

    def __repr__(self) -> str:
        return (f"AttentionModel(d_model={self.d_model}, n_heads={self.n_heads}, n_layers={self.n_layers}, "
                f"bytes_per={self.bytes_per})")


def _config(rng: np.random.Generator) -> tuple[int, int, int, int]:
    """A random sound configuration: (d_model, n_heads, n_layers, bytes_per)."""
    n_heads = int(rng.choice([1, 2, 3, 4, 6, 8, 12]))
    d_head = int(rng.choice([4, 8, 16]))
    return n_heads * d_head, n_heads, int(rng.integers(1, 13)), int(rng.choice([1, 2, 4]))


def _weights(rng: np.random.Generator, d_model: int) -> dict[str, np.ndarray]:
    return {name: rng.normal(0.0, 0.02, size=(d_model, d_model)) for name in ("W_q", "W_k", "W_v")}


def _short_mask(T: int, built_for: int = 8) -> np.ndarray:
    """A causal mask built once for 8 positions and padded with False: right only while T <= 8."""
    mask = np.zeros((T, T), dtype=bool)
    n = min(T, built_for)
    mask[:n, :n] = causal(n)
    return mask


_MASK_DEFECTS: tuple[tuple[str, MaskBuilder], ...] = (
    ("applies no mask at all (every token sees the future)", lambda T: np.zeros((T, T), dtype=bool)),
    ("hides the diagonal too (k=0): a token may not attend to itself",
     lambda T: np.triu(np.ones((T, T), dtype=bool), k=0)),
    ("has its mask transposed: it hides the past and shows the future",
     lambda T: np.tril(np.ones((T, T), dtype=bool), k=-1)),
    ("has a mask built for 8 positions: from T = 9 on, later tokens see the future", _short_mask),
)

_QKV_SHAPES = (("(d_model, d_head)", lambda d, h: (d, d // h)),
               ("(d_model, d_model - d_head)", lambda d, h: (d, d - d // h)),
               ("(d_model, 2 * d_model)", lambda d, h: (d, 2 * d)))


def _qkv_defect(seed: int) -> tuple[str, int]:
    """Which projection is misshaped and how: the seed cycles through every matrix and every shape."""
    return ("W_q", "W_k", "W_v")[seed % 3], (seed + seed // 3) % len(_QKV_SHAPES)


def build(kind: str, seed: int) -> AttentionModel:
    """A model of ``kind`` (a key of :data:`KINDS`); ``seed`` picks its configuration and its flavour."""
    if kind not in KINDS:
        raise ValueError(f"unknown model kind {kind!r}; expected one of {', '.join(KINDS)}")
    rng = np.random.default_rng([seed, list(KINDS).index(kind)])
    d_model, n_heads, n_layers, bytes_per = _config(rng)
    if kind == "uneven_heads":
        n_heads = int(rng.choice([3, 5, 6, 7, 12]))
        d_model = n_heads * int(rng.integers(2, 9)) + int(rng.integers(1, n_heads))
    elif kind == "wrong_qkv_shapes" and n_heads == 1:
        n_heads, d_model = 2, 2 * d_model  # with one head, d_head == d_model would not be a wrong shape
    weights = _weights(rng, d_model)
    mask_builder, kv_factor = causal, 2
    if kind == "wrong_qkv_shapes":
        name, shape = _qkv_defect(seed)
        weights[name] = rng.normal(0.0, 0.02, size=_QKV_SHAPES[shape][1](d_model, n_heads))
    elif kind == "no_causal_mask":
        mask_builder = _MASK_DEFECTS[seed % len(_MASK_DEFECTS)][1]
    elif kind == "kv_cache_without_factor_2":
        kv_factor = 1
    return AttentionModel(d_model, n_heads, n_layers, bytes_per, weights, mask_builder, kv_factor)


def defect(kind: str, seed: int) -> str:
    """What a model from ``build(kind, seed)`` gets wrong, as "this model ...", for the checks' messages."""
    if kind == "wrong_qkv_shapes":
        name, shape = _qkv_defect(seed)
        return f"has {name} of shape {_QKV_SHAPES[shape][0]} instead of (d_model, d_model)"
    if kind == "no_causal_mask":
        return _MASK_DEFECTS[seed % len(_MASK_DEFECTS)][0]
    return {"sound": "is sound: it should pass every check",
            "uneven_heads": "has a d_model that n_heads does not divide",
            "kv_cache_without_factor_2": "estimates its KV cache for K only (the factor 2 for K and V is missing)",
            }[kind]
