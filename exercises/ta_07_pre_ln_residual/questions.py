"""The choice question of ta.7 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_PRE_LN",
        question="GPT-2 and most later models compute x + f(LN(x)) (pre-LN) instead of the original "
                 "LN(x + f(x)) (post-LN). Why?",
        options={
            "a": "The residual stream x goes from the input to the output with nothing normalising it, so the "
                 "gradient has a clean identity path through every layer and deep stacks train stably, "
                 "without a long learning-rate warm-up.",
            "b": "Pre-LN is cheaper: it saves one LayerNorm per layer.",
            "c": "Pre-LN guarantees that the output of every layer has mean 0 and variance 1.",
            "d": "Pre-LN is needed for the causal mask to work.",
        },
        answer="a",
        why={
            "a": "right: in post-LN every layer's output passes through a norm, which rescales the gradient on "
                 "its way back; pre-LN leaves x + ... untouched, so d(output)/d(x) contains the identity.",
            "b": "both placements use the same number of norms per sublayer; pre-LN only moves it "
                 "(and usually adds one final norm at the top).",
            "c": "that is post-LN: pre-LN normalises only what f sees, and the residual stream x + f(...) grows "
                 "freely (hence the final LayerNorm before the output head).",
            "d": "the mask acts inside attention on the scores; where the norm sits does not affect it.",
        },
    ),
)
