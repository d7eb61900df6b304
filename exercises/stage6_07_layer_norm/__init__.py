"""Exercise 6.7: LayerNorm, forward and backward, in NumPy."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.7",
        title="LayerNorm: forward and backward",
        track="6",
        kind="implement",
        framework="numpy",
        points=15,
        package=__name__,
        after=("6.2", "ta.6"),
        why_it_matters=(
            "This is the gradient autograd computes for torch.nn.LayerNorm, twice per block in every "
            "GPT-2-style model."
        ),
        time_limit=30,
        hints=(
            "Every statistic is taken over the last axis only: `x.mean(axis=-1, keepdims=True)`. "
            "`keepdims=True` keeps a length-1 axis so the result broadcasts back against `x`.",
            "The variance is the population variance (`x.var(axis=-1, keepdims=True)`, ddof=0), and `eps` goes "
            "inside the square root: `(x - mean) / np.sqrt(var + eps)`.",
            "In `forward`, keep `x_hat` and `1/sqrt(var + eps)` on `self`: `backward` needs them. "
            "`dbeta` is `dout` summed over every axis but the last; `dgamma` is `dout * x_hat` summed the same way.",
            "Through the normalisation: with `g = dout * gamma` and N = dim, "
            "`dx = inv_std / N * (N*g - g.sum(-1, keepdims=True) - x_hat * (g * x_hat).sum(-1, keepdims=True))`. "
            "The two sums are there because the mean and the variance depend on x as well.",
        ),
        mistakes=("axis 0", "eps outside the sqrt", "ddof=1", "mean and variance held constant in backward",
                  "no keepdims", "in-place x -= mean", "backward accumulates dgamma", "eps hard-coded",
                  "float32 in, float64 out", "no shape validation"),
    ))
