"""Exercise 13.30: multi-head attention has 4 d^2 weights for any h (reference solution)."""


def mha_param_breakdown(d, h):
    """One dict per head: the number of weights of its slice of W_q, W_k, W_v and its share of W_o.

    Head j owns the d x d_h column blocks of W_q, W_k, W_v and the d_h x d row block of W_o.
    """
    if h <= 0 or d % h:
        raise ValueError(f"h={h} heads cannot split a width of d={d} evenly")
    d_h = d // h
    return [{"W_q": d * d_h, "W_k": d * d_h, "W_v": d * d_h, "W_o": d_h * d} for _ in range(h)]


REFLECTION = ("Each head owns d x d_h slices of W_q, W_k, W_v and a d_h x d block of W_o: 4 d d_h weights. "
              "h heads give 4 d (h d_h) = 4 d^2, whatever h is.")


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _per_head(q, o, divisibility=True):
    """A breakdown with q(d, d_h) weights in each of W_q, W_k, W_v and o(d, d_h) in W_o, for every head."""
    def breakdown(d, h):
        if divisibility and d % h:
            raise ValueError("uneven")
        d_h = d // h
        return [{"W_q": q(d, d_h), "W_k": q(d, d_h), "W_v": q(d, d_h), "W_o": o(d, d_h)} for _ in range(h)]

    return breakdown


def _full(d, d_h):
    return d * d


def _slice(d, d_h):
    return d * d_h


def _square(d, d_h):
    return d_h * d_h


MISTAKES = (
    mistake("h * 4 d^2", "you give every head full d x d matrices, so the total grows with h (h * 4 d^2). The heads "
            "share the width: each one owns a d x d_h slice, d_h = d / h", mha_param_breakdown=_per_head(_full, _full)),
    mistake("W_o not split", "every head gets the whole d x d output projection; W_o is shared: head j only owns "
            "the d_h rows that read its output, d_h x d", mha_param_breakdown=_per_head(_slice, _full)),
    mistake("d_h^2 per head", "your head slices are d_h x d_h; each head reads the whole d-dimensional input, so "
            "its projections are d x d_h (and its share of W_o is d_h x d)",
            mha_param_breakdown=_per_head(_square, _square)),
    mistake("no divisibility check", "h must divide d: with d % h != 0 the heads cannot split the width evenly, "
            "so raise ValueError instead of rounding d / h down",
            mha_param_breakdown=_per_head(_slice, _slice, divisibility=False)),
)
