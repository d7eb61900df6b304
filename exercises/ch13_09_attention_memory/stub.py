"""Exercise 13.9: the quadratic memory of attention scores. `kata show 13.9` prints the statement."""


def attention_score_bytes(batch, heads, n, bytes_per):
    """Bytes of one layer's attention scores for `batch` sequences of n tokens and `heads` heads."""
    # TODO
    raise NotImplementedError("attention_score_bytes")


# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_IT_DOMINATES = None
