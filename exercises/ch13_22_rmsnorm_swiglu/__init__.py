"""Exercise 13.22: RMSNorm and SwiGLU, swapped into the given GPT and retrained with `kata run 13.22`."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.22",
        title="RMSNorm and SwiGLU: swap them into the GPT and retrain (PyTorch)",
        track="13",
        kind="project",
        framework="torch",
        points=15,
        package=__name__,
        after=("6.11", "6.mini"),
        why_it_matters=(
            "LLaMA, Mistral and most open models since 2023 make exactly these two swaps, with RoPE as well."
        ),
        experiment=f"{__name__}.experiment:run",
        time_limit=180,
        hints=(
            "RMSNorm is LayerNorm without the centring and without the bias: divide each feature vector by its "
            "root mean square, then scale by `weight` (ones at the start). SwiGLU is a gated feed-forward network: "
            "one projection decides how much of another gets through.",
            "RMSNorm, over the last axis only: `rms = sqrt(mean(x**2) + eps)`, with eps inside the square root "
            "(so a row of zeros stays finite), and `y = x / rms * weight`. The mean is never subtracted, and the "
            "mean of |x| is not the root mean square.",
            "SwiGLU: `self.gate`, `self.up` (both `nn.Linear(n_embd, hidden, bias=False)`) and `self.down` "
            "(`nn.Linear(hidden, n_embd, bias=False)`). SiLU goes on the gate only: `silu(g) = g * sigmoid(g)`, "
            "which is `F.silu`; a bare sigmoid is the older GLU.",
            "`return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight` and "
            "`return self.down(F.silu(self.gate(x)) * self.up(x))`. `kata run 13.22` then trains the GPT with "
            "LayerNorm + GELU and with your modules, and writes the table and the curves.",
        ),
        mistakes=("RMSNorm subtracts the mean", "eps outside the sqrt", "mean of |x| instead of RMS",
                  "RMSNorm without eps", "sigmoid instead of SiLU", "gate and up swapped"),
    ))
