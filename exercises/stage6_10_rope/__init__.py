"""Exercise 6.10: rotary position embeddings (RoPE), in NumPy."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.10",
        title="RoPE: rotary position embeddings",
        track="6",
        kind="implement",
        framework="numpy",
        points=11,
        package=__name__,
        why_it_matters=(
            "RoPE is the position encoding of GPT-NeoX, LLaMA and most open models since; context-extension "
            "methods work by rescaling its frequencies."
        ),
        time_limit=30,
        hints=(
            "Read the last axis of `x` as d/2 two-dimensional points. RoPE turns each point by an angle that "
            "grows with the token's position; turning a point (a, b) by an angle t gives "
            "(a*cos t - b*sin t, a*sin t + b*cos t). Nothing is added to x: lengths stay the same.",
            "One frequency per pair: `theta = base ** (-2 * np.arange(d // 2) / d)` (shape (d/2,)), and one angle "
            "per position and pair: `angle = positions[:, None] * theta` (shape (seq, d/2)). That shape "
            "broadcasts against `(..., seq, d/2)`, so leading batch or head axes need no special code.",
            "Take the two halves of every pair with slices. Interleaved: `a, b = x[..., 0::2], x[..., 1::2]`. "
            "Half: `a, b = x[..., :d//2], x[..., d//2:]`. Set `PAIRING` to the one you wrote, and raise "
            "`ValueError` before slicing when `d % 2 == 1`.",
            "With `cos, sin = np.cos(angle), np.sin(angle)`: `ra = a*cos - b*sin`, `rb = a*sin + b*cos`. Put them "
            "back where a and b came from: half is `np.concatenate([ra, rb], axis=-1)`; interleaved is "
            "`out = np.empty_like(x)` then `out[..., 0::2] = ra; out[..., 1::2] = rb`.",
        ),
        mistakes=("angle not scaled by position", "wrong frequencies", "odd d accepted silently",
                  "rotation in the wrong direction", "pairing declared one way but implemented the other",
                  "positions ignored", "second half computed from overwritten values", "x rotated in place"),
    ))
