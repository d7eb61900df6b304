"""Exercise ta.10: four automatic debug checks, graded on models broken on purpose."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.10",
        title="A debug report for attention models",
        track="ta",
        kind="implement",
        framework="numpy",
        points=11,
        package=__name__,
        after=("ta.1", "ta.2", "ta.9"),
        time_limit=30,
        hints=(
            "Each check compares what the model has with what a sound model must have, computed from "
            "d_model, n_heads and n_layers alone. Never compare the model with itself (model.mask(T) with "
            "model.mask(T), model.kv_cache_bytes with model.kv_cache_bytes): a bug is then invisible.",
            "Shapes: all three of W_q, W_k and W_v must be (d_model, d_model). Heads: n_heads > 0 and "
            "d_model % n_heads == 0 (integer division alone hides the remainder).",
            "Mask: compare `model.mask(T)` with `np.triu(np.ones((T, T), dtype=bool), k=1)` exactly "
            "(`np.array_equal`, which also fails on a wrong shape) for several lengths, short and long "
            "(say 1, 2, 5, 16, 33): a mask can be right on the diagonal, or for short sequences only, and "
            "wrong elsewhere.",
            "KV cache: for a few (B, T), `model.kv_cache_bytes(B, T)` must equal "
            "`2 * B * model.n_layers * T * model.d_model * model.bytes_per`; the 2 counts K and V.",
        ),
        mistakes=("KV estimate without the 2", "only W_q checked", "mask checked above the diagonal only",
                  "mask checked at one short length", "head check that cannot fail", "True means a problem", "negative head count accepted"),
    ))
