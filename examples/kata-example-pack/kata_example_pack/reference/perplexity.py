"""Exercise ex.2: perplexity from token losses (reference solution)."""

import math


def perplexity(losses):
    """exp of the mean per-token loss (natural log); ValueError for an empty sequence."""
    losses = [float(x) for x in losses]
    if not losses:
        raise ValueError("perplexity needs at least one token loss")
    return math.exp(math.fsum(losses) / len(losses))


UNIFORM_PERPLEXITY = "b"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _exp_of_sum(losses):
    losses = list(losses)
    if not losses:
        raise ValueError("empty")
    return math.exp(math.fsum(losses))


def _mean_of_exps(losses):
    losses = list(losses)
    if not losses:
        raise ValueError("empty")
    return math.fsum(math.exp(x) for x in losses) / len(losses)


def _base2(losses):
    losses = list(losses)
    if not losses:
        raise ValueError("empty")
    return 2.0 ** (math.fsum(losses) / len(losses))


def _empty_accepted(losses):
    losses = list(losses)
    return math.exp(math.fsum(losses) / max(len(losses), 1))


MISTAKES = (
    mistake("exp of the sum", "you exponentiate the total loss; perplexity uses the mean loss per token, so it "
            "does not grow with the length of the text", perplexity=_exp_of_sum),
    mistake("mean of the exponentials", "you average exp(loss); perplexity is exp of the average loss "
            "(average first, exponentiate last)", perplexity=_mean_of_exps),
    mistake("base 2", "the losses are natural logs, so the inverse is exp, not 2 ** x", perplexity=_base2),
    mistake("empty accepted", "an empty sequence has no mean: raise ValueError instead of returning a number",
            perplexity=_empty_accepted),
)
