"""Exercise lab00.1: LayerNorm with shape validation, and property tests graded by mutation."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="lab00.1",
        title="LayerNorm, and tests that catch a broken one",
        track="lab00",
        kind="implement",
        framework="numpy",
        points=14,
        package=__name__,
        after=("6.7",),
        time_limit=30,
        hints=(
            "Statistics over the last axis only: `x.mean(axis=-1, keepdims=True)` and `x.var(axis=-1, "
            "keepdims=True)` (population variance, ddof=0). keepdims keeps a length-1 axis so they broadcast "
            "back against x. eps goes inside the root: `(x - mean) / np.sqrt(var + eps)`.",
            "Validate before computing: `if x.ndim == 0 or x.shape[-1] != self.d_model: raise ValueError(...)`. "
            "NumPy's broadcasting would reject most wrong shapes anyway, but not a last axis of length 1: "
            "(4, 1) times gamma of shape (8,) silently becomes (4, 8). Test that case.",
            "A test kills a mutant when the mutant makes it fail. Mean 0 / variance 1 along the last axis kills "
            "axis 0 and ddof=1 (variance (n-1)/n instead of 1); gamma=2, beta=5 kills 'gamma/beta ignored'; "
            "a (4, 1) input to LayerNorm(8) kills 'no shape validation'.",
            "eps only shows where the variance is small or the tolerance is tight. A row worked out by hand "
            "does both: x = [[-0.001, 0.001]] has variance 1e-6, so LN(x) = x / sqrt(1e-6 + 1e-5) = "
            "[[-0.3015, 0.3015]] (to 1e-9); without eps it is +-1, with eps outside the root +-0.990.",
        ),
        mistakes=("axis 0", "no eps", "eps outside the sqrt", "ddof=1", "gamma/beta ignored", "no shape validation",
                  "in-place x -= mean", "eps hard-coded"),
    ))
