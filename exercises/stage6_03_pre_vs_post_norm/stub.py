"""Exercise 6.3: pre-norm vs post-norm.

`kata show 6.3` prints the statement; `kata check 6.3` grades this file.
"""

import numpy as np

EPS = 1e-5


def layer_norm(x, eps=EPS):
    """Given: LayerNorm over the last axis without gamma and beta."""
    return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + eps)


def layer_norm_backward(g, x, eps=EPS):
    """Given: the gradient w.r.t. x of layer_norm(x), from the gradient g w.r.t. its output."""
    std = np.sqrt(x.var(-1, keepdims=True) + eps)
    x_hat = (x - x.mean(-1, keepdims=True)) / std
    return (g - g.mean(-1, keepdims=True) - x_hat * (g * x_hat).mean(-1, keepdims=True)) / std


# TODO: "pre" or "post" for each model.
NORM_PLACEMENT = {"Transformer (2017)": None, "BERT": None, "GPT-2": None, "GPT-3": None, "LLaMA": None}


def pre_norm(x, f, ln):
    """A pre-norm residual sublayer. f: the sublayer, ln: the norm (both callables)."""
    # TODO
    raise NotImplementedError("pre_norm")


def post_norm(x, f, ln):
    """A post-norm residual sublayer. f: the sublayer, ln: the norm (both callables)."""
    # TODO
    raise NotImplementedError("post_norm")


def grad_norm_by_layer(depth, placement, seed, width=32):
    """norms[l] = ||d(u . output)/d(input of layer l)|| in a `depth`-layer stack, "pre" or "post".

    From np.random.default_rng(seed), in this order: x (width,), W (depth, width, width) with std
    1/sqrt(width), c (depth, width), u (width,), all Gaussian. Sublayer l: f(h) = h @ W[l] + c[l];
    the norm is layer_norm.
    """
    # TODO: forward (keep each LayerNorm's input), then backward from u, recording a norm per layer.
    raise NotImplementedError("grad_norm_by_layer")


# Set each to the letter of your answer (see the statement).
WHY_PRE_NORM = None
TRADE_OFF = None

# Ungraded: in your own words, what does the placement of the norm do to the gradient?
REFLECTION = ""
