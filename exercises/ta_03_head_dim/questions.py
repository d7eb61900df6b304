"""The choice question of ta.3 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="UNEVEN_SPLIT",
        question="Q of shape (T, d_model) is reshaped to (T, n_heads, d_head) to give each head its slice. "
                 "What happens with d_model = 100 and n_heads = 8?",
        options={
            "a": "No even split exists: d_head = 100 // 8 = 12, so the reshape needs 96 features and fails on "
                 "100; code that slices instead silently drops 4 features per token.",
            "b": "NumPy pads the last head with 4 zero features so that the reshape succeeds, and the model "
                 "works with a slightly weaker last head that sees fewer real features.",
            "c": "The last head takes the 4 leftover features (heads of 12, 12, ..., 12 and 16); heads of "
                 "unequal size are combined as usual and work just as well.",
            "d": "It works, but each score is divided by sqrt(12.5) instead of sqrt(12), so the softmax is "
                 "slightly mis-scaled and training becomes numerically unstable.",
        },
        answer="a",
        why={
            "a": "right: the split must be exact, which is why head_dim raises ValueError instead of rounding.",
            "b": "reshape never pads: it fails unless the sizes multiply exactly (100 != 8 * 12).",
            "c": "the heads are one batched computation over an axis of equal slices; unequal heads would need "
                 "separate code paths and concatenation would no longer give back d_model = n_heads * d_head.",
            "d": "a head cannot have 12.5 features; the problem appears before any softmax, in the reshape.",
        },
    ),
)
