"""The choice question of ta.4 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="MORE_HEADS",
        question="d = 512 stays fixed and the number of heads goes from 8 to 16. What happens to the attention "
                 "layer's parameter count?",
        options={
            "a": "It doubles: each head owns its own Q, K and V projection matrices, so 16 heads hold twice as "
                 "many as 8.",
            "b": "It halves: each of the 16 heads has half as many dimensions as before, so each projection "
                 "holds half the weights.",
            "c": "It grows by 8 x 512: one extra bias vector of size d for each of the 8 new heads, while the "
                 "weights stay the same.",
            "d": "Nothing: the four d x d projections are the same matrices, only sliced into more, thinner "
                 "heads.",
        },
        answer="d",
        why={
            "a": "each head's projection is a d x d_head slice of the shared d x d matrix; more heads means "
                 "thinner slices, and the slices always add up to d x d.",
            "b": "fewer dimensions per head, but twice as many heads: the total stays d x d per projection.",
            "c": "the biases are d-vectors per projection, sliced across the heads like the weights.",
            "d": "right: 16 heads of 32 dimensions tile the same 512 x 512 matrices as 8 heads of 64.",
        },
    ),
)
