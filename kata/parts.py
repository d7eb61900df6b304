"""Engine-provided NumPy building blocks for exercises whose subject is something else.

Exercise 6.5 is about wiring a block, so attention, the FFN and LayerNorm come from
here; 6.8 stacks blocks, so the block comes from here too. These are plain, exact,
float64-friendly implementations; no exercise's reference imports another's.

Masks: a boolean array broadcastable to ``(..., T, T)``; ``True`` means "may not attend".
"""

from __future__ import annotations

import types
from typing import Any

import numpy as np

__all__ = ["softmax", "gelu", "causal_mask", "Linear", "LayerNorm", "FeedForward", "MultiHeadAttention",
           "Embedding", "PositionalEncoding", "TransformerBlock", "copy_parameters", "count_parameters"]


def _rng(rng: np.random.Generator | None) -> np.random.Generator:
    return rng if rng is not None else np.random.default_rng()


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def gelu(x: np.ndarray) -> np.ndarray:
    """The tanh approximation used by GPT-2."""
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


def causal_mask(T: int) -> np.ndarray:
    """``(T, T)`` booleans, True above the diagonal: position t may not see t+1, t+2, ..."""
    return np.triu(np.ones((T, T), dtype=bool), k=1)


class Linear:
    def __init__(self, d_in: int, d_out: int, rng: np.random.Generator | None = None):
        self.W = _rng(rng).normal(0.0, 0.02, size=(d_in, d_out))
        self.b = np.zeros(d_out)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return x @ self.W + self.b

    __call__ = forward


class LayerNorm:
    def __init__(self, dim: int, eps: float = 1e-5):
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)
        self.eps = eps

    def forward(self, x: np.ndarray) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        return self.gamma * (x - mean) / np.sqrt(var + self.eps) + self.beta

    __call__ = forward


class FeedForward:
    def __init__(self, d_model: int, d_ff: int, rng: np.random.Generator | None = None):
        rng = _rng(rng)
        self.W1 = rng.normal(0.0, 0.02, size=(d_model, d_ff))
        self.b1 = np.zeros(d_ff)
        self.W2 = rng.normal(0.0, 0.02, size=(d_ff, d_model))
        self.b2 = np.zeros(d_model)

    def forward(self, x: np.ndarray) -> np.ndarray:
        return gelu(x @ self.W1 + self.b1) @ self.W2 + self.b2

    __call__ = forward


