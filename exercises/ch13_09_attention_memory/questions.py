"""The choice question of 13.9 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_IT_DOMINATES",
        question="One layer, batch 1, 32 heads, fp16: the score matrices take 64 GiB at n = 32 768 tokens, far "
                 "more than the 14 GB of a 7-billion-parameter model's weights. Why does this cost dominate "
                 "long contexts?",
        options={
            "a": "It is the only cost that grows with n^2: weights do not depend on n and the other activations "
                 "(and the KV cache) grow like n, so doubling n quadruples the scores.",
            "b": "The number of weights grows with the context length, since each position has its own "
                 "attention parameters, so the whole model gets bigger and slower for longer inputs.",
            "c": "The KV cache holds one n x n matrix per layer and per head of d_k, and it is that cache, kept for "
                 "the whole generation, that fills the GPU memory as n grows.",
            "d": "The exponentials of the softmax overflow for long sequences, so every score must be kept in "
                 "extra-precision copies, and that is what multiplies the memory.",
        },
        answer="a",
        why={
            "a": "right: at n = 32 768 one layer's naive scores are 2^36 bytes, and the next doubling takes it "
                 "to 256 GiB. That is why FlashAttention computes them block by block without storing them.",
            "b": "the parameter count does not depend on n (the weights are the same for 100 or 100 000 "
                 "tokens); it is the activations that grow.",
            "c": "the KV cache stores keys and values, 2 x n x d_k numbers per head and layer: linear in n. The "
                 "n x n scores are recomputed, not cached.",
            "d": "subtracting the row maximum keeps the softmax finite at any length; overflow is a numerical "
                 "issue with a free fix, not a memory cost.",
        },
    ),
)
