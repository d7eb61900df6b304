"""Exercise 6.3: pre-norm vs post-norm (reference solution)."""

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


NORM_PLACEMENT = {"Transformer (2017)": "post", "BERT": "post", "GPT-2": "pre", "GPT-3": "pre", "LLaMA": "pre"}


def pre_norm(x, f, ln):
    """A pre-norm residual sublayer: x + f(ln(x))."""
    return x + f(ln(x))


def post_norm(x, f, ln):
    """A post-norm residual sublayer: ln(x + f(x))."""
    return ln(x + f(x))


def grad_norm_by_layer(depth, placement, seed, width=32):
    """norms[l] = ||d(u . output)/d(input of layer l)|| in a `depth`-layer stack, "pre" or "post".

    From np.random.default_rng(seed), in this order: x (width,), W (depth, width, width) with std
    1/sqrt(width), c (depth, width), u (width,), all Gaussian. Sublayer l: f(h) = h @ W[l] + c[l];
    the norm is layer_norm.
    """
    rng = np.random.default_rng(seed)
    x = rng.normal(size=width)
    W = rng.normal(0.0, 1.0 / np.sqrt(width), size=(depth, width, width))
    c = rng.normal(size=(depth, width))
    u = rng.normal(size=width)
    block = pre_norm if placement == "pre" else post_norm
    h, ln_inputs = x, []
    for l in range(depth):
        ln_inputs.append(h if placement == "pre" else h + h @ W[l] + c[l])
        h = block(h, lambda z: z @ W[l] + c[l], layer_norm)
    g, norms = u, np.empty(depth)
    for l in reversed(range(depth)):
        if placement == "pre":
            g = g + layer_norm_backward(g @ W[l].T, ln_inputs[l])
        else:
            gz = layer_norm_backward(g, ln_inputs[l])
            g = gz + gz @ W[l].T
        norms[l] = np.linalg.norm(g)
    return norms


WHY_PRE_NORM = "c"
TRADE_OFF = "a"

REFLECTION = ""


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _demo(depth, placement, seed, width, *, swap=False, skip_road=False, reverse=False, at_output=False):
    """The reference demonstration with one step gone wrong, to build the mistakes below."""
    if swap:
        placement = "post" if placement == "pre" else "pre"
    rng = np.random.default_rng(seed)
    x = rng.normal(size=width)
    W = rng.normal(0.0, 1.0 / np.sqrt(width), size=(depth, width, width))
    c = rng.normal(size=(depth, width))
    u = rng.normal(size=width)
    h, ln_inputs = x, []
    for l in range(depth):
        z = h + h @ W[l] + c[l]
        ln_inputs.append(h if placement == "pre" else z)
        h = h + layer_norm(h) @ W[l] + c[l] if placement == "pre" else layer_norm(z)
    g, norms = u, np.empty(depth)
    for l in reversed(range(depth)):
        if at_output:
            norms[l] = np.linalg.norm(g)
        if placement == "pre":
            through_f = layer_norm_backward(g @ W[l].T, ln_inputs[l])
            g = through_f if skip_road else g + through_f
        else:
            gz = layer_norm_backward(g, ln_inputs[l])
            g = gz @ W[l].T if skip_road else gz + gz @ W[l].T
        if not at_output:
            norms[l] = np.linalg.norm(g)
    return norms[::-1] if reverse else norms


def _swapped_demo(depth, placement, seed, width=32):
    return _demo(depth, placement, seed, width, swap=True)


def _no_road(depth, placement, seed, width=32):
    return _demo(depth, placement, seed, width, skip_road=True)


def _reversed(depth, placement, seed, width=32):
    return _demo(depth, placement, seed, width, reverse=True)


def _at_output(depth, placement, seed, width=32):
    return _demo(depth, placement, seed, width, at_output=True)


MISTAKES = (
    mistake("GPT-2 taken for post-norm", "GPT-2 is where the norm moved: it normalises the input of each "
            "sub-block (pre-norm); GPT-1, like the 2017 Transformer and BERT, was post-norm",
            NORM_PLACEMENT={**NORM_PLACEMENT, "GPT-2": "post"}),
    mistake("pre and post swapped", "pre-norm normalises the sublayer's input, x + f(ln(x)); post-norm "
            "normalises the sum, ln(x + f(x))", pre_norm=post_norm, post_norm=pre_norm),
    mistake("residual missing", "the input x must be added back: x + f(ln(x)) and ln(x + f(x))",
            pre_norm=lambda x, f, ln: f(ln(x)), post_norm=lambda x, f, ln: ln(f(x))),
    mistake("normalised sublayer output added to x", "x + ln(f(x)) is neither placement: post-norm "
            "normalises the sum, ln(x + f(x))", post_norm=lambda x, f, ln: x + ln(f(x))),
    mistake("residual taken from the normalised input", "the residual road carries x itself, not ln(x): "
            "pre-norm is x + f(ln(x))", pre_norm=lambda x, f, ln: ln(x) + f(ln(x))),
    mistake("placements swapped in the demonstration", "your \"pre\" stack computes post-norm layers and the "
            "other way round", grad_norm_by_layer=_swapped_demo),
    mistake("residual road skipped in backward", "going back through x + (...), the gradient flows through "
            "both terms: add the incoming gradient (the identity road) to the one through the sublayer",
            grad_norm_by_layer=_no_road),
    mistake("norms listed from the output back", "norms[0] is the first layer (next to the input) and "
            "norms[-1] the last; you filled them in the order the backward pass visits them",
            grad_norm_by_layer=_reversed),
    mistake("gradient taken at each layer's output", "norms[l] is the gradient at the input of layer l, once "
            "you have stepped back through it; yours is the gradient at its output (one layer late)",
            grad_norm_by_layer=_at_output),
)
