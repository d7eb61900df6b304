"""Exercise 13.2: permutation equivariance of self-attention. `kata show 13.2` prints the statement."""

import numpy as np


def self_attention(X, Wq, Wk, Wv):
    """Single-head scaled dot-product self-attention of X (n, d_model) -> (n, d_v), with no positions."""
    # TODO: project to Q, K, V; scores scaled by 1/sqrt(d_k); softmax over the keys; weight V.
    raise NotImplementedError("self_attention")


def permutation_equivariance_gap(f, X, perm):
    """max |f(X[perm]) - f(X)[perm]| as a float: 0 when shuffling the input only shuffles the output."""
    # TODO
    raise NotImplementedError("permutation_equivariance_gap")