class MultiHeadAttention:
    """Self-attention with ``n_heads`` heads and an output projection ``W_o``."""

    def __init__(self, d_model: int, n_heads: int, rng: np.random.Generator | None = None):
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        rng = _rng(rng)
        self.d_model, self.n_heads = d_model, n_heads
        for name in ("W_q", "W_k", "W_v", "W_o"):
            setattr(self, name, rng.normal(0.0, 0.02, size=(d_model, d_model)))
        for name in ("b_q", "b_k", "b_v", "b_o"):
            setattr(self, name, np.zeros(d_model))

    def _split(self, t: np.ndarray) -> np.ndarray:
        *lead, T, _ = t.shape
        return np.swapaxes(t.reshape(*lead, T, self.n_heads, self.d_model // self.n_heads), -2, -3)

    def forward(self, x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        q, k, v = (self._split(x @ getattr(self, f"W_{n}") + getattr(self, f"b_{n}")) for n in "qkv")
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
        if mask is not None:
            scores = np.where(mask, -np.inf, scores)
        heads = softmax(scores) @ v
        *lead, H, T, d_h = heads.shape
        merged = np.swapaxes(heads, -2, -3).reshape(*lead, T, H * d_h)
        return merged @ self.W_o + self.b_o

    __call__ = forward


class Embedding:
    def __init__(self, vocab_size: int, d_model: int, rng: np.random.Generator | None = None):
        self.weight = _rng(rng).normal(0.0, 0.02, size=(vocab_size, d_model))

    def forward(self, tokens: np.ndarray) -> np.ndarray:
        return self.weight[tokens]

    __call__ = forward


class PositionalEncoding:
    """Fixed sinusoidal encodings; ``forward(x)`` adds them to ``x`` of shape ``(..., T, d_model)``."""

    buffers = ("pe",)  # a fixed table, not a parameter: count_parameters skips it

    def __init__(self, max_len: int, d_model: int):
        pos = np.arange(max_len)[:, None]
        freq = np.exp(-np.log(10000.0) * np.arange(0, d_model, 2) / d_model)
        self.pe = np.zeros((max_len, d_model))
        self.pe[:, 0::2] = np.sin(pos * freq)
        self.pe[:, 1::2] = np.cos(pos * freq[: d_model // 2])

    def forward(self, x: np.ndarray) -> np.ndarray:
        T = x.shape[-2]
        if T > self.pe.shape[0]:
            raise ValueError(f"sequence length {T} exceeds max_len {self.pe.shape[0]}")
        return x + self.pe[:T]

    __call__ = forward


class TransformerBlock:
    """A pre-norm block: ``x + attn(norm1(x))`` then ``x + ffn(norm2(x))``."""

    def __init__(self, d_model: int, n_heads: int, d_ff: int, rng: np.random.Generator | None = None):
        rng = _rng(rng)
        self.attention = MultiHeadAttention(d_model, n_heads, rng)
        self.ffn = FeedForward(d_model, d_ff, rng)
        self.norm1 = LayerNorm(d_model)
        self.norm2 = LayerNorm(d_model)

    def forward(self, x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        x = x + self.attention.forward(self.norm1.forward(x), mask)
        return x + self.ffn.forward(self.norm2.forward(x))

    __call__ = forward


def copy_parameters(source: Any, target: Any, path: str = "model") -> None:
    """Copy every array held by ``source`` (recursively, through attributes and lists) into ``target``.

    Checks build a reference object and the learner's, then give both the same weights. A part the
    learner's object lacks is a check failure naming its path, e.g. ``model.layers[1].norm2``.
    """
    from kata.checking.compare import CheckFailure

    keep = "keep the attributes the stub's __init__ sets"
    for name, value in vars(source).items():
        where = f"{path}.{name}"
        if isinstance(value, np.ndarray):
            if not hasattr(target, name):
                raise CheckFailure(f"{where} is missing: {keep}")
            setattr(target, name, value.copy())
        elif isinstance(value, (list, tuple)):
            theirs = getattr(target, name, None)
            if not isinstance(theirs, (list, tuple)) or len(theirs) != len(value):
                raise CheckFailure(f"{where} should be a list of {len(value)} items: {keep}")
            for i, (a, b) in enumerate(zip(value, theirs)):
                if _is_part(a):
                    copy_parameters(a, b, f"{where}[{i}]")
        elif _is_part(value):
            if not hasattr(target, name):
                raise CheckFailure(f"{where} is missing: {keep}")
            copy_parameters(value, getattr(target, name), where)


def _is_part(value: Any) -> bool:
    """An object holding parameters (parts define ``__call__``, so callability is no test)."""
    return hasattr(value, "__dict__") and not isinstance(value, (type, types.FunctionType, types.MethodType))


def count_parameters(obj: Any) -> int:
    """How many numbers the parameter arrays reachable from ``obj`` hold (through attributes and lists).

    Grounds parameter-count exercises in a model that was really built. Fixed tables a part lists in
    its ``buffers`` (the sinusoidal ``pe``) are not parameters.
    """
    if isinstance(obj, np.ndarray):
        return int(obj.size)
    if isinstance(obj, (list, tuple)):
        return sum(count_parameters(item) for item in obj)
    if obj is None or not _is_part(obj):
        return 0
    skip = set(getattr(obj, "buffers", ()))
    return sum(count_parameters(value) for name, value in vars(obj).items() if name not in skip)
