"""Exercise 6.1: residual connections and gradients through depth (reference solution)."""

import numpy as np

WIDTH = 64


def grad_norm_through_depth(depth, residual, seed, width=WIDTH):
    """The L2 norm of d(sum of the output)/d(input) through `depth` tanh layers, plain or residual.

    x ~ N(0, 1) of shape (width,), then W ~ U(-1/sqrt(width), 1/sqrt(width)) of shape
    (depth, width, width), both from np.random.default_rng(seed), in that order.
    Layer l: h = tanh(h @ W[l]) (plain) or h = h + tanh(h @ W[l]) (residual).
    """
    rng = np.random.default_rng(seed)
    x = rng.normal(size=width)
    bound = 1.0 / np.sqrt(width)
    W = rng.uniform(-bound, bound, size=(depth, width, width))
    h, acts = x, []
    for layer in W:
        a = np.tanh(h @ layer)
        acts.append(a)
        h = h + a if residual else a
    g = np.ones(width)  # d(sum of output)/d(output)
    for layer, a in zip(W[::-1], acts[::-1]):
        through_f = (g * (1.0 - a**2)) @ layer.T
        g = g + through_f if residual else through_f
    return float(np.linalg.norm(g))


def residual_jacobian(jac_f):
    """The Jacobian of x + f(x), given the Jacobian of f (a square (d, d) matrix): I + J_f."""
    jac_f = np.asarray(jac_f, dtype=float)
    return np.eye(jac_f.shape[-1]) + jac_f


# The prediction, before any run: each backward step multiplies by W.T (and tanh' <= 1, near 1 once the
# activations are small). Entries of W are U(-b, b) with b = 1/sqrt(width): variance b^2 / 3 = 1 / (3 width),
# so |g @ W.T|^2 is about |g|^2 * width / (3 width) and the norm shrinks by 1/sqrt(3) per layer.
PREDICTED_SHRINK_PER_LAYER = 0.577

WHY_IDENTITY_HELPS = "a"
WHY_RESIDUAL = "d"

REFLECTION = ""


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _backprop(depth, residual, seed, width, *, keep_identity=True, derivative=True, transpose=True,
              uniform=True):
    """The reference with one of its steps switched off, to build the mistakes below."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=width)
    bound = 1.0 / np.sqrt(width)
    if uniform:
        W = rng.uniform(-bound, bound, size=(depth, width, width))
    else:
        W = rng.normal(0.0, bound, size=(depth, width, width))
    h, acts = x, []
    for layer in W:
        a = np.tanh(h @ layer)
        acts.append(a)
        h = h + a if residual else a
    g = np.ones(width)
    for layer, a in zip(W[::-1], acts[::-1]):
        local = g * (1.0 - a**2) if derivative else g
        through_f = local @ (layer.T if transpose else layer)
        g = g + through_f if residual and keep_identity else through_f
    return float(np.linalg.norm(g))


def _no_identity(depth, residual, seed, width=WIDTH):
    return _backprop(depth, residual, seed, width, keep_identity=False)


def _no_derivative(depth, residual, seed, width=WIDTH):
    return _backprop(depth, residual, seed, width, derivative=False)


def _no_transpose(depth, residual, seed, width=WIDTH):
    return _backprop(depth, residual, seed, width, transpose=False)


def _gaussian(depth, residual, seed, width=WIDTH):
    return _backprop(depth, residual, seed, width, uniform=False)


def _plus_one(jac_f):
    return 1.0 + np.asarray(jac_f, dtype=float)


def _jacobian_only(jac_f):
    return np.asarray(jac_f, dtype=float)


MISTAKES = (
    mistake("variance taken for the norm factor", "1/3 is how the gradient's squared norm shrinks per layer; "
            "the norm shrinks by the square root, 1/sqrt(3), about 0.577", PREDICTED_SHRINK_PER_LAYER=1 / 3),
    mistake("identity dropped from the residual gradient",
            "your residual backward passes the gradient only through f: the gradient of x + f(x) is "
            "I + J_f, so add the incoming gradient back (g = g + ...)", grad_norm_through_depth=_no_identity),
    mistake("tanh derivative forgotten", "going back through tanh multiplies by its derivative 1 - tanh(z)**2 "
            "(that is 1 - a**2 with a the layer's output) before the weights", grad_norm_through_depth=_no_derivative),
    mistake("W instead of W.T in backward", "the forward is h @ W, so the gradient goes back through W.T "
            "(g @ W.T), not W", grad_norm_through_depth=_no_transpose),
    mistake("Gaussian init instead of uniform", "the weights are uniform in [-1/sqrt(width), 1/sqrt(width)] "
            "(rng.uniform), not Gaussian", grad_norm_through_depth=_gaussian),
    mistake("1 added to every entry", "1 + J adds one to every entry; the identity matrix has ones only on the "
            "diagonal: np.eye(d) + J", residual_jacobian=_plus_one),
    mistake("identity forgotten in the Jacobian", "you returned J_f itself; the derivative of the x in "
            "x + f(x) is the identity, so the Jacobian is I + J_f", residual_jacobian=_jacobian_only),
)
