"""Exercise 13.9: the memory of the attention score matrix (reference solution)."""


def attention_score_bytes(batch, heads, n, bytes_per):
    """Bytes of the scores (or weights) of one attention layer: one n x n matrix per sequence and head."""
    return batch * heads * n * n * bytes_per


WHY_IT_DOMINATES = "a"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402

MISTAKES = (
    mistake("n instead of n^2", "every query has a score for every key: the matrix is n x n per head, so the "
            "memory grows with n^2, not n", attention_score_bytes=lambda batch, heads, n, bytes_per:
            batch * heads * n * bytes_per),
    mistake("heads forgotten", "each head computes its own n x n score matrix; multiply by the number of heads",
            attention_score_bytes=lambda batch, heads, n, bytes_per: batch * n * n * bytes_per),
    mistake("batch forgotten", "every sequence of the batch has its own score matrices; multiply by the batch size",
            attention_score_bytes=lambda batch, heads, n, bytes_per: heads * n * n * bytes_per),
)
