"""Exercise 13.32: Performer (FAVOR+) attention with positive random features, and why it is linear in n."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.32",
        title="Performer attention: positive random features in O(n)",
        track="13",
        kind="theory",
        framework="numpy",
        points=13,
        package=__name__,
        after=("13.10",),
        why_it_matters=(
            "Performer's O(n) is an approximation; large open models use exact attention with "
            "FlashAttention-style kernels (exercise 13.10) instead."
        ),
        time_limit=60,
        hints=(
            "The identity behind everything: for w ~ N(0, I), E[exp(w.x) exp(w.y)] = exp(|x + y|^2 / 2) "
            "= exp(x.y) exp(|x|^2 / 2) exp(|y|^2 / 2). Dividing each factor by exp(|.|^2 / 2) leaves an "
            "unbiased estimate of exp(x.y), and every term is an exp, hence positive. With x = q / d^(1/4) and "
            "y = k / d^(1/4), exp(x.y) = exp(q.k / sqrt(d)): the softmax numerator.",
            "`positive_features(X, W)` is one line: `np.exp(X @ W.T - 0.5 * (X * X).sum(-1, keepdims=True)) "
            "/ np.sqrt(W.shape[0])`, shape (..., n, r). In `favor_attention`, draw "
            "`W = np.random.default_rng(seed).standard_normal((r, d))` and apply the features to "
            "`Q / d ** 0.25` and `K / d ** 0.25`.",
            "Order the products so that nothing of size n x n appears: `KV = phi_K^T @ V` is (r, d_v) and "
            "`z = phi_K.sum(-2)` is (r,), both O(n r d); then `phi_Q @ KV` is (n, d_v) and `phi_Q @ z` is (n,). "
            "(phi_Q @ phi_K^T) @ V gives the same numbers but costs O(n^2 r).",
            "`favor_attention` returns `(phi_Q @ (phi_K^T @ V)) / (phi_Q @ phi_K.sum(-2))[..., None]` (use "
            "`np.swapaxes(phi_K, -1, -2)` for the transpose with leading axes). `favor_flops` counts the "
            "four (m x k) @ (k x p) products with d_v = d: 2 n r d each, plus the two products of the "
            "denominator, 2 n r each: 8 n r d + 4 n r.",
        ),
        mistakes=("no |x|^2/2 term", "trigonometric features", "no d^-1/4 scaling", "no normalisation",
                  "n x n matrix formed"),
        model_answer=(
            "With positive random features phi(x) = exp(W x - |x|^2/2)/sqrt(r), exp(q.k/sqrt(d)) is estimated "
            "by phi(q').phi(k') (q' = q/d^(1/4), k' = k/d^(1/4)), so the attention matrix is approximated by "
            "phi(Q') phi(K')^T, a product of an n x r and an r x n matrix. Associativity lets us compute "
            "phi(K')^T V (r x d, cost O(n r d)) and phi(K')^T 1 (r, cost O(n r)) first, then multiply by "
            "phi(Q') (O(n r d)); the features themselves cost O(n r d). The total is O(n r d) time and "
            "O(n r + r d) memory: linear in n for fixed r, against O(n^2 d) for softmax attention. It pays "
            "off when n is larger than about r; the price is an approximation whose error falls like "
            "1/sqrt(r)."
        ),
    ))
