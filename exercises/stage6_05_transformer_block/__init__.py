"""Exercise 6.5: a pre-norm transformer block, wired from given parts, in NumPy."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.5",
        title="TransformerBlock: wiring a pre-norm block",
        track="6",
        kind="implement",
        framework="numpy",
        points=11,
        package=__name__,
        after=("6.3", "ta.7"),
        why_it_matters=(
            "GPT-2, GPT-3 and LLaMA stack exactly this pre-norm block (LLaMA with RMSNorm and SwiGLU inside, "
            "exercise 13.22)."
        ),
        time_limit=30,
        hints=(
            "A block is two sublayers, attention then the feed-forward network, and each one is wrapped the "
            "same way: normalise, apply the sublayer, add the result back onto what came in.",
            "Pre-norm means the LayerNorm sits *inside* the residual branch, on the sublayer's input; the "
            "residual path itself (the `x` you add back) is never normalised. Each sublayer has its own norm: "
            "`norm1` goes with attention, `norm2` with the FFN.",
            "Only attention mixes positions, so only attention needs the mask: pass it on as "
            "`self.attention.forward(h, mask)`. The FFN works on each position on its own.",
            "Two lines: `x = x + self.attention.forward(self.norm1.forward(x), mask)`, then "
            "`return x + self.ffn.forward(self.norm2.forward(x))`. Write `x = x + ...`, not `x += ...`, "
            "so the caller's array is left alone.",
        ),
        mistakes=("post-norm order", "norm after the sublayer", "one shared norm", "missing second residual",
                  "mask ignored", "in-place residual", "mask replaced by a causal one"),
    ))
