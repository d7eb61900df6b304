"""The choice question of 13.10 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_FLASH_IS_EXACT",
        question="FlashAttention computes softmax(Q K^T / sqrt(d)) V without ever storing the n x n score "
                 "matrix, yet its output equals standard attention (up to floating-point rounding). How?",
        options={
            "a": "It replaces the softmax by a kernel with a low-rank feature map, so Q K^T is never needed; "
                 "the approximation error is too small to matter.",
            "b": "The softmax can be computed online: per query row it keeps a running maximum and a running "
                 "sum of exponentials, rescales what it has accumulated whenever the maximum grows, and "
                 "discards each tile of scores once used: only the output and two numbers per query row "
                 "persist, O(n) memory.",
            "c": "It keeps only the largest attention weights of each row and drops the rest, which are "
                 "numerically negligible.",
            "d": "It stores the score matrix in half precision and compressed form, which fits in GPU memory "
                 "even for long sequences.",
        },
        answer="b",
        why={
            "a": "that is a kernel approximation (Performer, exercise 13.32): linear cost, but NOT exact. "
                 "FlashAttention computes every score exactly; it only never keeps them all at once.",
            "b": "right: softmax's max and normaliser can be accumulated block by block, and rescaling by "
                 "exp(m_old - m_new) makes the result the same sums in a different order. Memory is O(n) for "
                 "the output and the row statistics plus one tile; the work is still O(n^2 d).",
            "c": "dropping weights is sparse attention, which is approximate; FlashAttention uses every key "
                 "and every weight.",
            "d": "compression still stores n^2 numbers, so memory stays O(n^2); FlashAttention never holds the "
                 "whole matrix at all.",
        },
    ),
)
