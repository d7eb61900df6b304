"""Exercise 13.27: the RoPE score depends only on n - m (theory as demonstration)."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.27",
        title="RoPE: the rotated score depends only on n - m",
        track="13",
        kind="theory",
        framework="numpy",
        points=8,
        package=__name__,
        after=("13.16",),
        why_it_matters=(
            "Because scores depend only on n - m, a RoPE model treats every offset alike wherever it occurs, "
            "which is what position interpolation relies on."
        ),
        time_limit=30,
        hints=(
            "Write one helper `rotate(x, pos)` that turns every pair (x[2i], x[2i+1]) by the angle pos * theta_i, "
            "and build both functions from it. `rope_score` rotates q by m and k by n, then takes the dot "
            "product over the last axis.",
            "A rotation's transpose is its inverse, so R_m^T R_n = R_(-m) R_n = R_(n-m): "
            "<R_m q, R_n k> = q^T R_m^T R_n k = <q, R_(n-m) k>. So `relative_score(q, k, delta)` leaves q as it "
            "is and rotates k by delta. (R_m R_n would be R_(m+n): the transpose is what turns the sum into a "
            "difference.)",
            "`theta = base ** (-np.arange(0, d, 2) / d)`; `angle = np.asarray(pos)[..., None] * theta` broadcasts "
            "against `(..., d/2)`; with `a, b = x[..., 0::2], x[..., 1::2]` and `c, s = np.cos(angle), "
            "np.sin(angle)`: `out[..., 0::2] = a*c - b*s` and `out[..., 1::2] = a*s + b*c`, with `out` of the "
            "broadcast shape `np.broadcast_shapes(x.shape, angle.shape[:-1] + (d,))` (not `np.empty_like(x)`: "
            "one vector at many positions gives many rotated vectors); the score is `(u * v).sum(-1)`.",
        ),
        mistakes=("m+n instead of n-m", "delta sign flipped", "only the key rotated", "wrong frequencies",
                  "half-split pairing"),
        model_answer=(
            "R_m is block-diagonal with 2x2 rotations by m*theta_i, so it is orthogonal: R_m^T = R_m^(-1) = "
            "R_(-m). Rotations about the same centre add their angles, so R_m^T R_n = R_(-m) R_n = R_(n-m). "
            "Then <R_m q, R_n k> = (R_m q)^T (R_n k) = q^T R_m^T R_n k = q^T R_(n-m) k, which mentions the "
            "positions only through n - m: moving both tokens by the same amount leaves every attention score, "
            "and so the attention pattern, unchanged."
        ),
    ))
