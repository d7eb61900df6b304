"""Exercise lab00.2: the position-wise FFN with the tanh GELU and Xavier-uniform initialisation."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="lab00.2",
        title="FFN: tanh GELU, Xavier-uniform weights, zero biases",
        track="lab00",
        kind="implement",
        framework="numpy",
        points=10,
        package=__name__,
        after=("6.6",),
        why_it_matters=(
            "GPT-2 uses the tanh approximation of GELU; PyTorch offers both as nn.GELU() and "
            "nn.GELU(approximate='tanh')."
        ),
        time_limit=40,
        hints=(
            "The forward pass is one line once gelu exists: `gelu(x @ self.W1 + self.b1) @ self.W2 + self.b2`. "
            "With W1 of shape (d_model, d_ff), `x @ W1` works for any number of leading axes.",
            "gelu is the tanh approximation, written out: `0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * "
            "(x + 0.044715 * x**3)))`. The exact GELU (with erf) differs by up to 4.7e-4 (near |x| = 2.7), enough to fail.",
            "Xavier (Glorot) uniform draws from U(-a, a). A uniform on [-a, a] has variance a**2 / 3, and "
            "Xavier wants variance 2 / (fan_in + fan_out), so a = sqrt(6 / (fan_in + fan_out)). For W1 "
            "fan_in = d_model and fan_out = d_ff; for W2 it is the other way round.",
            "Draw from the generator you are given: `self.W1 = rng.uniform(-a1, a1, size=(d_model, d_ff))`, "
            "likewise W2, and `self.b1 = np.zeros(d_ff)`, `self.b2 = np.zeros(d_model)`. Using `rng` (not "
            "np.random) is what makes a seed reproduce the same weights.",
        ),
        mistakes=("exact GELU", "ReLU", "He init", "wrong fan", "std used as the bound", "Xavier normal",
                  "nonzero biases", "rng ignored", "W2 tied to W1"),
    ))
