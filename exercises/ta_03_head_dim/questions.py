"""The choice question of ta.3 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="UNEVEN_SPLIT",
        question="Q of shape (T, d_model) is reshaped to (T, n_heads, d_head) to give each head its slice. "
                 "What happens with d_model = 100 and n_heads = 8?",
        options={
            "a": "NumPy pads the last head with zeros, so it works with a slightly weaker last head.",
            "b": "The last head takes the 4 extra features; heads of unequal size work just as well.",
            "c": "There is no even split: with d_head = 100 // 8 = 12 the reshape needs 96 features and fails on "
                 "100, and code that slices instead would silently drop 4 features of every token.",
            "d": "It works, but the softmax becomes numerically unstable.",
        },
        answer="c",
        why={
            "a": "reshape never pads: it fails unless the sizes multiply exactly (100 != 8 * 12).",
            "b": "the heads are one batched computation over an axis of equal slices; unequal heads would need "
                 "separate code paths and concatenation would no longer give back d_model = n_heads * d_head.",
            "c": "right: the split must be exact, which is why head_dim raises ValueError instead of rounding.",
            "d": "the softmax does not care about the head split; the problem appears before it, in the reshape.",
        },
    ),
)
