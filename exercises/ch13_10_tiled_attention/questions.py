"""The choice question of 13.10 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_FLASH_IS_EXACT",
        question="FlashAttention computes softmax(Q K^T / sqrt(d)) V without ever storing the n x n score "
                 "matrix, yet its output equals standard attention (up to floating-point rounding). How?",
        options={
            "a": "It replaces the softmax by a kernel with a low-rank random feature map, so Q K^T is never "
                 "formed, and the approximation error it makes stays far below floating-point rounding.",
            "b": "It keeps only the largest attention weights of each row, found tile by tile, and drops the "
                 "rest, whose total is numerically negligible next to the rounding error.",
            "c": "It stores the score matrix in half precision and in a compressed block format, which fits in "
                 "GPU memory even for long sequences and is decompressed when needed.",
            "d": "The softmax is computed online: per query row it keeps a running max and sum of "
                 "exponentials, rescales what it has accumulated when the max grows, and drops each tile.",
        },
        answer="d",
        why={
            "a": "that is a kernel approximation (Performer, exercise 13.32): linear cost, but NOT exact. "
                 "FlashAttention computes every score exactly; it only never keeps them all at once.",
            "b": "dropping weights is sparse attention, which is approximate; FlashAttention uses every key "
                 "and every weight.",
            "c": "compression still stores n^2 numbers, so memory stays O(n^2); FlashAttention never holds the "
                 "whole matrix at all.",
            "d": "right: softmax's max and normaliser can be accumulated block by block, and rescaling by "
                 "exp(m_old - m_new) makes the result the same sums in a different order (Dao et al., 2022; "
                 "Milakov and Gimelshein, 2018). Memory is O(n) for the output and the row statistics plus "
                 "one tile; the work is still O(n^2 d).",
        },
    ),
)
