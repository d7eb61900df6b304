"""The choice question of ta.7 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_PRE_LN",
        question="GPT-2 and most later models compute x + f(LN(x)) (pre-LN) instead of the original "
                 "LN(x + f(x)) (post-LN). Why?",
        options={
            "a": "Pre-LN is cheaper: it applies one LayerNorm per block instead of one per sublayer, saving a "
                 "normalisation pass in every layer of a deep model.",
            "b": "The residual stream x runs from input to output with nothing normalising it, so the gradient "
                 "keeps an identity path through every layer and deep stacks train stably.",
            "c": "Pre-LN guarantees that the output of every layer has mean 0 and variance 1, so activations "
                 "stay at the same scale at every depth of the stack.",
            "d": "Pre-LN is needed for the causal mask to work: normalising after the residual addition would "
                 "mix statistics across positions and let tokens see the future.",
        },
        answer="b",
        why={
            "a": "both placements use one norm per sublayer; pre-LN only moves it (and usually adds one final "
                 "norm at the top).",
            "b": "right: in post-LN every layer's output passes through a norm, which rescales the gradient on "
                 "its way back; pre-LN leaves x + ... untouched, so d(output)/d(x) contains the identity "
                 "(Xiong et al., 2020).",
            "c": "that is post-LN: pre-LN normalises only what f sees, and the residual stream x + f(...) grows "
                 "freely (hence the final LayerNorm before the output head).",
            "d": "LayerNorm normalises each token's own features, never across positions, and the mask acts "
                 "inside attention on the scores; where the norm sits does not affect it.",
        },
    ),
)
