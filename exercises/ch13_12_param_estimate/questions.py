"""The choice question of 13.12 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHERE_THE_12_COMES_FROM",
        question="Where does the 12 in 12 L d^2 come from?",
        options={
            "a": "From 12 attention heads per layer, each with its own d x d projection, as in GPT-2 small, "
                 "whose 12 heads give the factor.",
            "b": "From 4 attention matrices, 4 feed-forward matrices and 4 LayerNorm matrices per layer, 4 + 4 + 4 = "
                 "12, each d x d.",
            "c": "From 4 d x d attention matrices (Q, K, V, output) plus 2 feed-forward matrices of d x 4d, "
                 "which hold 8 d^2 together.",
            "d": "From Q, K and V, each stored once for each of 4 heads, so 3 x 4 = 12 matrices of d x d in "
                 "every layer.",
        },
        answer="c",
        why={
            "a": "the number of heads does not change the count: the heads split d, and the four projections stay "
                 "d x d whatever h is (GPT-2 medium, the book's size, has 16 heads and the same 12 d^2).",
            "b": "a LayerNorm holds 2d numbers (gamma and beta), not a d x d matrix, and the estimate leaves them "
                 "out; the feed-forward part is two matrices of d x 4d, not four of d x d.",
            "c": "right: 4 d^2 for attention and 2 x (d x 4d) = 8 d^2 for the feed-forward network, because its "
                 "hidden layer is 4d wide (Kaplan et al., 2020, table 1).",
            "d": "the number of heads does not enter: Q, K and V are each one d x d projection, split across heads; "
                 "and this forgets the output projection and the feed-forward network.",
        },
    ),
)
