"""The choice question of 13.31 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_NOT_EQUIVALENT",
        question="Why can no choice of weights make a post-norm block compute the same function as a pre-norm "
                 "block for every input?",
        options={
            "a": "They are equivalent: moving the LayerNorm only reparametrises the weights, so matching weights "
                 "always exist, and rounding explains any difference you measure.",
            "b": "They differ only because pre-norm models add one more LayerNorm at the very end of the stack; "
                 "remove it and the two blocks compute the same function.",
            "c": "Post-norm's output is always a LayerNorm output (normalised rows, scaled by gamma, shifted by "
                 "beta), while pre-norm's x + f(LN(x)) carries x's own mean and scale.",
            "d": "They differ only in training speed and stability; for fixed weights their outputs are equal, "
                 "since both add f's output to x and normalise once.",
        },
        answer="c",
        why={
            "a": "no reparametrisation maps one to the other: post-norm's rows are always normalised and then scaled "
                 "by gamma and shifted by beta, pre-norm's follow x; the differences are of order 1, not rounding.",
            "b": "a final LayerNorm does not fix it either: LN(x + f(LN(x))) still differs from LN(x + f(x)) "
                 "because f sees a normalised input in one and the raw x in the other.",
            "c": "right: LN(x + c) = LN(x), so adding a constant c to a row of x shifts pre-norm's output by "
                 "exactly c, while post-norm's output stays bounded by its gamma and beta whatever c is; the two "
                 "functions cannot agree on every input.",
            "d": "training behaviour does differ, but so do the outputs for the same weights: your counterexample "
                 "shows it.",
        },
    ),
)
