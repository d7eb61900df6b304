"""The choice question of ta.4 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="MORE_HEADS",
        question="d = 512 stays fixed and the number of heads goes from 8 to 16. What happens to the attention "
                 "layer's parameter count?",
        options={
            "a": "It doubles: every head has its own Q, K and V projections.",
            "b": "Nothing: the four d x d projections are the same matrices, only sliced into more, thinner heads.",
            "c": "It halves, because each head gets half as many dimensions.",
            "d": "It grows by 8 * 512, one bias per extra head.",
        },
        answer="b",
        why={
            "a": "each head's projection is a d x d_head slice of the shared d x d matrix; more heads means "
                 "thinner slices, and the slices always add up to d x d.",
            "b": "right: 16 heads of 32 dimensions tile the same 512 x 512 matrices as 8 heads of 64.",
            "c": "fewer dimensions per head, but twice as many heads: the total stays d x d per projection.",
            "d": "the biases are d-vectors per projection, sliced across the heads like the weights.",
        },
    ),
)
