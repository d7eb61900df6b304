"""Choice questions and facts of 6.3 (declarative, no numpy)."""

from kata.choices import Choice

# model -> (placement, why): NORM_PLACEMENT is checked against these, and the reason is the feedback.
PLACEMENTS = {
    "Transformer (2017)": ("post", "the original Transformer applied LayerNorm after each residual addition, "
                                   "LayerNorm(x + Sublayer(x))"),
    "BERT": ("post", "BERT kept the original Transformer's block, LayerNorm after the residual addition"),
    "GPT-2": ("pre", "GPT-2 moved LayerNorm to the input of each sub-block (unlike GPT-1) and added a final "
                     "LayerNorm after the last block"),
    "GPT-3": ("pre", "GPT-3 uses GPT-2's architecture, LayerNorm at the input of each sub-block"),
    "LLaMA": ("pre", "LLaMA normalises the input of each sub-layer (with RMSNorm), pre-normalisation"),
}

CHOICES = (
    Choice(
        name="WHY_PRE_NORM",
        question="Why has pre-norm become the default for large models?",
        options={
            "a": "It uses fewer LayerNorms per block, and normalisation is the slowest part of a block, so "
                 "large models train faster per step.",
            "b": "The residual stream is never normalised, so an identity road runs from the loss to the first "
                 "layer: gradients reach early layers undiminished and deep stacks train without long warm-ups.",
            "c": "Normalising before the sublayer keeps the residual stream at unit variance at every depth, so "
                 "activations can never grow and no final LayerNorm is needed.",
            "d": "Post-norm normalises across positions after the residual addition, which lets tokens see the "
                 "future, so it cannot be combined with a causal mask.",
        },
        answer="b",
        why={
            "a": "both placements use one LayerNorm per sublayer (pre-norm even adds a final one).",
            "b": "right: your grad_norm_by_layer shows it. In post-norm every layer's LayerNorm sits on the "
                 "residual road and rescales the gradient, which compounds over depth.",
            "c": "the residual stream of a pre-norm model grows with depth and is not normalised; that is why "
                 "GPT-2 added a final LayerNorm before the output head.",
            "d": "LayerNorm works on each token's features alone, never across positions; masking happens inside "
                 "attention and works with either placement (the 2017 decoder was post-norm and causal).",
        },
    ),
    Choice(
        name="TRADE_OFF",
        question="What does pre-norm give up in exchange for its stable training?",
        options={
            "a": "Nothing: with a warm-up schedule, pre-norm matches or beats post-norm at every model size and "
                 "on every task.",
            "b": "Normalising every sublayer's input needs an extra gamma and beta per sublayer, so pre-norm "
                 "models have noticeably more parameters.",
            "c": "Its gradients vanish at the first layers of deep stacks, which post-norm avoids by normalising "
                 "the gradient after each addition.",
            "d": "The residual stream grows with depth, so later layers change it relatively little; tuned "
                 "post-norm models (with warm-up) can reach slightly better quality.",
        },
        answer="d",
        why={
            "a": "there is a trade-off: the un-normalised stream grows, deep layers' contributions shrink "
                 "relative to it, and tuned post-norm can generalise slightly better.",
            "b": "the same LayerNorms, only placed differently: the parameter count is the same (plus one final "
                 "LayerNorm, 2d parameters).",
            "c": "that is post-norm's problem, not pre-norm's: compare your two curves.",
            "d": "right: the stability comes from not normalising the stream, which is also why it grows and "
                 "why each later layer is a smaller relative correction.",
        },
    ),
)
