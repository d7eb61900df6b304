"""The choice question of 13.12 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHERE_THE_12_COMES_FROM",
        question="Where does the 12 in 12 L d^2 come from?",
        options={
            "a": "From 12 attention heads per layer, each with a d x d projection.",
            "b": "From 4 d x d attention matrices (Q, K, V, output) plus 2 feed-forward matrices of d x 4d, "
                 "which hold 8 d^2 together.",
            "c": "From 4 attention matrices, 4 feed-forward matrices and 4 LayerNorm matrices per layer.",
            "d": "From Q, K and V, each stored for 4 heads.",
        },
        answer="b",
        why={
            "a": "the number of heads does not change the count: the heads split d, and the four projections stay "
                 "d x d whatever h is (GPT-2 medium, the book's size, has 16 heads).",
            "b": "right: 4 d^2 for attention and 2 x (d x 4d) = 8 d^2 for the feed-forward network, because its "
                 "hidden layer is 4d wide.",
            "c": "a LayerNorm holds 2d numbers (gamma and beta), not a d x d matrix, and the estimate leaves them "
                 "out; the feed-forward part is two matrices of d x 4d, not four of d x d.",
            "d": "the number of heads does not enter: Q, K and V are each one d x d projection, split across heads; "
                 "and this forgets the output projection and the feed-forward network.",
        },
    ),
)
