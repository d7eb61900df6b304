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
            "a": "It uses fewer LayerNorms per block, and normalisation is the slowest part of a block on GPUs, "
                 "so large models finish each training step faster.",
            "b": "Normalising before the sublayer keeps the residual stream at unit variance at every depth, so "
                 "activations can never grow and no final LayerNorm is needed.",
            "c": "The residual stream itself is never normalised, so an identity path runs from the loss to the "
                 "first layer: gradients reach early layers undiminished, with no long warm-up.",
            "d": "Post-norm normalises across positions after the residual addition, which lets each token see "
                 "statistics of later tokens, so it cannot be combined with a causal mask in a decoder.",
        },
        answer="c",
        why={
            "a": "both placements use one LayerNorm per sublayer (pre-norm even adds a final one).",
            "b": "the residual stream of a pre-norm model grows with depth and is not normalised; that is why "
                 "GPT-2 added a final LayerNorm before the output head.",
            "c": "right: your grad_norm_by_layer shows it. In post-norm every layer's LayerNorm sits on the "
                 "residual road and rescales the gradient, which compounds over depth (Xiong et al., 2020).",
            "d": "LayerNorm works on each token's features alone, never across positions; masking happens inside "
                 "attention and works with either placement (the 2017 decoder was post-norm and causal).",
        },
    ),
    Choice(
        name="TRADE_OFF",
        question="What does pre-norm give up in exchange for its stable training?",
        options={
            "a": "The residual stream grows with depth, so later layers change it relatively little; tuned "
                 "post-norm models (with warm-up) can reach slightly better quality.",
            "b": "Nothing: given a warm-up schedule, pre-norm matches or beats post-norm at every model size "
                 "and on every task, which is why post-norm has disappeared from practice.",
            "c": "Normalising every sublayer's input needs its own extra gamma and beta, so pre-norm models "
                 "carry noticeably more parameters than post-norm ones.",
            "d": "Its gradients vanish at the first layers of deep stacks, which post-norm avoids by "
                 "renormalising the gradient after each residual addition.",
        },
        answer="a",
        why={
            "a": "right: the stability comes from not normalising the stream, which is also why it grows and "
                 "why each later layer is a smaller relative correction.",
            "b": "there is a trade-off: the un-normalised stream grows, deep layers' contributions shrink "
                 "relative to it, and tuned post-norm can generalise slightly better.",
            "c": "the same LayerNorms, only placed differently: the parameter count is the same (plus one final "
                 "LayerNorm, 2d parameters).",
            "d": "that is post-norm's problem, not pre-norm's: compare your two curves.",
        },
    ),
)
