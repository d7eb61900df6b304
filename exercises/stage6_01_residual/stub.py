"""Exercise 6.1: residual connections and gradients through depth.

`kata show 6.1` prints the statement; `kata check 6.1` grades this file.
"""

import numpy as np

WIDTH = 64


def grad_norm_through_depth(depth, residual, seed, width=WIDTH):
    """The L2 norm of d(sum of the output)/d(input) through `depth` tanh layers, plain or residual.

    x ~ N(0, 1) of shape (width,), then W ~ U(-1/sqrt(width), 1/sqrt(width)) of shape
    (depth, width, width), both from np.random.default_rng(seed), in that order.
    Layer l: h = tanh(h @ W[l]) (plain) or h = h + tanh(h @ W[l]) (residual).
    """
    # TODO: draw x and W, run forward keeping each layer's output, then backpropagate a vector of ones.
    raise NotImplementedError("grad_norm_through_depth")


def residual_jacobian(jac_f):
    """The Jacobian of x + f(x), given the Jacobian of f (a square (d, d) matrix)."""
    # TODO
    raise NotImplementedError("residual_jacobian")


# Your prediction, written BEFORE you run anything: the factor by which one plain layer multiplies the
# gradient's norm, on average (a number such as 0.9). Derive it from how W is drawn; then measure it.
PREDICTED_SHRINK_PER_LAYER = None

# Set each to the letter of your answer (see the statement).
WHY_IDENTITY_HELPS = None
WHY_RESIDUAL = None

# Ungraded: say in your own words why a 100-layer plain stack does not train and a residual one does.
REFLECTION = ""
